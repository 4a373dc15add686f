//! `/servers`: the live server list. Filters, sort and page live in the URL query, so a link
//! reproduces the view; the app's poller keeps the rows current, and each row re-renders
//! only the cells whose values changed.

mod filters;
mod query;
mod row;

use leptos::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

use crate::api::flavors;
use crate::api::images::{self, ImageQuery};
use crate::api::servers::actions::ActionKind;
use crate::api::servers::{ListQuery, Server};
use crate::components::dialog::ConfirmDialog;
use crate::components::format::display_name;
use crate::components::load::failure;
use crate::components::servers::catalogue::label;
use crate::components::table::DataTable;
use crate::state::actions::use_actions;
use crate::state::poller::use_poller;
use crate::state::router::use_router;
use crate::state::servers::use_server_store;
use crate::state::session::{use_auth, Api};
use crate::state::storage;
use filters::{ColumnChooser, Filters};
use query::{quick_match, query_from_params, url_for, PAGE_SIZES};
use row::ServerRow;

const HIDDEN_COLUMNS_KEY: &str = "nephele.servers.hidden-columns";
/// What the toolbar does to the selected servers.
const BATCH: [ActionKind; 4] = [ActionKind::Start, ActionKind::Stop, ActionKind::Reboot, ActionKind::Delete];

#[component]
pub fn ServerListPage() -> impl IntoView {
    let store = use_server_store();
    let poller = use_poller();
    let auth = use_auth();
    let actions = use_actions();
    let router = use_router();
    let params = router.query();
    let query = Memo::new(move |_| params.with(|p| query_from_params(|k| p.get(k))));

    // Tell the store what to show; the poller loads it at once.
    Effect::new(move |_| {
        store.show(query.get());
        poller.reload();
    });
    on_cleanup(move || store.hide());

    // Names for ids: Glance images, and flavors for clouds below microversion 2.47, loaded
    // once per visit. Two signals and a task, not a `LocalResource`: a resource's async
    // machinery for this type weighed ~7 KB of the first load (issue #12). Leaving the page
    // cancels both calls, and a cancelled call never ends, so the task sets nothing then.
    // BTreeMaps, built by `insert`: the first load has that code already (metadata), and a
    // HashMap of strings would add its own, with SipHash (~3 KB).
    let image_names = RwSignal::new(BTreeMap::new());
    let flavor_names = RwSignal::new(BTreeMap::new());
    let q = ImageQuery { limit: Some(1000), ..Default::default() };
    let images = auth.call(Api::Image, move |svc| images::list(svc, &q), images::parse_list);
    let flavors = auth.call(Api::Compute, flavors::list_detail, flavors::parse_list);
    leptos::task::spawn_local(async move {
        let (images, flavors) = futures::join!(images, flavors);
        let images = images.map(|p| p.images).unwrap_or_default();
        image_names.update(|names| {
            for image in &images {
                names.insert(image.id.clone(), image.display_name().to_string());
            }
        });
        flavor_names.update(|names| {
            for flavor in flavors.unwrap_or_default() {
                names.insert(flavor.id, flavor.name);
            }
        });
    });
    let (image_names, flavor_names) = (image_names.read_only(), flavor_names.read_only());

    let quick = RwSignal::new(String::new());
    let selected = RwSignal::new(BTreeSet::<String>::new());
    // The ID column is long and rarely read: hidden until asked for.
    // Stored as a JSON list through `Value`, whose reader the session loads anyway: a
    // `BTreeSet` through serde would link its own (issue #12).
    let hidden = RwSignal::new(match storage::get::<Value>(HIDDEN_COLUMNS_KEY) {
        Some(Value::Array(columns)) => columns.iter().filter_map(Value::as_str).fold(BTreeSet::new(), |mut set, c| {
            set.insert(c.to_string());
            set
        }),
        _ => BTreeSet::from(["id".to_string()]),
    });
    Effect::new(move |_| hidden.with(|h| storage::set_value(HIDDEN_COLUMNS_KEY, &Value::from_iter(h.iter().map(String::as_str)))));
    // Hiding a column is a class on the table: no row re-renders.
    let table_class = move || hidden.with(|h| h.iter().fold("servers".to_string(), |acc, c| format!("{acc} hide-{c}")));

    let visible_rows = move || {
        let needle = quick.get();
        let rows = store.rows.get();
        if needle.trim().is_empty() {
            rows
        } else {
            rows.into_iter().filter(|r| r.server.with(|s| quick_match(s, &needle))).collect()
        }
    };
    let selected_servers = move || {
        let ids = selected.get_untracked();
        store.rows.with_untracked(|rows| {
            rows.iter().filter(|r| ids.contains(&r.id)).map(|r| r.server.get_untracked()).collect::<Vec<_>>()
        })
    };
    let confirm_delete = RwSignal::new(false);
    let batch = move |kind: ActionKind| {
        if kind == ActionKind::Delete {
            confirm_delete.set(true);
        } else {
            actions.run_batch(kind, selected_servers());
        }
    };
    let delete_selected = Callback::new(move |_| {
        actions.run_batch(ActionKind::Delete, selected_servers());
        selected.set(BTreeSet::new());
        confirm_delete.set(false);
    });

    let go = move |q: ListQuery| router.go(&url_for(&q));

    view! {
        <div class="page-head">
            <h1>"Servers"</h1>
            <span class="live" aria-live="polite">
                {move || if store.reconnecting.with(Option::is_none) { "Live" } else { "" }}
            </span>
            <a class="button primary" href="/servers/new">"Create server"</a>
        </div>
        {move || store.reconnecting.get().map(|m| view! { <p class="banner" role="status">"Reconnecting… " {m}</p> })}
        {move || store.notice.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        <Filters query go image_names flavor_names />
        <div class="toolbar">
            <label class="visually-hidden" for="quick-filter">"Quick filter"</label>
            <input id="quick-filter" type="search" placeholder="Quick filter: name, IP, ID…" bind:value=quick />
            <span class="muted small">
                {move || {
                    let n = selected.with(BTreeSet::len);
                    if n == 0 { String::new() } else { format!("{n} selected") }
                }}
            </span>
            {BATCH
                .into_iter()
                .map(|kind| view! {
                    <button type="button" class:danger=kind == ActionKind::Delete
                        disabled=move || selected.with(BTreeSet::is_empty)
                        on:click=move |_| batch(kind)>
                        {format!("{} selected", label(kind))}
                    </button>
                })
                .collect_view()}
            <span class="spacer"></span>
            <ColumnChooser hidden />
        </div>
        <Show when=move || confirm_delete.get()>
            <BatchDeleteConfirm servers=Signal::derive(selected_servers) on_confirm=delete_selected
                on_cancel=Callback::new(move |_| confirm_delete.set(false)) />
        </Show>
        {move || store.error.get().and_then(|e| failure("", &e))}
        <Show
            when=move || store.loaded.get()
            fallback=|| view! { <p class="loading">"Loading servers…"</p> }
        >
            <Show
                when=move || !store.rows.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"No servers match this view."</p> }
            >
                <DataTable class=Signal::derive(table_class) columns=row::columns()>
                    <For each=visible_rows key=|row| row.id.clone() let(row)>
                        <ServerRow row selected image_names flavor_names />
                    </For>
                </DataTable>
            </Show>
        </Show>
        <Pager query go />
    }
}

/// First and next page, and the page size; Nova pages by marker, so there is no "previous".
#[component]
fn Pager<G>(query: Memo<ListQuery>, go: G) -> impl IntoView
where
    G: Fn(ListQuery) + Copy + Send + Sync + 'static,
{
    let store = use_server_store();
    view! {
        <nav class="pager" aria-label="Pages">
            <Show when=move || query.with(|q| !q.marker.is_empty())>
                <button type="button" on:click=move |_| go(ListQuery { marker: String::new(), ..query.get_untracked() })>
                    "First page"
                </button>
            </Show>
            <button type="button" disabled=move || store.next_marker.with(Option::is_none)
                on:click=move |_| {
                    if let Some(marker) = store.next_marker.get_untracked() {
                        go(ListQuery { marker, ..query.get_untracked() });
                    }
                }>"Next page"</button>
            <label for="page-size">"Per page"</label>
            <select id="page-size" on:change=move |ev| {
                let limit = event_target_value(&ev).parse().ok();
                go(ListQuery { limit, marker: String::new(), ..query.get_untracked() });
            }>
                {PAGE_SIZES.iter().map(|n| {
                    let n = *n;
                    view! { <option value=n.to_string() selected=move || query.with(|q| q.limit == Some(n))>{n}</option> }
                }).collect_view()}
            </select>
        </nav>
    }
}

#[component]
fn BatchDeleteConfirm(servers: Signal<Vec<Server>>, on_confirm: Callback<()>, on_cancel: Callback<()>) -> impl IntoView {
    let names = move || servers.with(|s| s.iter().map(|s| format!("\"{}\"", display_name(s))).collect::<Vec<_>>().join(", "));
    let count = move || servers.with(Vec::len);
    view! {
        <ConfirmDialog
            title_id="batch-delete-title"
            title=Signal::derive(move || format!("Delete {} servers?", count()))
            message=Signal::derive(move || format!(
                "Delete {}? Their disks are destroyed: this cannot be undone, unless this cloud keeps \
                 deleted servers for a while (then Restore brings them back).",
                names()
            ))
            confirm=Signal::derive(move || format!("Delete {} servers", count()))
            on_confirm
            on_cancel
        />
    }
}
