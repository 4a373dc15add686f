//! `POST /v2/images/{id}/actions/{deactivate,reactivate}`: hide an image's data from everyone
//! but admins, and give it back. Both answer 204; Glance's policy usually keeps them for
//! admins, and a non-admin gets 403.

use super::super::{encode_component, Method, Request, Service};

fn action(svc: &Service, id: &str, name: &str) -> Request {
    svc.request(Method::Post, &format!("/v2/images/{}/actions/{name}", encode_component(id)))
}

pub fn deactivate(svc: &Service, id: &str) -> Request {
    action(svc, id, "deactivate")
}

pub fn reactivate(svc: &Service, id: &str) -> Request {
    action(svc, id, "reactivate")
}

/// Deactivate is offered for an active image, reactivate for a deactivated one; Glance
/// refuses both in any other status (409).
pub fn can_deactivate(status: &str) -> bool {
    status == "active"
}

pub fn can_reactivate(status: &str) -> bool {
    status == "deactivated"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::images::parse_empty;
    use crate::api::test_support::{glance as svc, resp};
    use crate::api::ApiError;

    #[test]
    fn actions_are_bodiless_posts() {
        let req = deactivate(&svc(), "1bea47ed");
        assert_eq!((req.method, req.url.as_str()), (Method::Post, "http://127.0.0.1:9292/v2/images/1bea47ed/actions/deactivate"));
        assert_eq!(req.body, None);
        assert_eq!(reactivate(&svc(), "1bea47ed").url, "http://127.0.0.1:9292/v2/images/1bea47ed/actions/reactivate");
        assert_eq!(parse_empty(&resp(204, "")), Ok(()));
        assert!(matches!(parse_empty(&resp(403, "")), Err(ApiError::Forbidden(_))));
    }

    #[test]
    fn offered_by_status() {
        assert!(can_deactivate("active") && !can_deactivate("queued"));
        assert!(can_reactivate("deactivated") && !can_reactivate("active"));
    }
}
