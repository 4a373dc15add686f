//! `/servers/:id`: one server in full. It is loaded once, then kept live by the app's single
//! poller through `store.watched`; every action is offered with the reason when Nova would
//! refuse it. Tabs: the overview, the console log (and a console URL), and the action log.
//! Everything the API says is rendered as text.

use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;
use std::time::Duration;

use crate::api::images;
use crate::api::servers::actions::ActionKind;
use crate::api::servers::instance_actions::{self, InstanceAction};
use crate::api::servers::states::availability;
use crate::api::servers::{self, console, Address, Fault, Server};
use crate::api::versions::{supports, Feature};
use crate::api::{encode_component, ApiError};
use crate::components::format::{display_name, opt_or_none, or_none, server_flavor_size, state_words, when, NONE};
use crate::components::servers::actions::ActionButton;
use crate::components::servers::catalogue::{refusal_words, Group};
use crate::components::servers::status::{power_state_name, status_info, StatusBadge};
use crate::state::servers::{use_server_store, Row};
use crate::state::session::use_auth;
use crate::state::transport::abort_signal_for_owner;

/// Nova lists a security group once per port; each name once is what a reader wants.
pub fn security_group_names(server: &Server) -> String {
    let mut names: Vec<&str> = server.security_groups.iter().map(|g| g.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        "None".into()
    } else {
        names.join(", ")
    }
}

/// The console length field: empty asks for the whole log.
pub fn parse_length(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(format!(
            "\"{text}\" is not a number of lines. Enter a whole number above 0, or leave it empty for the whole log."
        )),
    }
}

/// Why Nova gave no console URL, in words for someone who only wanted to see the screen.
pub fn console_refusal(e: &ApiError) -> String {
    match e {
        ApiError::BadRequest(m) | ApiError::NotFound(m) if m.to_lowercase().contains("console") => format!(
            "This cloud does not offer a browser console (noVNC) for this server; its operators have not \
             enabled one. Nova said: {m}"
        ),
        ApiError::Http { status: 501, message } => format!(
            "This cloud's hypervisor cannot provide a browser console for this server. Nova said: {message}"
        ),
        ApiError::Conflict(m) => format!("The server cannot give a console in its current state. Nova said: {m}"),
        e => format!("No console URL: {}", e.plain_words()),
    }
}

/// A console URL is only made a link when it is a web address (never `javascript:` or `data:`).
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[component]
pub fn ServerDetailPage() -> impl IntoView {
    let auth = use_auth();
    let store = use_server_store();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let abort = abort_signal_for_owner();
    // The row's signal must outlive the load's future: give it to this page's owner.
    let owner = Owner::current();

    let load = LocalResource::new(move || {
        let (id, abort, owner) = (id.get(), abort.clone(), owner.clone());
        async move {
            let server = auth.compute_call(|svc| servers::get(svc, &id), servers::parse_one, abort.as_ref()).await?;
            if abort.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
                return Err(ApiError::Aborted);
            }
            let row = match &owner {
                Some(owner) => owner.with(|| Row::new(server)),
                None => Row::new(server),
            };
            store.watched.set(Some(row));
            store.watched_gone.set(false);
            Ok(())
        }
    });
    on_cleanup(move || {
        store.watched.set(None);
        store.watched_gone.set(false);
    });

    // The watched row, once it is this page's server.
    let row = move || store.watched.get().filter(|r| r.id == id.get());
    let gone = move || store.watched_gone.get() && row().is_some();

    view! {
        <p class="crumbs"><a href="/servers">"← Servers"</a></p>
        <Transition fallback=|| view! { <p class="loading">"Loading the server…"</p> }>
            {move || {
                load.get().map(|result| match result {
                    Err(ApiError::NotFound(_)) => view! { <Gone id=id.get_untracked() name=None /> }.into_any(),
                    Err(ApiError::Aborted) => ().into_any(),
                    Err(e) => view! {
                        <h1>"Server"</h1>
                        <p role="alert" class="error">{format!("The server could not be loaded. {}", e.plain_words())}</p>
                        <p><button type="button" on:click=move |_| load.refetch()>"Try again"</button></p>
                    }
                    .into_any(),
                    Ok(()) => {
                        (move || {
                            if gone() {
                                let name = row().map(|r| r.server.with_untracked(display_name));
                                return view! { <Gone id=id.get_untracked() name /> }.into_any();
                            }
                            match row() {
                                Some(row) => view! { <ServerView server=row.server.into() /> }.into_any(),
                                None => view! { <p class="loading">"Loading the server…"</p> }.into_any(),
                            }
                        })
                        .into_any()
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn Gone(id: String, name: Option<String>) -> impl IntoView {
    view! {
        <div class="gone">
            <h1>{name.unwrap_or_else(|| "Server".into())}</h1>
            <p role="alert" class="error">"This server no longer exists (deleted)."</p>
            <p class="muted">{format!("ID {id}")}</p>
            <p><a href="/servers">"Back to the servers"</a></p>
        </div>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Overview,
    Console,
    Actions,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Overview, Tab::Console, Tab::Actions];

    fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Console => "Console log",
            Tab::Actions => "Action log",
        }
    }

    fn dom_id(self) -> &'static str {
        match self {
            Tab::Overview => "tab-overview",
            Tab::Console => "tab-console",
            Tab::Actions => "tab-actions",
        }
    }
}

#[component]
fn ServerView(server: Signal<Server>) -> impl IntoView {
    let tab = RwSignal::new(Tab::Overview);
    let server_id = server.with_untracked(|s| s.id.clone());
    view! {
        <Header server />
        <div class="actions-bar grouped" role="group" aria-label="Server actions">
            {Group::ALL
                .into_iter()
                .map(|group| view! {
                    <div class="action-group" role="group" aria-label=group.label()>
                        {group.kinds().map(|kind| view! { <ActionButton kind server /> }).collect_view()}
                    </div>
                })
                .collect_view()}
        </div>
        <Tabs tab />
        <div class="tabpanel" role="tabpanel" id="detail-panel" aria-labelledby=move || tab.get().dom_id()>
            {move || match tab.get() {
                Tab::Overview => view! { <Overview server /> }.into_any(),
                Tab::Console => view! { <ConsoleTab server id=server_id.clone() /> }.into_any(),
                Tab::Actions => view! { <ActionLog server id=server_id.clone() /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Header(server: Signal<Server>) -> impl IntoView {
    let auth = use_auth();
    let lock = Memo::new(move |_| {
        let known = supports(auth.microversion(), Feature::LockedAttribute);
        server.with(|s| (known && s.locked == Some(true)).then(|| s.locked_reason.clone().filter(|r| !r.is_empty())))
    });
    view! {
        <div class="detail-head">
            <h1>{move || server.with(display_name)}</h1>
            <StatusBadge server />
            <span class="power" title="The hypervisor's view of the server">
                {move || format!("Power: {}", server.with(|s| power_state_name(s.power_state)))}
            </span>
            {move || lock.get().map(|reason| view! {
                <span class="lock" title="Locked servers refuse changes until unlocked">
                    <span class="lock-icon" aria-hidden="true"></span>
                    {match reason {
                        Some(reason) => format!("Locked: {reason}"),
                        None => "Locked".to_string(),
                    }}
                </span>
            })}
        </div>
    }
}

#[component]
fn Tabs(tab: RwSignal<Tab>) -> impl IntoView {
    let refs: [NodeRef<html::Button>; 3] = [NodeRef::new(), NodeRef::new(), NodeRef::new()];
    // Arrow keys move between tabs, as the WAI-ARIA tabs pattern has it.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let current = Tab::ALL.iter().position(|t| *t == tab.get_untracked()).unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % Tab::ALL.len(),
            "ArrowLeft" => (current + Tab::ALL.len() - 1) % Tab::ALL.len(),
            "Home" => 0,
            "End" => Tab::ALL.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        tab.set(Tab::ALL[next]);
        if let Some(button) = refs[next].get() {
            let _ = button.focus();
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label="Server details" on:keydown=on_key>
            {Tab::ALL
                .into_iter()
                .zip(refs)
                .map(|(t, node_ref)| view! {
                    <button type="button" role="tab" id=t.dom_id() node_ref=node_ref
                        aria-controls="detail-panel"
                        aria-selected=move || (tab.get() == t).to_string()
                        tabindex=move || if tab.get() == t { "0" } else { "-1" }
                        on:click=move |_| tab.set(t)>
                        {t.label()}
                    </button>
                })
                .collect_view()}
        </div>
    }
}

/// A `dt`/`dd` pair whose value follows the server.
fn fact(label: &'static str, value: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    view! {
        <dt>{label}</dt>
        <dd>{value}</dd>
    }
}

/// A reactive text from the server.
fn text(server: Signal<Server>, f: fn(&Server) -> String) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    move || server.with(f)
}

#[component]
fn Overview(server: Signal<Server>) -> impl IntoView {
    let auth = use_auth();
    let now = RwSignal::new(auth.cloud_now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(auth.cloud_now()), Duration::from_secs(30)) {
        on_cleanup(move || handle.clear());
    }
    let time = move |f: fn(&Server) -> String| move || when(&server.with(f), now.get());

    let fault = Memo::new(move |_| server.with(|s| s.fault.clone()));
    let id = server.with_untracked(|s| s.id.clone());

    view! {
        {move || fault.get().map(|fault| view! { <FaultCard fault /> })}
        <div class="facts">
            <section class="card" aria-labelledby="facts-ids">
                <h2 id="facts-ids">"Identity"</h2>
                <dl class="kv">
                    {fact("Name", text(server, |s| or_none(&s.name)))}
                    {fact("ID", text(server, |s| s.id.clone()))}
                    {fact("User", text(server, |s| or_none(&s.user_id)))}
                    {fact("Project", text(server, |s| or_none(&s.tenant_id)))}
                    {fact("Description", text(server, |s| opt_or_none(s.description.as_deref())))}
                </dl>
            </section>
            <section class="card" aria-labelledby="facts-state">
                <h2 id="facts-state">"State"</h2>
                <dl class="kv">
                    {fact("Status", text(server, |s| format!("{} ({})", status_info(&s.status).label, or_none(&s.status))))}
                    {fact("Task", text(server, |s| or_none(&state_words(s.task_state.as_deref().unwrap_or_default()))))}
                    {fact("VM state", text(server, |s| or_none(&state_words(s.vm_state.as_deref().unwrap_or_default()))))}
                    {fact("Power state", text(server, |s| power_state_name(s.power_state).to_string()))}
                    {fact("Locked", text(server, |s| match s.locked {
                        Some(true) => match s.locked_reason.as_deref().filter(|r| !r.is_empty()) {
                            Some(reason) => format!("Yes: {reason}"),
                            None => "Yes".into(),
                        },
                        Some(false) => "No".into(),
                        None => "Not reported (compute API before 2.9)".into(),
                    }))}
                    {fact("Host status", text(server, |s| opt_or_none(s.host_status.as_deref())))}
                </dl>
            </section>
            <FlavorCard server />
            <ImageCard server />
            <section class="card" aria-labelledby="facts-access">
                <h2 id="facts-access">"Access and placement"</h2>
                <dl class="kv">
                    {fact("Key pair", text(server, |s| opt_or_none(s.key_name.as_deref())))}
                    {fact("Availability zone", text(server, |s| opt_or_none(s.availability_zone.as_deref())))}
                    {fact("Host ID", text(server, |s| or_none(&s.host_id)))}
                    {fact("Access IPv4", text(server, |s| or_none(&s.access_ipv4)))}
                    {fact("Access IPv6", text(server, |s| or_none(&s.access_ipv6)))}
                    {fact("Config drive", text(server, |s| if s.has_config_drive() { "Yes".into() } else { "No".into() }))}
                    {fact("Security groups", text(server, security_group_names))}
                    {fact("Tags", text(server, |s| if s.tags.is_empty() { "None".into() } else { s.tags.join(", ") }))}
                </dl>
            </section>
            <section class="card" aria-labelledby="facts-times">
                <h2 id="facts-times">"Times"</h2>
                <dl class="kv">
                    {fact("Created", time(|s| s.created.clone()))}
                    {fact("Updated", time(|s| s.updated.clone()))}
                    {fact("Launched", time(|s| s.launched_at.clone().unwrap_or_default()))}
                    {fact("Terminated", time(|s| s.terminated_at.clone().unwrap_or_default()))}
                </dl>
            </section>
        </div>
        <Addresses server />
        <Metadata server id />
    }
}

#[component]
fn FaultCard(fault: Fault) -> impl IntoView {
    let auth = use_auth();
    let details = fault.details.clone().filter(|d| !d.trim().is_empty());
    view! {
        <section class="card fault" aria-labelledby="fault-title">
            <h2 id="fault-title">"Fault: why the last operation failed"</h2>
            <dl class="kv">
                <dt>"Code"</dt>
                <dd>{fault.code.to_string()}</dd>
                <dt>"Message"</dt>
                <dd>{or_none(&fault.message)}</dd>
                <dt>"Created"</dt>
                <dd>{when(&fault.created, auth.cloud_now())}</dd>
            </dl>
            {details.map(|d| view! {
                <details>
                    <summary>"Details"</summary>
                    <pre>{d}</pre>
                </details>
            })}
        </section>
    }
}

#[component]
fn FlavorCard(server: Signal<Server>) -> impl IntoView {
    let auth = use_auth();
    let embedded = move || supports(auth.microversion(), Feature::EmbeddedFlavor);
    let extra_specs = Memo::new(move |_| server.with(|s| s.flavor.extra_specs.clone()));
    view! {
        <section class="card" aria-labelledby="facts-flavor">
            <h2 id="facts-flavor">"Flavor"</h2>
            <dl class="kv">
                {move || if embedded() {
                    view! {
                        {fact("Name", text(server, |s| opt_or_none(s.flavor.name.as_deref())))}
                        {fact("Size", text(server, |s| server_flavor_size(s).unwrap_or_else(|| NONE.into())))}
                    }
                    .into_any()
                } else {
                    view! { {fact("Flavor ID", text(server, |s| opt_or_none(s.flavor.id.as_deref())))} }.into_any()
                }}
                {move || {
                    let specs = extra_specs.get();
                    (!specs.is_empty()).then(|| view! {
                        <dt>"Extra specs"</dt>
                        <dd>
                            <ul class="plain">
                                {specs.into_iter().map(|(k, v)| view! { <li>{format!("{k} = {v}")}</li> }).collect_view()}
                            </ul>
                        </dd>
                    })
                }}
            </dl>
        </section>
    }
}

#[component]
fn ImageCard(server: Signal<Server>) -> impl IntoView {
    let auth = use_auth();
    let abort = abort_signal_for_owner();
    let image_id = Memo::new(move |_| server.with(Server::image_id));
    let image = LocalResource::new(move || {
        let (id, abort) = (image_id.get(), abort.clone());
        async move {
            match id {
                Some(id) => Some(auth.image_call(|svc| images::get(svc, &id), images::parse_one, abort.as_ref()).await),
                None => None,
            }
        }
    });
    view! {
        <section class="card" aria-labelledby="facts-image">
            <h2 id="facts-image">"Image"</h2>
            <dl class="kv">
                <dt>"Image"</dt>
                <dd>
                    // Its own boundary, so the page never waits for Glance.
                    <Transition fallback=|| view! { <span class="loading">"Loading…"</span> }>
                        {move || match image_id.get() {
                            None => Some(view! { <span>"Booted from volume"</span> }.into_any()),
                            Some(_) => image.get().map(|found| match found {
                                Some(Ok(img)) => view! { <span>{img.display_name().to_string()}</span> }.into_any(),
                                Some(Err(ApiError::Aborted)) | None => ().into_any(),
                                Some(Err(e)) => view! {
                                    <span class="muted">{format!("Name unavailable. {}", e.plain_words())}</span>
                                }
                                .into_any(),
                            }),
                        }}
                    </Transition>
                </dd>
                {fact("Image ID", move || image_id.get().unwrap_or_else(|| NONE.into()))}
            </dl>
        </section>
    }
}

#[component]
fn Addresses(server: Signal<Server>) -> impl IntoView {
    let addresses = Memo::new(move |_| {
        server.with(|s| s.all_addresses().into_iter().map(|(net, a)| (net.to_string(), a.clone())).collect::<Vec<(String, Address)>>())
    });
    view! {
        <section class="card wide" aria-labelledby="facts-addresses">
            <h2 id="facts-addresses">"Addresses"</h2>
            {move || {
                let all = addresses.get();
                if all.is_empty() {
                    return view! { <p class="muted">"The server has no addresses."</p> }.into_any();
                }
                view! {
                    <table class="addresses">
                        <thead>
                            <tr>
                                <th scope="col">"Network"</th>
                                <th scope="col">"Address"</th>
                                <th scope="col">"Version"</th>
                                <th scope="col">"Type"</th>
                                <th scope="col">"MAC"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {all.into_iter().map(|(net, a)| view! {
                                <tr>
                                    <td>{net}</td>
                                    <td class="mono">{a.addr}</td>
                                    <td>{format!("IPv{}", a.version)}</td>
                                    <td>{opt_or_none(a.kind.as_deref())}</td>
                                    <td class="mono">{opt_or_none(a.mac.as_deref())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn Metadata(server: Signal<Server>, id: String) -> impl IntoView {
    let metadata = Memo::new(move |_| server.with(|s| s.metadata.clone()));
    let edit = format!("/servers/{}/metadata", encode_component(&id));
    view! {
        <section class="card wide" aria-labelledby="facts-metadata">
            <div class="card-head">
                <h2 id="facts-metadata">"Metadata"</h2>
                <a href=edit>"Edit metadata"</a>
            </div>
            {move || metadata_table(metadata.get())}
        </section>
    }
}

fn metadata_table(metadata: BTreeMap<String, String>) -> AnyView {
    if metadata.is_empty() {
        return view! { <p class="muted">"No metadata."</p> }.into_any();
    }
    view! {
        <table class="metadata">
            <thead>
                <tr>
                    <th scope="col">"Key"</th>
                    <th scope="col">"Value"</th>
                </tr>
            </thead>
            <tbody>
                {metadata.into_iter().map(|(k, v)| view! {
                    <tr>
                        <td class="mono">{k}</td>
                        <td>{v}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ConsoleTab(server: Signal<Server>, id: String) -> impl IntoView {
    let auth = use_auth();
    let abort = abort_signal_for_owner();
    let id = StoredValue::new(id);
    let length = RwSignal::new("100".to_string());
    let input_error = RwSignal::new(None::<String>);
    let unavailable = move || server.with(|s| availability(ActionKind::ConsoleOutput, s, auth.microversion()).err().map(|r| refusal_words(&r)));

    let log_abort = abort.clone();
    let log = Action::new_local(move |length: &Option<u32>| {
        let (length, abort, id) = (*length, log_abort.clone(), id.get_value());
        async move {
            auth.compute_call(
                |svc| console::output(svc, &id, length),
                console::parse_output,
                abort.as_ref(),
            )
            .await
        }
    });
    let url = Action::new_local(move |_: &()| {
        let (abort, id) = (abort.clone(), id.get_value());
        async move {
            auth.compute_call(
                |svc| console::remote(svc, &id),
                console::parse_remote,
                abort.as_ref(),
            )
            .await
        }
    });

    let load = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_length(&length.get_untracked()) {
            Ok(n) => {
                input_error.set(None);
                log.dispatch(n);
            }
            Err(e) => input_error.set(Some(e)),
        }
    };

    view! {
        <section class="card console-log" aria-labelledby="console-title">
            <h2 id="console-title">"Console log"</h2>
            <form class="console-controls" on:submit=load>
                <label for="console-length">"Lines"</label>
                <input type="number" id="console-length" min="1" inputmode="numeric"
                    aria-describedby="console-length-hint"
                    prop:value=move || length.get()
                    on:input=move |ev| length.set(event_target_value(&ev)) />
                <button type="submit" class="primary" disabled=move || unavailable().is_some() || log.pending().get()>
                    {move || if log.pending().get() { "Loading…" } else { "Load" }}
                </button>
                <span id="console-length-hint" class="muted small">"The last lines of the log; leave empty for all of it."</span>
            </form>
            {move || unavailable().map(|why| view! { <p class="muted">{why}</p> })}
            {move || input_error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
            {move || log.value().get().map(|result| match result {
                Ok(output) if output.is_empty() => view! { <p class="muted">"The console log is empty."</p> }.into_any(),
                Ok(output) => view! { <pre class="console" tabindex="0" aria-label="Console output">{output}</pre> }.into_any(),
                Err(ApiError::Aborted) => ().into_any(),
                Err(e) => view! {
                    <p role="alert" class="error">{format!("The console log could not be read. {}", e.plain_words())}</p>
                }
                .into_any(),
            })}
        </section>
        <section class="card console-url" aria-labelledby="console-url-title">
            <h2 id="console-url-title">"Graphical console"</h2>
            <p class="muted">"Ask Nova for a one-time address of the server's screen (noVNC), to open in a new tab."</p>
            <button type="button" on:click=move |_| { url.dispatch(()); } disabled=move || url.pending().get()>
                {move || if url.pending().get() { "Asking Nova…" } else { "Get console URL" }}
            </button>
            {move || url.value().get().map(|result| match result {
                Ok(link) if is_web_url(&link) => view! {
                    <p class="console-link">
                        "Console: "
                        <a href=link.clone() target="_blank" rel="noopener noreferrer">{link.clone()}</a>
                    </p>
                }
                .into_any(),
                Ok(link) => view! {
                    <p role="alert" class="error">
                        {format!("Nova answered with an address that is not a web page, so the panel will not open it: {link}")}
                    </p>
                }
                .into_any(),
                Err(ApiError::Aborted) => ().into_any(),
                Err(e) => view! { <p role="alert" class="error">{console_refusal(&e)}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn ActionLog(server: Signal<Server>, id: String) -> impl IntoView {
    let auth = use_auth();
    let abort = abort_signal_for_owner();
    // Nova bumps `updated` whenever an action changes the server: then the log has news.
    let updated = Memo::new(move |_| server.with(|s| s.updated.clone()));
    let log = LocalResource::new(move || {
        updated.track();
        let (id, abort) = (id.clone(), abort.clone());
        async move {
            auth.compute_call(|svc| instance_actions::list(svc, &id), instance_actions::parse_list, abort.as_ref()).await
        }
    });
    view! {
        <section class="card action-log" aria-labelledby="action-log-title">
            <div class="card-head">
                <h2 id="action-log-title">"Action log"</h2>
                <button type="button" class="quiet" on:click=move |_| log.refetch()>"Reload"</button>
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading the action log…"</p> }>
                {move || log.get().map(|result| match result {
                    Ok(actions) => view! { <ActionTable actions /> }.into_any(),
                    Err(ApiError::Aborted) => ().into_any(),
                    Err(e) => view! {
                        <p role="alert" class="error">{format!("The action log could not be loaded. {}", e.plain_words())}</p>
                    }
                    .into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ActionTable(actions: Vec<InstanceAction>) -> impl IntoView {
    let auth = use_auth();
    if actions.is_empty() {
        return view! { <p class="muted">"Nothing has been done to this server yet."</p> }.into_any();
    }
    let now = auth.cloud_now();
    view! {
        <table class="actions-log">
            <thead>
                <tr>
                    <th scope="col">"Action"</th>
                    <th scope="col">"Started"</th>
                    <th scope="col">"Request ID"</th>
                    <th scope="col">"User"</th>
                    <th scope="col">"Message"</th>
                </tr>
            </thead>
            <tbody>
                {actions.into_iter().map(|a| {
                    let failed = a.message.as_deref().is_some_and(|m| !m.is_empty());
                    view! {
                        <tr class:failed=failed>
                            <td>{or_none(&a.action)}</td>
                            <td>{when(&a.start_time, now)}</td>
                            <td class="mono">{or_none(&a.request_id)}</td>
                            <td>{or_none(&a.user_id)}</td>
                            <td>{opt_or_none(a.message.as_deref())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::servers::SecurityGroupName;

    #[test]
    fn console_length_is_a_positive_count_or_everything() {
        assert_eq!(parse_length("100"), Ok(Some(100)));
        assert_eq!(parse_length(" "), Ok(None));
        assert!(parse_length("0").is_err());
        assert!(parse_length("-5").unwrap_err().contains("\"-5\""));
        assert!(parse_length("ten").is_err());
    }

    #[test]
    fn console_refusals_read_plainly() {
        let no_console = ApiError::BadRequest("Unavailable console type novnc.".into());
        assert!(console_refusal(&no_console).starts_with("This cloud does not offer a browser console"));
        assert!(console_refusal(&no_console).ends_with("Nova said: Unavailable console type novnc."));
        let unsupported = ApiError::Http { status: 501, message: "Unable to get vnc console".into() };
        assert!(console_refusal(&unsupported).contains("hypervisor cannot provide"));
        let busy = ApiError::Conflict("Instance not yet ready".into());
        assert!(console_refusal(&busy).contains("current state"));
        assert!(console_refusal(&ApiError::Forbidden("policy".into())).starts_with("No console URL: Not allowed"));
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert!(is_web_url("http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3Dx"));
        assert!(is_web_url("HTTPS://console.example.com/"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("data:text/html,hi"));
    }

    #[test]
    fn security_groups_are_named_once() {
        let names = |list: &[&str]| Server {
            security_groups: list.iter().map(|n| SecurityGroupName { name: n.to_string() }).collect(),
            ..Default::default()
        };
        assert_eq!(security_group_names(&names(&["default", "web", "default"])), "default, web");
        assert_eq!(security_group_names(&names(&[])), "None");
    }

}
