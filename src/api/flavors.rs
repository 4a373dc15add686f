//! Flavors, `/flavors`: the sizes a server can be built or resized to.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{null_as_default, ApiError, Request, Response, Service};

#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Flavor {
    pub id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    pub vcpus: u64,
    /// MiB.
    pub ram: u64,
    /// GiB of root disk; 0 means the size of the image (or of the boot volume).
    pub disk: u64,
    /// GiB of extra, non-persistent disk.
    #[serde(rename = "OS-FLV-EXT-DATA:ephemeral", default)]
    pub ephemeral: u64,
    /// MiB; Nova sends `""` for none before 2.75.
    #[serde(default, deserialize_with = "swap_mib")]
    pub swap: u64,
    /// Private flavors are visible only to the projects given access.
    #[serde(rename = "os-flavor-access:is_public", default = "public")]
    pub is_public: bool,
    /// 2.55+.
    #[serde(default)]
    pub description: Option<String>,
}

fn public() -> bool {
    true
}

fn swap_mib<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Number(n) => n.as_u64().unwrap_or(0),
        Value::String(s) => s.trim().parse().unwrap_or(0),
        _ => 0,
    })
}

#[derive(Deserialize)]
struct FlavorList {
    flavors: Vec<Flavor>,
}

/// Every flavor the project may use: the public ones and the private ones shared with it.
pub fn list_detail(svc: &Service) -> Request {
    svc.get("/flavors/detail")
}

pub fn parse_list(resp: &Response) -> Result<Vec<Flavor>, ApiError> {
    Ok(resp.json::<FlavorList>()?.flavors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{nova, ok};

    const DETAIL_V2_75: &str = include_str!("../../tests/fixtures/nova/flavors-detail-resp-v2.75.json");
    const DETAIL_V2_1: &str = include_str!("../../tests/fixtures/nova/flavors-detail-resp-v2.1.json");

    #[test]
    fn lists_flavors_in_detail() {
        assert_eq!(list_detail(&nova(None)).url, "http://127.0.0.1:8774/v2.1/flavors/detail");
    }

    #[test]
    fn parses_current_flavors() {
        let flavors = parse_list(&ok(DETAIL_V2_75)).unwrap();
        assert_eq!(flavors.len(), 7);
        assert_eq!(
            flavors[2],
            Flavor {
                id: "3".into(),
                name: "m1.medium".into(),
                vcpus: 2,
                ram: 4096,
                disk: 40,
                ephemeral: 0,
                swap: 0,
                is_public: true,
                description: None,
            }
        );
        assert_eq!(flavors[6].description.as_deref(), Some("test description"));
    }

    #[test]
    fn empty_swap_string_of_old_versions_is_zero() {
        let flavors = parse_list(&ok(DETAIL_V2_1)).unwrap();
        assert_eq!(flavors[0].name, "m1.tiny");
        assert!(flavors.iter().all(|f| f.swap == 0));
        let mut body: Value = serde_json::from_str(DETAIL_V2_1).unwrap();
        body["flavors"][0]["swap"] = 512.into();
        body["flavors"][0]["os-flavor-access:is_public"] = false.into();
        let flavors = parse_list(&ok(&body.to_string())).unwrap();
        assert_eq!((flavors[0].swap, flavors[0].is_public), (512, false));
    }
}
