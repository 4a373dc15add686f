//! Flavors, `/flavors`: the sizes a server can be built or resized to.

use serde_json::Value;

use super::fields::Fields;
use super::{ApiError, Request, Response, Service};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flavor {
    pub id: String,
    pub name: String,
    pub vcpus: u64,
    /// MiB.
    pub ram: u64,
    /// GiB of root disk; 0 means the size of the image (or of the boot volume).
    pub disk: u64,
    /// GiB of extra, non-persistent disk.
    pub ephemeral: u64,
    /// MiB; Nova sends `""` for none before 2.75.
    pub swap: u64,
    /// Private flavors are visible only to the projects given access.
    pub is_public: bool,
    /// 2.55+.
    pub description: Option<String>,
}

impl Flavor {
    /// A flavor from Nova's JSON, read by hand like a server (see `api::fields`).
    fn from_json(value: &Value) -> Flavor {
        let f = Fields::of(value);
        Flavor {
            id: f.string("id"),
            name: f.string("name"),
            vcpus: f.opt_u64("vcpus").unwrap_or_default(),
            ram: f.opt_u64("ram").unwrap_or_default(),
            disk: f.opt_u64("disk").unwrap_or_default(),
            ephemeral: f.opt_u64("OS-FLV-EXT-DATA:ephemeral").unwrap_or_default(),
            swap: match f.get("swap") {
                Value::String(s) => s.trim().parse().unwrap_or(0),
                other => other.as_u64().unwrap_or(0),
            },
            is_public: f.opt_bool("os-flavor-access:is_public").unwrap_or(true),
            description: f.opt_string("description"),
        }
    }
}

/// Every flavor the project may use: the public ones and the private ones shared with it.
pub fn list_detail(svc: &Service) -> Request {
    svc.get("/flavors/detail")
}

pub fn parse_list(resp: &Response) -> Result<Vec<Flavor>, ApiError> {
    let body = resp.value()?;
    Ok(Fields::of(&body).items("flavors")?.iter().map(Flavor::from_json).collect())
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
