//! One row of the list. Each cell reads its own memo of the row's server, so a poll that
//! changes the status re-renders the status cell only, and the clock touches only the age.

use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::api::servers::Server;
use crate::components::format::{age_of, display_name, flavor_size};
use crate::components::servers::actions::ActionMenu;
use crate::components::servers::server_page;
use crate::components::servers::status::{power_state_name, StatusBadge};
use crate::components::table::Column;
use crate::state::clock::use_now;
use crate::state::servers::{use_server_store, Row};

/// Optional columns: (key, label, cell class). Name, status and actions always show.
pub const OPTIONAL_COLUMNS: [(&str, &str, &str); 9] = [
    ("power", "Power", "col-power"),
    ("image", "Image", "col-image"),
    ("flavor", "Flavor", "col-flavor"),
    ("ips", "IP addresses", "col-ips"),
    ("key", "Key pair", "col-key"),
    ("az", "Zone", "col-az"),
    ("locked", "Locked", "col-locked"),
    ("age", "Age", "col-age"),
    ("id", "ID", "col-id"),
];

/// The table's header: selection, name, status, the optional columns, the menu.
pub fn columns() -> Vec<Column> {
    let optional = OPTIONAL_COLUMNS.iter().map(|(_, label, class)| Column::new(label).class(class));
    [Column::new("Select").class("select").visually_hidden(), Column::new("Name").class("name"), Column::new("Status").class("status")]
        .into_iter()
        .chain(optional)
        .chain([Column::new("Actions").class("menu-cell").visually_hidden()])
        .collect()
}

/// The flavor's name (from the embedded flavor, else the flavor list) and size.
fn flavor_text(server: &Server, flavor_names: &BTreeMap<String, String>) -> (String, String) {
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
pub fn ServerRow(
    row: Row,
    selected: RwSignal<BTreeSet<String>>,
    image_names: ReadSignal<BTreeMap<String, String>>,
    flavor_names: ReadSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    let now = use_now();
    let store = use_server_store();
    let server = row.signal();
    let name = Memo::new(move |_| server.with(display_name));
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
    let age = move || created.with(|c| age_of(c, now.get()));
    let id = row.id.clone();
    let is_selected = {
        let id = id.clone();
        Memo::new(move |_| selected.with(|s| s.contains(&id)))
    };
    let is_new = {
        let id = id.clone();
        move || store.created.with(|c| c.contains(&id))
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
        <tr class:selected=is_selected class:new=is_new data-server-id=id.clone()>
            <td class="select">
                <input type="checkbox" prop:checked=is_selected on:change=toggle
                    aria-label=move || format!("Select {}", name.get()) />
            </td>
            <td class="name">
                <a href=server_page(&id)>{name}</a>
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
            <td class="menu-cell"><ActionMenu server /></td>
        </tr>
    }
}
