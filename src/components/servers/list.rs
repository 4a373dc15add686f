//! `/servers`: the live server list. Filters, sort and page live in the URL query, so a link
//! reproduces the view; the app's poller keeps the rows current, and each row re-renders
//! only the cells whose values changed.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::{BTreeSet, HashMap};

use crate::api::images::{self, ImageQuery};
use crate::api::servers::actions::ActionKind;
use crate::api::servers::{ListQuery, Server, ALL_STATUSES};
use crate::api::{flavors, query_string, time};
use crate::components::format::{age_of, flavor_size};
use crate::components::servers::catalogue::label;
use crate::components::servers::status::{power_state_name, status_info};
use crate::components::servers::actions::{run_batch, ActionMenu};
use crate::components::servers::status::StatusBadge;
use crate::state::poller::use_poller;
use crate::state::servers::{use_server_store, Row};
use crate::state::session::use_auth;
use crate::state::storage;

pub const PAGE_SIZES: [u32; 5] = [25, 50, 100, 200, 500];
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// Nova sort keys a person would sort by, with their labels.
const SORT_KEYS: [(&str, &str); 5] = [
    ("created_at", "Created"),
    ("updated_at", "Updated"),
    ("display_name", "Name"),
    ("vm_state", "State"),
    ("availability_zone", "Availability zone"),
];

/// Optional columns: (key, label). Name, status and actions always show.
const COLUMNS: [(&str, &str); 9] = [
    ("power", "Power"),
    ("image", "Image"),
    ("flavor", "Flavor"),
    ("ips", "IP addresses"),
    ("key", "Key pair"),
    ("az", "Zone"),
    ("locked", "Locked"),
    ("age", "Age"),
    ("id", "ID"),
];
const HIDDEN_COLUMNS_KEY: &str = "nephele.servers.hidden-columns";

/// The list query a URL's parameters describe.
pub fn query_from_params(get: impl Fn(&str) -> Option<String>) -> ListQuery {
    let text = |k: &str| get(k).unwrap_or_default();
    let limit = get("limit").and_then(|l| l.parse().ok()).filter(|l| PAGE_SIZES.contains(l)).unwrap_or(DEFAULT_PAGE_SIZE);
    ListQuery {
        name: text("name"),
        status: text("status"),
        image: text("image"),
        flavor: text("flavor"),
        changes_since: text("changes-since"),
        sort_key: text("sort_key"),
        sort_dir: text("sort_dir"),
        limit: Some(limit),
        marker: text("marker"),
    }
}

/// The URL of a view.
pub fn url_for(q: &ListQuery) -> String {
    // The default page size is left out to keep links short.
    let default_limit = Some(DEFAULT_PAGE_SIZE.to_string());
    let params: Vec<_> = q.params().into_iter().filter(|(k, v)| !(*k == "limit" && Some(v) == default_limit.as_ref())).collect();
    format!("/servers{}", query_string(&params))
}

/// Does `server` match the quick filter (name, id, IP, key pair; case-insensitive)?
pub fn quick_match(server: &Server, needle: &str) -> bool {
    let needle = needle.trim().to_lowercase();
    needle.is_empty()
        || server.name.to_lowercase().contains(&needle)
        || server.id.starts_with(&needle)
        || server.key_name.as_deref().is_some_and(|k| k.to_lowercase().contains(&needle))
        || server.addresses.values().flatten().any(|a| a.addr.contains(&needle))
}

fn flavor_text(server: &Server, flavor_names: &HashMap<String, String>) -> (String, String) {
    let f = &server.flavor;
    let name = f
        .name
        .clone()
        .or_else(|| f.id.as_ref().and_then(|id| flavor_names.get(id).cloned()))
        .or_else(|| f.id.clone())
        .unwrap_or_default();
    let size = match (f.vcpus, f.ram, f.disk) {
        (Some(c), Some(r), Some(d)) => flavor_size(c, r, d, f.ephemeral.unwrap_or(0), f.swap.unwrap_or(0)),
        _ => String::new(),
    };
    (name, size)
}

#[component]
pub fn ServerListPage() -> impl IntoView {
    let store = use_server_store();
    let poller = use_poller();
    let auth = use_auth();
    let params = use_query_map();
    let navigate = use_navigate();
    let query = Memo::new(move |_| params.with(|p| query_from_params(|k| p.get(k))));

    // Tell the poller what to show; it loads the view at once.
    let reload = poller.clone();
    Effect::new(move |_| {
        let q = query.get();
        store.loaded.set(false);
        store.notice.set(None);
        store.error.set(None);
        store.view.set(Some(q));
        reload.reload();
    });
    on_cleanup(move || store.view.set(None));

    // Names for ids: Glance images, and flavors for clouds below microversion 2.47.
    let images = LocalResource::new(move || async move {
        let q = ImageQuery { limit: Some(1000), ..Default::default() };
        auth.image_call(|svc| images::list(svc, &q), images::parse_list, None).await.map(|p| p.images).unwrap_or_default()
    });
    let flavors = LocalResource::new(move || async move {
        auth.compute_call(flavors::list_detail, flavors::parse_list, None).await.unwrap_or_default()
    });
    let image_names = Memo::new(move |_| {
        images.get().unwrap_or_default().into_iter().map(|i| (i.id.clone(), i.display_name().to_string())).collect::<HashMap<_, _>>()
    });
    let flavor_names = Memo::new(move |_| {
        flavors.get().unwrap_or_default().into_iter().map(|f| (f.id, f.name)).collect::<HashMap<_, _>>()
    });

    let quick = RwSignal::new(String::new());
    let selected = RwSignal::new(BTreeSet::<String>::new());
    // The ID column is long and rarely read: hidden until asked for.
    let hidden = RwSignal::new(
        storage::get::<BTreeSet<String>>(HIDDEN_COLUMNS_KEY).unwrap_or_else(|| BTreeSet::from(["id".to_string()])),
    );
    Effect::new(move |_| hidden.with(|h| storage::set(HIDDEN_COLUMNS_KEY, h)));
    // Hiding a column is a class on the table: no row re-renders.
    let table_class = move || {
        hidden.with(|h| h.iter().fold("servers".to_string(), |acc, c| format!("{acc} hide-{c}")))
    };

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
            run_batch(kind, selected_servers());
        }
    };

    let go = {
        let navigate = navigate.clone();
        move |q: ListQuery| navigate(&url_for(&q), Default::default())
    };
    let go_next = go.clone();
    let go_first = go.clone();
    let go_size = go.clone();

    view! {
        <div class="page-head">
            <h1>"Servers"</h1>
            <span class="live" aria-live="polite">
                {move || if store.reconnecting.with(Option::is_none) { "Live" } else { "" }}
            </span>
        </div>
        {move || store.reconnecting.get().map(|m| view! { <p class="banner" role="status">"Reconnecting… " {m}</p> })}
        {move || store.notice.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        <Filters query go=go.clone() image_names flavor_names />
        <div class="toolbar">
            <label class="visually-hidden" for="quick-filter">"Quick filter"</label>
            <input id="quick-filter" type="search" placeholder="Quick filter: name, IP, ID…" bind:value=quick />
            <span class="muted small">
                {move || {
                    let n = selected.with(BTreeSet::len);
                    if n == 0 { String::new() } else { format!("{n} selected") }
                }}
            </span>
            {[ActionKind::Start, ActionKind::Stop, ActionKind::Reboot, ActionKind::Delete]
                .into_iter()
                .map(|kind| {
                    let batch = batch.clone();
                    view! {
                        <button type="button" class:danger=kind == ActionKind::Delete
                            disabled=move || selected.with(BTreeSet::is_empty)
                            on:click=move |_| batch(kind)>
                            {format!("{} selected", label(kind))}
                        </button>
                    }
                })
                .collect_view()}
            <span class="spacer"></span>
            <ColumnChooser hidden />
        </div>
        <Show when=move || confirm_delete.get()>
            <BatchDeleteConfirm servers=Signal::derive(selected_servers) open=confirm_delete selected />
        </Show>
        {move || store.error.get().map(|e| view! { <p role="alert" class="error">{e.plain_words()}</p> })}
        <Show
            when=move || store.loaded.get()
            fallback=|| view! { <p class="loading">"Loading servers…"</p> }
        >
            <Show
                when=move || !store.rows.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"No servers match this view."</p> }
            >
                <table class=table_class>
                    <thead>
                        <tr>
                            <th scope="col"><span class="visually-hidden">"Select"</span></th>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Status"</th>
                            {COLUMNS.iter().map(|(key, label)| view! { <th scope="col" class=format!("col-{key}")>{*label}</th> }).collect_view()}
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=visible_rows key=|row| row.id.clone() let(row)>
                            <ServerRow row selected image_names flavor_names />
                        </For>
                    </tbody>
                </table>
            </Show>
        </Show>
        <nav class="pager" aria-label="Pages">
            <Show when=move || query.with(|q| !q.marker.is_empty())>
                <button type="button" on:click={
                    let go = go_first.clone();
                    move |_| go(ListQuery { marker: String::new(), ..query.get_untracked() })
                }>"First page"</button>
            </Show>
            <button type="button" disabled=move || store.next_marker.with(Option::is_none)
                on:click={
                    let go = go_next.clone();
                    move |_| {
                        if let Some(marker) = store.next_marker.get_untracked() {
                            go(ListQuery { marker, ..query.get_untracked() });
                        }
                    }
                }>"Next page"</button>
            <label for="page-size">"Per page"</label>
            <select id="page-size" on:change=move |ev| {
                let limit = event_target_value(&ev).parse().ok();
                go_size(ListQuery { limit, marker: String::new(), ..query.get_untracked() });
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
fn ServerRow(
    row: Row,
    selected: RwSignal<BTreeSet<String>>,
    image_names: Memo<HashMap<String, String>>,
    flavor_names: Memo<HashMap<String, String>>,
) -> impl IntoView {
    let auth = use_auth();
    let server: Signal<Server> = row.server.into();
    // One memo per cell: a poll that changes the status re-renders the status cell only.
    let name = Memo::new(move |_| server.with(|s| s.name.clone()));
    let power = Memo::new(move |_| server.with(|s| power_state_name(s.power_state)));
    let image = Memo::new(move |_| {
        server.with(|s| match s.image_id() {
            None => "Booted from volume".to_string(),
            Some(id) => image_names.with(|names| names.get(&id).cloned().unwrap_or(id)),
        })
    });
    let flavor = Memo::new(move |_| server.with(|s| flavor_names.with(|names| flavor_text(s, names))));
    let ips = Memo::new(move |_| {
        server.with(|s| {
            s.addresses
                .iter()
                .map(|(net, addrs)| (net.clone(), addrs.iter().map(|a| a.addr.clone()).collect::<Vec<_>>().join(", ")))
                .collect::<Vec<_>>()
        })
    });
    let key = Memo::new(move |_| server.with(|s| s.key_name.clone().unwrap_or_default()));
    let az = Memo::new(move |_| server.with(|s| s.availability_zone.clone().unwrap_or_default()));
    let locked = Memo::new(move |_| server.with(|s| s.locked.unwrap_or(false).then(|| s.locked_reason.clone().unwrap_or_default())));
    let created = Memo::new(move |_| server.with(|s| s.created.clone()));
    let age = move || {
        age_of(&created.get(), auth.cloud_now())
    };
    let id = row.id.clone();
    let is_selected = {
        let id = id.clone();
        Memo::new(move |_| selected.with(|s| s.contains(&id)))
    };
    let toggle = {
        let id = id.clone();
        move |ev| {
            let on = event_target_checked(&ev);
            selected.update(|s| {
                if on {
                    s.insert(id.clone());
                } else {
                    s.remove(&id);
                }
            });
        }
    };
    view! {
        <tr class:selected=is_selected data-server-id=id.clone()>
            <td>
                <input type="checkbox" prop:checked=is_selected on:change=toggle
                    aria-label=move || format!("Select {}", name.get()) />
            </td>
            <td class="name">
                <a href=format!("/servers/{id}")>{name}</a>
            </td>
            <td class="status"><StatusBadge server /></td>
            <td class="col-power">{power}</td>
            <td class="col-image">{image}</td>
            <td class="col-flavor">
                {move || flavor.with(|(n, _)| n.clone())}
                <span class="sub">{move || flavor.with(|(_, size)| size.clone())}</span>
            </td>
            <td class="col-ips">
                <ul class="ips">
                    {move || ips.get().into_iter().map(|(net, addrs)| view! {
                        <li><span class="net">{net}": "</span>{addrs}</li>
                    }).collect_view()}
                </ul>
            </td>
            <td class="col-key">{key}</td>
            <td class="col-az">{az}</td>
            <td class="col-locked">
                {move || locked.get().map(|reason| view! { <span class="lock" title=reason>"Locked"</span> })}
            </td>
            <td class="col-age" title=created>{age}</td>
            <td class="col-id mono small">{id.clone()}</td>
            <td><ActionMenu server /></td>
        </tr>
    }
}

#[component]
fn Filters<G>(
    query: Memo<ListQuery>,
    go: G,
    image_names: Memo<HashMap<String, String>>,
    flavor_names: Memo<HashMap<String, String>>,
) -> impl IntoView
where
    G: Fn(ListQuery) + Clone + 'static,
{
    let q = query.get_untracked();
    let name = RwSignal::new(q.name);
    let status = RwSignal::new(q.status);
    let image = RwSignal::new(q.image);
    let flavor = RwSignal::new(q.flavor);
    let since = RwSignal::new(q.changes_since);
    let sort_key = RwSignal::new(q.sort_key);
    let sort_dir = RwSignal::new(q.sort_dir);
    let problem = RwSignal::new(None::<String>);
    // Follow the URL when it changes from outside (back button, a pasted link).
    Effect::new(move |_| {
        let q = query.get();
        name.set(q.name);
        status.set(q.status);
        image.set(q.image);
        flavor.set(q.flavor);
        since.set(q.changes_since);
        sort_key.set(q.sort_key);
        sort_dir.set(q.sort_dir);
    });
    let apply = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let since_text = since.get_untracked().trim().to_string();
            if !since_text.is_empty() && time::parse_rfc3339(&since_text).is_none() {
                problem.set(Some(format!(
                    "\"{since_text}\" is not a date and time. Use the form 2026-11-23T21:00:00Z."
                )));
                return;
            }
            problem.set(None);
            go(ListQuery {
                name: name.get_untracked().trim().to_string(),
                status: status.get_untracked(),
                image: image.get_untracked(),
                flavor: flavor.get_untracked(),
                changes_since: since_text,
                sort_key: sort_key.get_untracked(),
                sort_dir: sort_dir.get_untracked(),
                marker: String::new(),
                ..query.get_untracked()
            });
        }
    };
    let clear = move |_| go(ListQuery { limit: query.get_untracked().limit, ..Default::default() });
    view! {
        <form class="filters" on:submit=apply aria-label="Filter servers">
            <div>
                <label for="filter-name">"Name (regular expression)"</label>
                <input id="filter-name" type="text" bind:value=name />
            </div>
            <div>
                <label for="filter-status">"Status"</label>
                <select id="filter-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="" selected=move || status.with(String::is_empty)>"Any"</option>
                    {ALL_STATUSES.iter().map(|s| view! {
                        <option value=*s selected=move || status.with(|v| v == s)>{status_info(s).label}</option>
                    }).collect_view()}
                </select>
            </div>
            <NamedChoice id="filter-image" label="Image" value=image names=image_names />
            <NamedChoice id="filter-flavor" label="Flavor" value=flavor names=flavor_names />
            <div>
                <label for="filter-since">"Changed since (UTC)"</label>
                <input id="filter-since" type="text" placeholder="2026-11-23T21:00:00Z" bind:value=since />
            </div>
            <div>
                <label for="sort-key">"Sort by"</label>
                <select id="sort-key" on:change=move |ev| sort_key.set(event_target_value(&ev))>
                    <option value="" selected=move || sort_key.with(String::is_empty)>"Default (newest)"</option>
                    {SORT_KEYS.iter().map(|(k, label)| view! {
                        <option value=*k selected=move || sort_key.with(|v| v == k)>{*label}</option>
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label for="sort-dir">"Order"</label>
                <select id="sort-dir" on:change=move |ev| sort_dir.set(event_target_value(&ev))>
                    <option value="" selected=move || sort_dir.with(String::is_empty)>"Default"</option>
                    <option value="asc" selected=move || sort_dir.with(|v| v == "asc")>"Ascending"</option>
                    <option value="desc" selected=move || sort_dir.with(|v| v == "desc")>"Descending"</option>
                </select>
            </div>
            <div class="actions">
                <button type="submit" class="primary">"Apply filters"</button>
                <button type="button" on:click=clear>"Clear"</button>
            </div>
            {move || problem.get().map(|p| view! { <p role="alert" class="error">{p}</p> })}
        </form>
    }
}

#[component]
fn ColumnChooser(hidden: RwSignal<BTreeSet<String>>) -> impl IntoView {
    view! {
        <details class="columns">
            <summary class="button">"Columns ▾"</summary>
            <div class="popup">
                {COLUMNS.iter().map(|(key, label)| {
                    let key = key.to_string();
                    let shown = { let key = key.clone(); move || hidden.with(|h| !h.contains(&key)) };
                    view! {
                        <label>
                            <input type="checkbox" prop:checked=shown on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                hidden.update(|h| { if on { h.remove(&key); } else { h.insert(key.clone()); } });
                            } />
                            {*label}
                        </label>
                    }
                }).collect_view()}
            </div>
        </details>
    }
}

/// A filter `<select>` over named ids (images, flavors), sorted by name, "Any" first.
#[component]
fn NamedChoice(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    names: Memo<HashMap<String, String>>,
) -> impl IntoView {
    let choices = move || {
        let mut v: Vec<(String, String)> = names.with(|n| n.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    };
    view! {
        <div>
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.with(String::is_empty)>"Any"</option>
                {move || choices().into_iter().map(|(id, n)| {
                    let sel = id.clone();
                    view! { <option value=id selected=move || value.with(|v| *v == sel)>{n}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn BatchDeleteConfirm(servers: Signal<Vec<Server>>, open: RwSignal<bool>, selected: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let names = move || servers.with(|s| s.iter().map(|s| format!("\"{}\"", s.name)).collect::<Vec<_>>().join(", "));
    let count = move || servers.with(Vec::len);
    view! {
        <div class="overlay" on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="batch-delete-title">
                <h2 id="batch-delete-title">{move || format!("Delete {} servers?", count())}</h2>
                <p class="confirm">{move || format!(
                    "Delete {}? Their disks are destroyed: this cannot be undone, unless this cloud keeps \
                     deleted servers for a while (then Restore brings them back).",
                    names()
                )}</p>
                <div class="dialog-buttons">
                    <button type="button" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="button" class="primary danger" on:click=move |_| {
                        run_batch(ActionKind::Delete, servers.get_untracked());
                        selected.set(BTreeSet::new());
                        open.set(false);
                    }>{move || format!("Delete {} servers", count())}</button>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn url_round_trips_the_view() {
        let q = ListQuery {
            name: "web-.*".into(),
            status: "ACTIVE".into(),
            sort_key: "display_name".into(),
            sort_dir: "asc".into(),
            limit: Some(100),
            marker: "abc".into(),
            ..Default::default()
        };
        let url = url_for(&q);
        assert_eq!(url, "/servers?name=web-.%2A&status=ACTIVE&sort_key=display_name&sort_dir=asc&limit=100&marker=abc");
        let params: BTreeMap<&str, String> = [
            ("name", "web-.*"),
            ("status", "ACTIVE"),
            ("sort_key", "display_name"),
            ("sort_dir", "asc"),
            ("limit", "100"),
            ("marker", "abc"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
        assert_eq!(query_from_params(|k| params.get(k).cloned()), q);
    }

    #[test]
    fn odd_page_sizes_fall_back_to_the_default() {
        let q = query_from_params(|k| (k == "limit").then(|| "7".to_string()));
        assert_eq!(q.limit, Some(DEFAULT_PAGE_SIZE));
        assert_eq!(url_for(&q), "/servers");
    }

    #[test]
    fn quick_filter_matches_name_id_ip_and_key() {
        let mut s = Server { id: "6a8c2f".into(), name: "Web-1".into(), key_name: Some("ops".into()), ..Default::default() };
        s.addresses.insert(
            "private".into(),
            vec![crate::api::servers::Address { addr: "10.0.0.5".into(), version: 4, kind: None, mac: None }],
        );
        for needle in ["web", "6a8c", "10.0.0.5", "OPS", ""] {
            assert!(quick_match(&s, needle), "{needle}");
        }
        assert!(!quick_match(&s, "db"));
    }
}
