//! Availability zones, `/os-availability-zone`: where a new server may be placed.

use serde::Deserialize;

use super::{ApiError, Request, Response, Service};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AvailabilityZone {
    pub name: String,
    /// False when no compute service of the zone is up: a server sent there would fail.
    pub available: bool,
}

#[derive(Deserialize)]
struct ZoneList {
    #[serde(rename = "availabilityZoneInfo")]
    zones: Vec<Zone>,
}

#[derive(Deserialize)]
struct Zone {
    #[serde(rename = "zoneName")]
    name: String,
    #[serde(rename = "zoneState")]
    state: ZoneState,
}

#[derive(Deserialize)]
struct ZoneState {
    available: bool,
}

/// The zones a user may choose. (`/os-availability-zone/detail` adds hosts and services and
/// is for administrators.)
pub fn list(svc: &Service) -> Request {
    svc.get("/os-availability-zone")
}

pub fn parse_list(resp: &Response) -> Result<Vec<AvailabilityZone>, ApiError> {
    let zones = resp.json::<ZoneList>()?.zones;
    Ok(zones.into_iter().map(|z| AvailabilityZone { name: z.name, available: z.state.available }).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{nova, ok};

    // Nova doc/api_samples/os-availability-zone/availability-zone-list-resp.json
    const LIST: &str = include_str!("../../tests/fixtures/nova/availability-zone-list-resp.json");

    #[test]
    fn lists_zones() {
        let svc = nova(None);
        assert_eq!(list(&svc).url, "http://127.0.0.1:8774/v2.1/os-availability-zone");
        let zones = parse_list(&ok(LIST)).unwrap();
        assert_eq!(zones, [AvailabilityZone { name: "nova".into(), available: true }]);
    }

    #[test]
    fn unavailable_zone() {
        let body =
            r#"{"availabilityZoneInfo": [{"hosts": null, "zoneName": "az2", "zoneState": {"available": false}}]}"#;
        let zones = parse_list(&ok(&body)).unwrap();
        assert_eq!(zones, [AvailabilityZone { name: "az2".into(), available: false }]);
    }
}
