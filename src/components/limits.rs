//! `/limits`: the project's absolute quotas from Nova, used against allowed.

use leptos::prelude::*;

use crate::api::limits::{self, Usage};
use crate::components::errors::error_list;
use crate::state::session::use_auth;
use crate::state::transport::abort_signal_for_owner;

#[component]
pub fn LimitsPage() -> impl IntoView {
    let auth = use_auth();
    let abort = abort_signal_for_owner();
    let usages = LocalResource::new(move || {
        let abort = abort.clone();
        async move { auth.compute_call(limits::get, limits::parse, abort.as_ref()).await }
    });
    view! {
        <h1>"Limits"</h1>
        <p class="muted">"What this project may use, and how much of it is in use now."</p>
        <Transition fallback=|| view! { <p class="loading">"Loading limits…"</p> }>
            <ErrorBoundary fallback=error_list>
                {move || usages.get().map(|r| r.map(|usages| view! { <LimitsTable usages /> }))}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn LimitsTable(usages: Vec<Usage>) -> impl IntoView {
    let number = |v: Option<i64>, unit: &str| match v {
        Some(v) if unit.is_empty() => v.to_string(),
        Some(v) => format!("{v} {unit}"),
        None => "—".to_string(),
    };
    view! {
        <table class="limits">
            <thead>
                <tr>
                    <th scope="col">"Resource"</th>
                    <th scope="col">"Used"</th>
                    <th scope="col">"Allowed"</th>
                    <th scope="col">"Share used"</th>
                </tr>
            </thead>
            <tbody>
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
            </tbody>
        </table>
    }
}
