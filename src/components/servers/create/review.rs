//! Step 6: everything chosen with what is wrong beside it, the quota after the create, the
//! exact request and the equivalent command line; then Create. A refused create leaves the
//! draft as it was.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::quota;
use crate::api::servers::create::{batch, create_request, parse_create_response, CreateServer, Created, Field, Networks};
use crate::api::servers::parse_list;
use crate::api::servers::create_cli::openstack_cli;
use crate::api::ApiError;
use crate::components::dialog::Dialog;
use crate::components::load::failure;
use crate::components::servers::server_page;
use crate::state::servers::use_server_store;
use crate::state::session::{use_auth, Api, Session};
use crate::state::storage;
use crate::state::router::use_router;

use super::{loaded, use_wizard, FieldErrors, Step, DRAFT_KEY};

/// The draft as the review shows it: the admin password is not put on the screen.
fn shown(draft: &CreateServer) -> CreateServer {
    let admin_pass = if draft.admin_pass.is_empty() { String::new() } else { "********".into() };
    CreateServer { admin_pass, ..draft.clone() }
}

/// The injected files, each as its path and size.
fn files(draft: &CreateServer) -> String {
    let files: Vec<String> = draft.personality.iter().map(|f| format!("{} ({} bytes)", f.path, f.contents.len())).collect();
    if files.is_empty() { "none".into() } else { files.join(", ") }
}

#[component]
pub fn ReviewStep() -> impl IntoView {
    let wizard = use_wizard();
    let auth = use_auth();
    let router = use_router();
    let store = use_server_store();
    let draft = wizard.draft;
    let sending = RwSignal::new(false);
    let refused = RwSignal::new(None::<ApiError>);
    // The password Nova chose, shown once, and where to go after.
    let created = RwSignal::new(None::<(String, String)>);

    let name_of = move |list: Vec<(String, String)>, id: &str| {
        list.into_iter().find(|(k, _)| k == id).map(|(_, name)| name).unwrap_or_else(|| id.to_string())
    };
    let image = move || wizard.image().map(|i| i.display_name().to_string()).unwrap_or_else(|| draft.with(|d| d.image_ref.clone()));
    let flavor = move || wizard.flavor().map(|f| format!("{} ({} vCPUs, {} MiB RAM, {} GiB disk)", f.name, f.vcpus, f.ram, f.disk));
    let networks = move || {
        let names: Vec<(String, String)> =
            loaded(wizard.cloud.networks).into_iter().map(|n| (n.id.clone(), n.display_name().to_string())).collect();
        draft.with(|d| match &d.networks {
            Networks::Auto => "auto".to_string(),
            Networks::NoNetwork => "none".to_string(),
            Networks::Listed(list) if list.is_empty() => "none chosen".to_string(),
            Networks::Listed(list) => list
                .iter()
                .map(|r| {
                    let name = name_of(names.clone(), &r.uuid);
                    if r.fixed_ip.is_empty() { name } else { format!("{name} at {}", r.fixed_ip) }
                })
                .collect::<Vec<_>>()
                .join(", "),
        })
    };
    let groups = move || {
        let names: Vec<(String, String)> =
            loaded(wizard.cloud.security_groups).into_iter().map(|g| (g.id, g.name)).collect();
        draft.with(|d| d.security_groups.iter().map(|id| name_of(names.clone(), id)).collect::<Vec<_>>().join(", "))
    };
    let impact = move || {
        let limits = loaded(wizard.cloud.limits);
        let count = draft.with(|d| d.max_count.max(1));
        wizard.flavor().map(|f| quota::impact(&limits, &f, count)).unwrap_or_default()
    };
    let body = move || {
        let svc = auth.session.with(|s| s.as_ref().map(Session::compute))?;
        let request = draft.with(|d| create_request(&svc, &shown(d), wizard.mv.get()));
        request.body.map(|b| serde_json::to_string_pretty(&b).unwrap_or_default())
    };
    let cli = move || draft.with(|d| openstack_cli(&shown(d)));

    let create = move |_| {
        let (request, mv) = (draft.get_untracked(), wizard.mv.get_untracked());
        sending.set(true);
        refused.set(None);
        spawn_local(async move {
            let answer = auth.call_with_signal(Api::Compute, |svc| create_request(svc, &request, mv), parse_create_response, None).await;
            let next = |id: &str| if request.max_count > 1 { "/servers".to_string() } else { server_page(id) };
            match answer {
                Ok(Created::Server { id, admin_pass }) => {
                    sending.set(false);
                    storage::remove(DRAFT_KEY);
                    store.created.set(vec![id.clone()]);
                    match admin_pass {
                        Some(pass) => created.set(Some((pass, next(&id)))),
                        None => router.go(&next(&id)),
                    }
                }
                Ok(Created::Reservation { reservation_id }) => {
                    storage::remove(DRAFT_KEY);
                    // The list marks the batch's servers; were they not found, it still lists them.
                    let found = auth.call_with_signal(Api::Compute, |svc| batch(svc, &reservation_id), parse_list, None).await;
                    sending.set(false);
                    store.created.set(found.map(|page| page.servers.into_iter().map(|s| s.id).collect()).unwrap_or_default());
                    router.go("/servers");
                }
                Err(e) => {
                    sending.set(false);
                    refused.set(Some(e));
                }
            }
        });
    };

    let line = move |label: &'static str, step: Step, field: Option<Field>, value: Signal<String>| {
        view! {
            <div class="review-line">
                <dt>{label}</dt>
                <dd>
                    <span>{value}</span>
                    " " <a href=step.url() class="small">"Change"</a>
                    {field.map(|field| view! { <FieldErrors field /> })}
                </dd>
            </div>
        }
    };
    let text = |f: fn(&CreateServer) -> String| Signal::derive(move || draft.with(f));
    let or_none = |s: String| if s.is_empty() { "none".to_string() } else { s };
    let item_errors = move || {
        wizard.errors.with(|errors| {
            errors.iter().filter(|e| e.item.is_some()).map(|e| e.message.clone()).collect::<Vec<_>>()
        })
    };

    view! {
        <dl class="review">
            {line("Image", Step::Image, Some(Field::Image), Signal::derive(image))}
            {line("Flavor", Step::Flavor, Some(Field::Flavor), Signal::derive(move || flavor().unwrap_or_else(|| "none chosen".into())))}
            {line("Networks", Step::Network, Some(Field::Networks), Signal::derive(networks))}
            {line("Security groups", Step::Network, None, Signal::derive(move || or_none(groups())))}
            {line("Key pair", Step::Access, None, text(|d| if d.key_name.is_empty() { "none".into() } else { d.key_name.clone() }))}
            {line("Admin password", Step::Access, None, text(|d| if d.admin_pass.is_empty() { "chosen by Nova, if at all".into() } else { "set".into() }))}
            {line("Config drive", Step::Access, None, text(|d| if d.config_drive { "yes".into() } else { "no".into() }))}
            {line("Name", Step::Details, Some(Field::Name), text(|d| d.name.clone()))}
            {line("Count", Step::Details, Some(Field::Count), text(|d| d.max_count.to_string()))}
            {line("Description", Step::Details, Some(Field::Description), text(|d| d.description.clone()))}
            {line("Tags", Step::Details, Some(Field::Tags), text(|d| d.tags.join(", ")))}
            {line("Access IPv4", Step::Details, Some(Field::AccessIpv4), text(|d| d.access_ipv4.clone()))}
            {line("Access IPv6", Step::Details, Some(Field::AccessIpv6), text(|d| d.access_ipv6.clone()))}
            {line("Metadata", Step::Details, Some(Field::Metadata), text(|d| d.metadata.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")))}
            {line("User data", Step::Details, Some(Field::UserData), text(|d| format!("{} bytes", d.user_data.len())))}
            {line("Injected files", Step::Details, Some(Field::Personality), text(files))}
            {line("Compute API version", Step::Details, None, Signal::derive(move || wizard.mv.get().to_string()))}
        </dl>
        {move || {
            let errors = item_errors();
            (!errors.is_empty()).then(|| view! {
                <div class="review-items">
                    <p>"Entries that need a change:"</p>
                    <ul>{errors.into_iter().map(|e| view! { <li role="alert" class="error">{e}</li> }).collect_view()}</ul>
                </div>
            })
        }}
        <h3>"Quota after the create"</h3>
        <ul class="impact">
            {move || impact().into_iter().map(|i| {
                let fits = i.fits();
                view! { <li class:over=!fits>{i.plain_words()}{(!fits).then(|| " (over the quota)")}</li> }
            }).collect_view()}
        </ul>
        <details>
            <summary>"The request (JSON)"</summary>
            <pre class="request-body">{body}</pre>
        </details>
        <details>
            <summary>"The same with the openstack command"</summary>
            <pre class="cli">{cli}</pre>
        </details>
        {move || refused.get().and_then(|e| failure("The server was not created. ", &e))}
        <p class="create-row">
            <button type="button" class="primary" id="create-server"
                disabled=move || sending.get() || wizard.errors.with(|e| !e.is_empty())
                on:click=create>
                {move || if sending.get() { "Creating…" } else { "Create" }}
            </button>
            {move || wizard.errors.with(|e| !e.is_empty()).then(|| view! {
                <span class="muted small">" Fix what is marked above to create."</span>
            })}
        </p>
        {move || created.get().map(|(pass, next)| view! { <AdminPassDialog pass next /> })}
    }
}

/// Nova's chosen admin password, shown this once.
#[component]
fn AdminPassDialog(pass: String, next: String) -> impl IntoView {
    let router = use_router();
    let go = Callback::new(move |_| router.go(&next));
    view! {
        <Dialog title_id="admin-pass-title" title="The server's admin password" on_close=go>
            <p>"Nova shows this password only now, and the panel keeps no copy. Copy it before you go on."</p>
            <p><code class="secret" id="admin-pass-once">{pass}</code></p>
            <div class="dialog-buttons">
                <button type="button" class="primary" on:click=move |_| go.run(())>"Continue"</button>
            </div>
        </Dialog>
    }
}
