//! Nova `/limits`: the project's absolute quotas and what it uses of them.

use serde::Deserialize;
use std::collections::BTreeMap;

use super::{ApiError, Response, Service};

pub fn get(svc: &Service) -> super::Request {
    svc.get("/limits")
}

/// One quota: how much is used of how much is allowed (`None` = unlimited, Nova's -1).
#[derive(Clone, Debug, PartialEq)]
pub struct Usage {
    pub label: &'static str,
    pub unit: &'static str,
    pub used: Option<i64>,
    pub max: Option<i64>,
}

impl Usage {
    /// Used share of the quota in percent, for a meter; `None` when unlimited or unknown.
    pub fn percent(&self) -> Option<u8> {
        match (self.used, self.max) {
            (Some(u), Some(m)) if m > 0 => Some((u.max(0) * 100 / m).min(100) as u8),
            (Some(_), Some(0)) => Some(100),
            _ => None,
        }
    }
}

/// Absolute limit keys in the order a person reads them: (label, unit, max key, used key).
/// Keys a microversion dropped (floating IPs, security groups at 2.36, personality at 2.57)
/// are simply absent from the answer and skipped.
const KNOWN: &[(&str, &str, &str, Option<&str>)] = &[
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

/// Nova's absolute limits by its own keys (`maxServerMeta`, `totalCoresUsed`, ...); -1 means
/// unlimited.
pub type Absolute = BTreeMap<String, i64>;

pub fn parse_absolute(resp: &Response) -> Result<Absolute, ApiError> {
    #[derive(Deserialize)]
    struct Body {
        limits: Limits,
    }
    #[derive(Deserialize)]
    struct Limits {
        absolute: Absolute,
    }
    Ok(resp.json::<Body>()?.limits.absolute)
}

/// The quota whose maximum Nova reports as `max_key`, paired with its use; `None` when the
/// answer lacks the key (or the key is not one of [`KNOWN`]).
pub fn usage(absolute: &Absolute, max_key: &str) -> Option<Usage> {
    let &(label, unit, _, used_key) = KNOWN.iter().find(|known| known.2 == max_key)?;
    let max = *absolute.get(max_key)?;
    Some(Usage { label, unit, max: (max >= 0).then_some(max), used: used_key.and_then(|k| absolute.get(k).copied()) })
}

/// The absolute limits as usages, known keys first in reading order.
pub fn parse(resp: &Response) -> Result<Vec<Usage>, ApiError> {
    let absolute = parse_absolute(resp)?;
    Ok(KNOWN.iter().filter_map(|&(_, _, max_key, _)| usage(&absolute, max_key)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Nova doc/api_samples/limits/v2.36/limit-get-resp.json
    const V236: &str = include_str!("../../tests/fixtures/nova/limit-get-resp-v2.36.json");

    #[test]
    fn request_targets_limits() {
        let svc = Service { endpoint: "http://n/v2.1".into(), token: "t".into(), microversion: None };
        assert_eq!(get(&svc).url, "http://n/v2.1/limits");
    }

    #[test]
    fn absolute_limits_pair_used_with_max() {
        let resp = Response { status: 200, headers: vec![], body: V236.into() };
        let usages = parse(&resp).unwrap();
        let labels: Vec<_> = usages.iter().map(|u| u.label).collect();
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
        assert_eq!(usages[0], Usage { label: "Instances", unit: "", used: Some(0), max: Some(10) });
        assert_eq!(usages[2].max, Some(51200));
        assert_eq!(usages[2].unit, "MiB");
        assert_eq!(usages[3].used, None);
    }

    #[test]
    fn unlimited_and_percent() {
        let body = r#"{"limits": {"absolute": {"maxTotalInstances": -1, "totalInstancesUsed": 4, "maxTotalCores": 8, "totalCoresUsed": 6}, "rate": []}}"#;
        let usages = parse(&Response { status: 200, headers: vec![], body: body.into() }).unwrap();
        assert_eq!(usages[0].max, None);
        assert_eq!(usages[0].percent(), None);
        assert_eq!(usages[1].percent(), Some(75));
    }
}
