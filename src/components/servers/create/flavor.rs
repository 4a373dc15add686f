//! Step 2: the flavor. Flavors the image is too big for, or that the quota left cannot hold
//! for the number of servers asked for, are greyed out with the reason.

use leptos::prelude::*;

use crate::api::flavors::Flavor;
use crate::api::quota::flavor_problems;
use crate::api::servers::create::Field;
use crate::components::table::{Column, DataTable};

use super::{load_failure, loaded, use_wizard, FieldErrors, Touch};

const COLUMNS: [Column; 7] = [
    Column::new("Name"),
    Column::new("vCPUs"),
    Column::new("RAM"),
    Column::new("Root disk"),
    Column::new("Ephemeral").class("col-ephemeral"),
    Column::new("Swap").class("col-swap"),
    Column::new("Access").class("col-access"),
];

#[component]
pub fn FlavorStep() -> impl IntoView {
    let wizard = use_wizard();
    let rows = move || {
        let image = wizard.image();
        let limits = loaded(wizard.cloud.limits);
        let count = wizard.draft.with(|d| d.min_count.max(1));
        let mut flavors = loaded(wizard.cloud.flavors);
        flavors.sort_by_key(|f| (f.vcpus, f.ram, f.disk));
        flavors
            .into_iter()
            .map(|f| {
                let why = flavor_problems(&f, image.as_ref(), &limits, count);
                (f, why)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <p class="hint">"Flavors the image or the remaining quota rule out are greyed, with the reason."</p>
        <FieldErrors field=Field::Flavor />
        <FieldErrors field=Field::Count />
        {load_failure("The flavors", wizard.cloud.flavors)}
        <Touch field=Field::Flavor>
            <DataTable class="choices flavors" columns=COLUMNS.to_vec()>
                <For each=rows key=|(f, why)| (f.id.clone(), why.clone()) let((flavor, why))>
                    <FlavorRow flavor why />
                </For>
            </DataTable>
        </Touch>
    }
}

#[component]
fn FlavorRow(flavor: Flavor, why: Vec<String>) -> impl IntoView {
    let wizard = use_wizard();
    let id = flavor.id.clone();
    let input_id = format!("flavor-{id}");
    let (pick, is) = (id.clone(), id.clone());
    let chosen = move |id: &str| wizard.draft.with(|d| d.flavor_ref == id);
    let ruled_out = !why.is_empty();
    let why_id = format!("flavor-{id}-why");
    view! {
        <tr class:chosen=move || chosen(&is) class:ruled-out=ruled_out>
            <td>
                <input type="radio" name="flavor" id=input_id.clone() disabled=ruled_out
                    aria-describedby=ruled_out.then(|| why_id.clone())
                    prop:checked=move || chosen(&id)
                    on:change=move |_| wizard.draft.update(|d| d.flavor_ref = pick.clone()) />
                <label for=input_id class="choice">{flavor.name.clone()}</label>
                {ruled_out.then(|| view! { <span class="why" id=why_id>{why.join(" ")}</span> })}
            </td>
            <td>{flavor.vcpus}</td>
            <td>{format!("{} MiB", flavor.ram)}</td>
            <td>{format!("{} GiB", flavor.disk)}</td>
            <td class="col-ephemeral">{format!("{} GiB", flavor.ephemeral)}</td>
            <td class="col-swap">{format!("{} MiB", flavor.swap)}</td>
            <td class="col-access">{if flavor.is_public { "Public" } else { "Private" }}</td>
        </tr>
    }
}
