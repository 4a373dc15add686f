//! `/limits`: the project's absolute quotas from Nova, used against allowed.

use leptos::prelude::*;

use crate::api::limits::{self, Absolute, Usage};
use crate::components::format::NONE;
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::state::session::{use_auth, Api};

/// The quotas shown, in the order a person reads them: (label, unit, max key, used key).
/// Those the cloud does not report are left out.
const QUOTAS: &[(&str, &str, &str, Option<&str>)] = &[
    ("Instances", "", "maxTotalInstances", Some("totalInstancesUsed")),
    ("vCPUs", "", "maxTotalCores", Some("totalCoresUsed")),
    ("RAM", "MiB", "maxTotalRAMSize", Some("totalRAMUsed")),
    ("Key pairs", "", "maxTotalKeypairs", None),
    ("Server groups", "", "maxServerGroups", Some("totalServerGroupsUsed")),
    ("Servers per group", "", "maxServerGroupMembers", None),
    ("Metadata items per server", "", "maxServerMeta", None),
    ("Files injected per server", "", "maxPersonality", None),
    ("Bytes per injected file", "B", "maxPersonalitySize", None),
    ("Floating IPs", "", "maxTotalFloatingIps", Some("totalFloatingIpsUsed")),
    ("Security groups", "", "maxSecurityGroups", Some("totalSecurityGroupsUsed")),
    ("Rules per security group", "", "maxSecurityGroupRules", None),
    ("Image metadata items", "", "maxImageMeta", None),
];

/// The reported quotas as (label, unit, usage), in reading order.
fn rows(absolute: &Absolute) -> Vec<(&'static str, &'static str, Usage)> {
    QUOTAS
        .iter()
        .filter_map(|&(label, unit, max_key, used_key)| Some((label, unit, absolute.usage(max_key, used_key)?)))
        .collect()
}

#[component]
pub fn LimitsPage() -> impl IntoView {
    let auth = use_auth();
    let absolute = LocalResource::new(move || auth.call(Api::Compute, limits::get, limits::parse));
    view! {
        <h1>"Limits"</h1>
        <p class="muted">"What this project may use, and how much of it is in use now."</p>
        <Loaded resource=absolute loading="Loading limits…" view=|absolute| view! { <LimitsTable absolute /> } />
    }
}

const COLUMNS: [Column; 4] = [Column::new("Resource"), Column::new("Used"), Column::new("Allowed"), Column::new("Share used")];

#[component]
fn LimitsTable(absolute: Absolute) -> impl IntoView {
    let number = |v: Option<i64>, unit: &str| match v {
        Some(v) if unit.is_empty() => v.to_string(),
        Some(v) => format!("{v} {unit}"),
        None => NONE.to_string(),
    };
    view! {
        <DataTable class="limits" columns=COLUMNS>
            {rows(&absolute)
                .into_iter()
                .map(|(label, unit, u)| {
                    let max = if u.max.is_none() { "unlimited".to_string() } else { number(u.max, unit) };
                    view! {
                        <tr>
                            <th scope="row">{label}</th>
                            <td class="used">{number(u.used, unit)}</td>
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Response;

    // Nova doc/api_samples/limits/v2.36/limit-get-resp.json
    const V236: &str = include_str!("../../tests/fixtures/nova/limit-get-resp-v2.36.json");

    #[test]
    fn reported_quotas_in_reading_order() {
        let absolute = limits::parse(&Response { status: 200, headers: vec![], body: V236.into() }).unwrap();
        let usages = rows(&absolute);
        let labels: Vec<_> = usages.iter().map(|(label, ..)| *label).collect();
        assert_eq!(
            labels,
            [
                "Instances",
                "vCPUs",
                "RAM",
                "Key pairs",
                "Server groups",
                "Servers per group",
                "Metadata items per server",
                "Files injected per server",
                "Bytes per injected file",
                "Image metadata items"
            ]
        );
        assert_eq!(usages[0], ("Instances", "", Usage { used: Some(0), max: Some(10) }));
        assert_eq!(usages[2].2.max, Some(51200));
        assert_eq!(usages[2].1, "MiB");
        assert_eq!(usages[3].2.used, None);
    }
}
