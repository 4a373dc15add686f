//! `/keypairs`: the user's key pairs (name, type, fingerprint, the public key to read and
//! copy), the shared form that creates or imports one, and delete after a confirmation.

use leptos::prelude::*;

use crate::api::keypairs::{self, KeyPair, KeyType};
use crate::api::ApiError;
use crate::components::dialog::ConfirmDialog;
use crate::components::keypair_form::KeyPairForm;
use crate::components::load::{failure, Loaded};
use crate::components::table::{Column, DataTable};
use crate::state::session::{use_auth, Api, Auth};
use crate::state::toasts::use_toasts;

/// Every key pair of the user, following Nova's pages (2.35+) to the end.
async fn load_all(auth: Auth) -> Result<Vec<KeyPair>, ApiError> {
    let mut all = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let from = marker.clone();
        let page = auth.call(Api::Compute, move |svc| keypairs::list(svc, from.as_deref()), keypairs::parse_list).await?;
        all.extend(page.keypairs);
        match page.next_marker {
            Some(next) if Some(&next) != marker.as_ref() => marker = Some(next),
            _ => return Ok(all),
        }
    }
}

#[component]
pub fn KeypairsPage() -> impl IntoView {
    let auth = use_auth();
    let toasts = use_toasts();
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        load_all(auth)
    });
    let form_open = RwSignal::new(false);
    let deleting = RwSignal::new(None::<String>);
    let delete_failure = RwSignal::new(None::<ApiError>);

    let on_created = Callback::new(move |_: KeyPair| reload.update(|n| *n += 1));
    // Not cancelled with the confirmation dialog that starts it (it closes at once).
    let delete = Action::new_local(move |name: &String| {
        let name = name.clone();
        async move {
            auth.call_with_signal(Api::Compute, |svc| keypairs::delete(svc, &name), keypairs::parse_deleted, None).await?;
            Ok::<_, ApiError>(name)
        }
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(name)) => {
            delete_failure.set(None);
            toasts.info(format!("Key pair \"{name}\" deleted."));
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => delete_failure.set(Some(e)),
        None => {}
    });

    view! {
        <div class="page-head">
            <h1>"Key pairs"</h1>
            <button type="button" class="primary" aria-expanded=move || form_open.get().to_string()
                aria-controls="keypair-new" on:click=move |_| form_open.update(|o| *o = !*o)>
                {move || if form_open.get() { "Close the form" } else { "New key pair" }}
            </button>
        </div>
        <p class="muted">"The SSH public keys (and x509 certificates) Nova can put into new servers, so you can log in to them."</p>
        <section id="keypair-new" class="card keypair-new" hidden=move || !form_open.get()>
            <h2>"New key pair"</h2>
            <KeyPairForm on_created />
        </section>
        {move || delete_failure.get().and_then(|e| failure("The key pair could not be deleted. ", &e))}
        <Loaded resource=list loading="Loading key pairs…" failed="The key pairs could not be loaded. "
            view={move |pairs: Vec<KeyPair>| view! { <KeyPairTable pairs deleting /> }} />
        {move || deleting.get().map(|name| {
            let title = format!("Delete key pair \"{name}\"?");
            let message = format!(
                "Servers that already have \"{name}\" keep the key in them; new servers can no longer get it. \
                 Nova cannot bring a deleted key pair back."
            );
            let confirm = format!("Delete {name}");
            view! {
                <ConfirmDialog title_id="keypair-delete-title" title message confirm
                    on_confirm=Callback::new(move |_| {
                        delete.dispatch(name.clone());
                        deleting.set(None);
                    })
                    on_cancel=Callback::new(move |_| deleting.set(None)) />
            }
        })}
    }
}

const COLUMNS: [Column; 4] = [
    Column::new("Name").class("col-name"),
    Column::new("Type").class("col-type"),
    Column::new("Fingerprint").class("col-fingerprint"),
    Column::new("Actions").class("col-actions").visually_hidden(),
];

fn type_name(kind: KeyType) -> &'static str {
    match kind {
        KeyType::Ssh => "SSH",
        KeyType::X509 => "x509",
    }
}

#[component]
fn KeyPairTable(pairs: Vec<KeyPair>, deleting: RwSignal<Option<String>>) -> impl IntoView {
    if pairs.is_empty() {
        return view! {
            <p class="empty">"You have no key pairs yet. Create one, or import the public key you already use."</p>
        }
        .into_any();
    }
    view! {
        <DataTable class="keypairs" columns=COLUMNS>
            <For each=move || pairs.clone() key=|p| p.name.clone() let:pair>
                <KeyPairRow pair deleting />
            </For>
        </DataTable>
    }
    .into_any()
}

#[component]
fn KeyPairRow(pair: KeyPair, deleting: RwSignal<Option<String>>) -> impl IntoView {
    let toasts = use_toasts();
    let name = pair.name.clone();
    let key = pair.public_key.clone();
    let copy = move |_| {
        let key = key.clone();
        let clipboard = window().navigator().clipboard();
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&key)).await {
                Ok(_) => toasts.info("Public key copied."),
                Err(_) => toasts.error("The browser did not allow copying; select the key and copy it yourself."),
            }
        });
    };
    let delete_label = format!("Delete {name}");
    view! {
        <tr>
            <th scope="row" class="col-name">{pair.name.clone()}</th>
            <td class="col-type">{type_name(pair.kind)}</td>
            <td class="col-fingerprint mono">{pair.fingerprint.clone()}</td>
            <td class="col-actions">
                <details class="public-key">
                    <summary>"Public key"</summary>
                    <pre class="key">{pair.public_key.clone()}</pre>
                    <button type="button" on:click=copy>"Copy"</button>
                </details>
                <button type="button" class="danger" aria-label=delete_label
                    on:click=move |_| deleting.set(Some(name.clone()))>"Delete"</button>
            </td>
        </tr>
    }
}
