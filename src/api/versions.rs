//! The compute root, `GET /` on the Nova endpoint: which microversions the cloud speaks, and
//! the one this panel uses (the highest both sides support).

use serde_json::Value;
use std::fmt;

use super::fields::Fields;
use super::{ApiError, Request, Response};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Microversion {
    pub major: u16,
    pub minor: u16,
}

impl Microversion {
    pub const fn new(major: u16, minor: u16) -> Self {
        Microversion { major, minor }
    }

    /// "2.96" -> 2.96; an empty string (a cloud without microversions) is `None`.
    pub fn parse(s: &str) -> Option<Self> {
        let (major, minor) = s.trim().split_once('.')?;
        Some(Microversion { major: major.parse().ok()?, minor: minor.parse().ok()? })
    }
}

impl fmt::Display for Microversion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The newest compute microversion whose response shapes this panel understands.
pub const NEWEST_SUPPORTED: Microversion = Microversion::new(2, 100);
/// The compute API base version: what a cloud without microversions speaks.
pub const BASE: Microversion = Microversion::new(2, 1);

/// Features that appeared in a given microversion; the UI asks `supports` before offering them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    /// 2.6: `POST /servers/{id}/remote-consoles`.
    RemoteConsoles,
    /// 2.9: `locked` in the server body.
    LockedAttribute,
    /// 2.19: server `description`.
    ServerDescription,
    /// 2.26: `tags` in the server body.
    ServerTags,
    /// 2.45: `createImage` answers with `{"image_id"}` instead of a Location header.
    CreateImageReturnsId,
    /// 2.47: the server's `flavor` is embedded (name, vcpus, ram, disk) instead of a link.
    EmbeddedFlavor,
    /// 2.54: rebuild can change the key pair.
    RebuildKeyName,
    /// 2.57: rebuild can change user data; file injection (personality) is gone.
    RebuildUserData,
    /// 2.73: lock with a reason, `locked_reason` in the server body.
    LockReason,
}

impl Feature {
    pub fn since(self) -> Microversion {
        let minor = match self {
            Feature::RemoteConsoles => 6,
            Feature::LockedAttribute => 9,
            Feature::ServerDescription => 19,
            Feature::ServerTags => 26,
            Feature::CreateImageReturnsId => 45,
            Feature::EmbeddedFlavor => 47,
            Feature::RebuildKeyName => 54,
            Feature::RebuildUserData => 57,
            Feature::LockReason => 73,
        };
        Microversion::new(2, minor)
    }
}

/// Does a session at microversion `mv` have `feature`?
pub fn supports(mv: Microversion, feature: Feature) -> bool {
    mv >= feature.since()
}

#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub id: String,
    pub status: String,
    pub version: String,
    pub min_version: String,
}

impl Version {
    /// Read by hand like a server (see `api::fields`): this is on the first load.
    fn from_json(value: &Value) -> Version {
        let f = Fields::of(value);
        Version { id: f.string("id"), status: f.string("status"), version: f.string("version"), min_version: f.string("min_version") }
    }
}

/// `GET` the compute endpoint itself. Nova answers the versioned endpoint
/// (`.../v2.1`) with `{"version": {...}}` and the root with `{"versions": [...]}`;
/// both are understood.
pub fn discover(compute_endpoint: &str) -> Request {
    Request::get(compute_endpoint.trim_end_matches('/').to_string() + "/")
}

/// The v2.1 version document from either shape of answer.
pub fn parse_discovery(resp: &Response) -> Result<Version, ApiError> {
    let body = resp.value()?;
    let body = Fields::of(&body);
    if let Some(version) = body.opt_object("version") {
        return Ok(Version::from_json(version));
    }
    body.list("versions", Version::from_json)
        .into_iter()
        .find(|v| v.id == "v2.1")
        .ok_or_else(|| ApiError::Decode("the compute endpoint lists no v2.1 API".into()))
}

/// The highest microversion both this panel and the cloud support.
pub fn negotiate(v: &Version) -> Microversion {
    let server_max = Microversion::parse(&v.version).unwrap_or(BASE);
    let server_min = Microversion::parse(&v.min_version).unwrap_or(BASE);
    server_max.min(NEWEST_SUPPORTED).max(server_min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::ok;

    // Shape of nova's doc/api_samples/versions/v21-version-get-resp.json
    const V21: &str = r#"{"version": {"id": "v2.1", "links": [{"href": "http://openstack.example.com/v2.1/", "rel": "self"}],
        "media-types": [{"base": "application/json", "type": "application/vnd.openstack.compute+json;version=2.1"}],
        "min_version": "2.1", "status": "CURRENT", "updated": "2013-07-23T11:33:21Z", "version": "2.100"}}"#;

    // Shape of nova's doc/api_samples/versions/versions-get-resp.json
    const ROOT: &str = r#"{"versions": [
        {"id": "v2.0", "links": [{"href": "http://openstack.example.com/v2/", "rel": "self"}], "min_version": "", "status": "SUPPORTED", "updated": "2011-01-21T11:33:21Z", "version": ""},
        {"id": "v2.1", "links": [{"href": "http://openstack.example.com/v2.1/", "rel": "self"}], "min_version": "2.1", "status": "CURRENT", "updated": "2013-07-23T11:33:21Z", "version": "2.96"}]}"#;

    #[test]
    fn negotiates_the_highest_common_version() {
        let v = parse_discovery(&ok(V21)).unwrap();
        assert_eq!(negotiate(&v), Microversion::new(2, 100));
        let v = parse_discovery(&ok(ROOT)).unwrap();
        assert_eq!(v.id, "v2.1");
        assert_eq!(negotiate(&v), Microversion::new(2, 96));
    }

    #[test]
    fn newer_cloud_is_capped_at_what_we_understand() {
        let v = Version { id: "v2.1".into(), status: "CURRENT".into(), version: "2.120".into(), min_version: "2.1".into() };
        assert_eq!(negotiate(&v), NEWEST_SUPPORTED);
    }

    #[test]
    fn cloud_without_microversions_gets_base() {
        let v = Version { id: "v2.1".into(), status: "CURRENT".into(), version: String::new(), min_version: String::new() };
        assert_eq!(negotiate(&v), BASE);
        assert!(!supports(negotiate(&v), Feature::EmbeddedFlavor));
    }

    #[test]
    fn versions_order_numerically_not_lexically() {
        assert!(Microversion::parse("2.100").unwrap() > Microversion::parse("2.99").unwrap());
        assert!(supports(Microversion::new(2, 73), Feature::LockReason));
        assert!(!supports(Microversion::new(2, 72), Feature::LockReason));
        assert_eq!(Microversion::parse("2.x"), None);
    }

    #[test]
    fn discovery_request_targets_the_endpoint_root() {
        assert_eq!(discover("http://127.0.0.1:8774/v2.1").url, "http://127.0.0.1:8774/v2.1/");
    }
}
