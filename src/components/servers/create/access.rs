//! Step 4: how to get into the server: a key pair (chosen, or created or imported right here),
//! an admin password, a config drive.

use leptos::prelude::*;

use crate::api::keypairs::KeyPair;
use crate::components::fields::{Binding, CheckboxField, SelectField, TextField};
use crate::components::keypair_form::KeyPairForm;

use super::{load_failure, loaded, use_wizard};

#[component]
pub fn AccessStep() -> impl IntoView {
    let wizard = use_wizard();
    let draft = wizard.draft;
    let keys = Signal::derive(move || {
        loaded(wizard.cloud.keypairs).into_iter().map(|k| (k.name.clone(), k.name)).collect::<Vec<_>>()
    });
    let config_drive = Binding::new(
        move || draft.with(|d| d.config_drive.to_string()),
        move |v| draft.update(|d| d.config_drive = v == "true"),
    );
    let form_open = RwSignal::new(false);
    // The new pair is this server's key; the list is read again so that it is one of the choices.
    let on_created = Callback::new(move |pair: KeyPair| {
        draft.update(|d| d.key_name = pair.name);
        wizard.cloud.keypairs.refetch();
    });
    view! {
        {load_failure("The key pairs", wizard.cloud.keypairs)}
        <SelectField id="keypair" label="Key pair" value=wizard.bind(|d| &d.key_name, |d, v| d.key_name = v)
            options=keys empty="No key pair" />
        <p class="hint">"cloud-init puts the key pair's public key into the server."</p>
        <button type="button" aria-expanded=move || form_open.get().to_string() aria-controls="keypair-new"
            on:click=move |_| form_open.update(|o| *o = !*o)>
            {move || if form_open.get() { "Close the key pair form" } else { "New key pair" }}
        </button>
        <section id="keypair-new" class="card keypair-new" hidden=move || !form_open.get()>
            <h3>"New key pair"</h3>
            <KeyPairForm on_created on_done=Callback::new(move |_| form_open.set(false)) />
        </section>
        <TextField id="admin-pass" label="Admin password (optional)" kind="password" autocomplete="new-password"
            value=wizard.bind(|d| &d.admin_pass, |d, v| d.admin_pass = v)
            hint="Left empty, Nova may set one and show it once after the create. It is never saved in this draft." />
        <CheckboxField label="Config drive: give the server its metadata on a disk instead of the metadata service"
            value=config_drive />
    }
}
