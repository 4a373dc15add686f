//! Nova `/limits`: the project's absolute quotas and what it uses of them.

use serde::Deserialize;
use std::collections::BTreeMap;

use super::{ApiError, Request, Response, Service};

pub fn get(svc: &Service) -> Request {
    svc.get("/limits")
}

/// The absolute limits by Nova's key (`maxTotalInstances`, `totalInstancesUsed`, ...). Which
/// keys there are depends on the microversion: 2.36 dropped floating IPs and security
/// groups, 2.57 file injection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Absolute(BTreeMap<String, i64>);

impl Absolute {
    /// The quota `max_key` with its use under `used_key` (some quotas report none); `None`
    /// when the cloud does not report the quota.
    pub fn usage(&self, max_key: &str, used_key: Option<&str>) -> Option<Usage> {
        let max = *self.0.get(max_key)?;
        Some(Usage {
            // Nova's -1: unlimited.
            max: (max >= 0).then_some(max),
            used: used_key.and_then(|k| self.0.get(k).copied()),
        })
    }
}

/// One quota: how much is used of how much is allowed (`None` = unlimited).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Usage {
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

pub fn parse(resp: &Response) -> Result<Absolute, ApiError> {
    #[derive(Deserialize)]
    struct Body {
        limits: Limits,
    }
    #[derive(Deserialize)]
    struct Limits {
        absolute: BTreeMap<String, i64>,
    }
    Ok(Absolute(resp.json::<Body>()?.limits.absolute))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{nova, ok};

    // Nova doc/api_samples/limits/v2.36/limit-get-resp.json
    const V236: &str = include_str!("../../tests/fixtures/nova/limit-get-resp-v2.36.json");

    #[test]
    fn request_targets_limits() {
        assert_eq!(get(&nova(None)).url, "http://127.0.0.1:8774/v2.1/limits");
    }

    #[test]
    fn absolute_limits_pair_used_with_max() {
        let absolute = parse(&ok(V236)).unwrap();
        assert_eq!(absolute.usage("maxTotalInstances", Some("totalInstancesUsed")), Some(Usage { used: Some(0), max: Some(10) }));
        assert_eq!(absolute.usage("maxTotalRAMSize", Some("totalRAMUsed")).unwrap().max, Some(51200));
        assert_eq!(absolute.usage("maxTotalKeypairs", None).unwrap().used, None);
        // 2.36 no longer reports floating IPs.
        assert_eq!(absolute.usage("maxTotalFloatingIps", Some("totalFloatingIpsUsed")), None);
    }

    #[test]
    fn unlimited_and_percent() {
        let body = r#"{"limits": {"absolute": {"maxTotalInstances": -1, "totalInstancesUsed": 4, "maxTotalCores": 8, "totalCoresUsed": 6}, "rate": []}}"#;
        let absolute = parse(&ok(body)).unwrap();
        let instances = absolute.usage("maxTotalInstances", Some("totalInstancesUsed")).unwrap();
        assert_eq!(instances.max, None);
        assert_eq!(instances.percent(), None);
        assert_eq!(absolute.usage("maxTotalCores", Some("totalCoresUsed")).unwrap().percent(), Some(75));
    }
}
