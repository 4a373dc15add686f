//! The Action log tab: what was done to the server, by whom, when (Nova's instance actions).

use leptos::prelude::*;

use crate::api::servers::instance_actions::{self, InstanceAction};
use crate::api::servers::Server;
use crate::components::format::{opt_or_none, or_none, when};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::state::clock::use_now;
use crate::state::session::{use_auth, Api};

#[component]
pub fn ActionLog(server: Signal<Server>, id: String) -> impl IntoView {
    let auth = use_auth();
    // Nova bumps `updated` whenever an action changes the server: then the log has news.
    let updated = Memo::new(move |_| server.with(|s| s.updated.clone()));
    let log = LocalResource::new(move || {
        updated.track();
        let id = id.clone();
        auth.call(Api::Compute, move |svc| instance_actions::list(svc, &id), instance_actions::parse_list)
    });
    view! {
        <section class="card action-log" aria-labelledby="action-log-title">
            <div class="card-head">
                <h2 id="action-log-title">"Action log"</h2>
                <button type="button" class="quiet" on:click=move |_| log.refetch()>"Reload"</button>
            </div>
            <Loaded resource=log loading="Loading the action log…" failed="The action log could not be loaded. "
                view=|actions| view! { <ActionTable actions /> } />
        </section>
    }
}

const COLUMNS: [Column; 5] =
    [Column::new("Action"), Column::new("Started"), Column::new("Request ID"), Column::new("User"), Column::new("Message")];

#[component]
fn ActionTable(actions: Vec<InstanceAction>) -> impl IntoView {
    if actions.is_empty() {
        return view! { <p class="muted">"Nothing has been done to this server yet."</p> }.into_any();
    }
    let now = use_now();
    view! {
        <DataTable class="actions-log" columns=COLUMNS>
                {actions.into_iter().map(|a| {
                    let failed = a.message.as_deref().is_some_and(|m| !m.is_empty());
                    let started = a.start_time.clone();
                    view! {
                        <tr class:failed=failed>
                            <td>{or_none(&a.action)}</td>
                            <td>{move || when(&started, now.get())}</td>
                            <td class="mono">{or_none(&a.request_id)}</td>
                            <td>{or_none(&a.user_id)}</td>
                            <td>{opt_or_none(a.message.as_deref())}</td>
                        </tr>
                    }
                }).collect_view()}
        </DataTable>
    }
    .into_any()
}
