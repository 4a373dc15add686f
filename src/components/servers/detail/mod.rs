//! `/servers/:id`: one server in full. It is loaded once, then kept live by the app's single
//! poller through the store's watched row; every action is offered with the reason when Nova
//! would refuse it. Tabs: the overview, the console log (and a console URL), and the action
//! log. Everything the API says is rendered as text.

mod console;
mod history;
mod overview;

use leptos::prelude::*;

use crate::api::servers::{self, Server};
use crate::api::versions::{supports, Feature};
use crate::api::{encode_component, ApiError};
use crate::components::format::display_name;
use crate::components::load::failure;
use crate::components::servers::actions::ActionButton;
use crate::components::servers::catalogue::Group;
use crate::components::servers::status::{power_state_name, StatusBadge};
use crate::components::tabs::{Tab, TabStrip};
use crate::state::router::use_router;
use crate::state::servers::use_server_store;
use crate::state::session::{use_auth, Api};

#[component]
pub fn ServerDetailPage() -> impl IntoView {
    let auth = use_auth();
    let store = use_server_store();
    let id = use_router().id();

    let load = LocalResource::new(move || {
        let id = id.get();
        let get = auth.call(Api::Compute, move |svc| servers::get(svc, &id), servers::parse_one);
        async move { get.await.map(|server| store.watch(server)) }
    });
    on_cleanup(move || store.unwatch());

    // The watched row, once it is this page's server.
    let row = move || store.watched.get().filter(|r| r.id == id.get());
    let gone = move || store.watched_gone.get() && row().is_some();

    view! {
        <p class="crumbs"><a href="/servers">"← Servers"</a></p>
        <Transition fallback=|| view! { <p class="loading">"Loading the server…"</p> }>
            {move || {
                load.get().map(|result| match result {
                    Err(ApiError::NotFound(_)) => view! { <Gone id=id.get_untracked() name=None /> }.into_any(),
                    Err(e) => failure("The server could not be loaded. ", &e).map(|alert| view! {
                        <h1>"Server"</h1>
                        {alert}
                        <p><button type="button" on:click=move |_| load.refetch()>"Try again"</button></p>
                    }).into_any(),
                    Ok(()) => (move || {
                        if gone() {
                            let name = row().map(|r| r.server.with_untracked(display_name));
                            return view! { <Gone id=id.get_untracked() name /> }.into_any();
                        }
                        match row() {
                            Some(row) => view! { <ServerView server=row.signal() /> }.into_any(),
                            None => view! { <p class="loading">"Loading the server…"</p> }.into_any(),
                        }
                    })
                    .into_any(),
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
enum Section {
    Overview,
    Console,
    History,
}

const TABS: [Tab<Section>; 3] = [
    Tab { value: Section::Overview, label: "Overview", id: "tab-overview" },
    Tab { value: Section::Console, label: "Console log", id: "tab-console" },
    Tab { value: Section::History, label: "Action log", id: "tab-actions" },
];

#[component]
fn ServerView(server: Signal<Server>) -> impl IntoView {
    let section = RwSignal::new(Section::Overview);
    let id = server.with_untracked(|s| s.id.clone());
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
        <TabStrip tabs=&TABS selected=section label="Server details" panel="detail-panel">
            {
                let id = id.clone();
                move || match section.get() {
                    Section::Overview => view! { <overview::Overview server /> }.into_any(),
                    Section::Console => view! { <console::ConsoleTab server id=id.clone() /> }.into_any(),
                    Section::History => view! { <history::ActionLog server id=id.clone() /> }.into_any(),
                }
            }
        </TabStrip>
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
            <a class="button" href=move || server.with(|s| format!("/servers/new?like={}", encode_component(&s.id)))>
                "Create another like this"
            </a>
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
