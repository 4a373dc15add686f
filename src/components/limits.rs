//! `/limits`: the project's absolute quotas from Nova, used against allowed.

use leptos::prelude::*;

use crate::api::limits::{self, Usage};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::state::session::use_auth;

#[component]
pub fn LimitsPage() -> impl IntoView {
    let auth = use_auth();
    let usages = LocalResource::new(move || auth.compute(limits::get, limits::parse));
    view! {
        <h1>"Limits"</h1>
        <p class="muted">"What this project may use, and how much of it is in use now."</p>
        <Loaded resource=usages loading="Loading limits…" view=|usages| view! { <LimitsTable usages /> } />
    }
}

const COLUMNS: [Column; 4] = [Column::new("Resource"), Column::new("Used"), Column::new("Allowed"), Column::new("Share used")];

#[component]
fn LimitsTable(usages: Vec<Usage>) -> impl IntoView {
    let number = |v: Option<i64>, unit: &str| match v {
        Some(v) if unit.is_empty() => v.to_string(),
        Some(v) => format!("{v} {unit}"),
        None => "—".to_string(),
    };
    view! {
        <DataTable class="limits" columns=COLUMNS>
                {usages
                    .into_iter()
                    .map(|u| {
                        let max = if u.max.is_none() { "unlimited".to_string() } else { number(u.max, u.unit) };
                        view! {
                            <tr>
                                <th scope="row">{u.label}</th>
                                <td class="used">{number(u.used, u.unit)}</td>
                                <td class="max">{max}</td>
                                <td>
                                    {u.percent().map(|p| view! {
                                        <meter min="0" max="100" low="70" high="90" optimum="0" value=p.to_string()>{format!("{p}%")}</meter>
                                    })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
        </DataTable>
    }
}
