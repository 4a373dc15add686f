//! What the api tests share: canned responses and services pointed at the dev cloud's ports.

use super::versions::Microversion;
use super::{Response, Service};

/// A response with `status` and `body`, no headers.
pub fn resp(status: u16, body: &str) -> Response {
    Response { status, headers: vec![], body: body.into() }
}

/// A 200 with `body`.
pub fn ok(body: &str) -> Response {
    resp(200, body)
}

/// Nova at `mv` (`None`: a session that negotiated nothing), token `tok`.
pub fn nova(mv: Option<Microversion>) -> Service {
    Service { endpoint: "http://127.0.0.1:8774/v2.1".into(), token: "tok".into(), microversion: mv }
}

/// Nova at the newest microversion the panel speaks.
pub fn nova_latest() -> Service {
    nova(Some(super::versions::NEWEST_SUPPORTED))
}

/// Glance's bare root, as the catalog lists it.
pub fn glance() -> Service {
    Service { endpoint: "http://127.0.0.1:9292".into(), token: "tok".into(), microversion: None }
}

/// Neutron's bare root, as the catalog lists it.
pub fn neutron() -> Service {
    Service { endpoint: "http://127.0.0.1:9696".into(), token: "tok".into(), microversion: None }
}
