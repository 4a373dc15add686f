//! Step 4: how to get into the server: a key pair, an admin password, a config drive.

use leptos::prelude::*;

use crate::components::fields::{Binding, CheckboxField, SelectField, TextField};

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
    view! {
        {load_failure("The key pairs", wizard.cloud.keypairs)}
        <SelectField id="keypair" label="Key pair" value=wizard.bind(|d| &d.key_name, |d, v| d.key_name = v)
            options=keys empty="No key pair" />
        <p class="hint">
            "cloud-init puts the key pair's public key into the server. "
            <a href="/keypairs">"Create or import a key pair"</a>
            " (this draft is kept; come back here afterwards)."
        </p>
        <TextField id="admin-pass" label="Admin password (optional)" kind="password" autocomplete="new-password"
            value=wizard.bind(|d| &d.admin_pass, |d, v| d.admin_pass = v)
            hint="Left empty, Nova may set one and show it once after the create. It is never saved in this draft." />
        <CheckboxField label="Config drive: give the server its metadata on a disk instead of the metadata service"
            value=config_drive />
    }
}
