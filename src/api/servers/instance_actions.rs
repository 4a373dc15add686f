//! A server's history, `/servers/{id}/os-instance-actions`: what was done to it, by whom, when.

use serde::Deserialize;

use super::urls;
use crate::api::time::parse_rfc3339;
use crate::api::{null_as_default, ApiError, Request, Response, Service};

#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
pub struct InstanceAction {
    /// Nova's name for it: `create`, `stop`, `reboot`, `createImage`, ...
    #[serde(deserialize_with = "null_as_default")]
    pub action: String,
    /// Ties the action to the API request, for asking the cloud's operators about it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub request_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub start_time: String,
    /// `Error` when the action failed; otherwise usually null.
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_id: String,
}

#[derive(Deserialize)]
struct ActionList {
    #[serde(rename = "instanceActions")]
    instance_actions: Vec<InstanceAction>,
}

pub fn list(svc: &Service, server_id: &str) -> Request {
    svc.get(&urls::instance_actions(server_id))
}

/// The actions, newest first. Nova already sorts them that way; sorting again keeps the
/// promise whatever the cloud's database returns.
pub fn parse_list(resp: &Response) -> Result<Vec<InstanceAction>, ApiError> {
    let mut actions = resp.json::<ActionList>()?.instance_actions;
    let started = |a: &InstanceAction| parse_rfc3339(&a.start_time).unwrap_or(f64::MIN);
    actions.sort_by(|a, b| started(b).total_cmp(&started(a)));
    Ok(actions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{nova, ok, resp};
    use crate::api::versions::Microversion;

    const LIST: &str = include_str!("../../../tests/fixtures/nova/instance-actions-list-resp-v2.84.json");

    #[test]
    fn lists_a_servers_actions() {
        let req = list(&nova(Some(Microversion::new(2, 84))), "15835b6f-1e14-4cfa-9f66-1abea1a1c0d5");
        assert_eq!(
            req.url,
            "http://127.0.0.1:8774/v2.1/servers/15835b6f-1e14-4cfa-9f66-1abea1a1c0d5/os-instance-actions"
        );
        assert_eq!(req.body, None);
    }

    #[test]
    fn parses_actions_newest_first() {
        let actions = parse_list(&ok(LIST)).unwrap();
        assert_eq!(
            actions[0],
            InstanceAction {
                action: "stop".into(),
                request_id: "req-f04d4b92-6241-42da-b82d-2cedb225c58d".into(),
                start_time: "2018-04-25T01:26:36.036697".into(),
                message: None,
                user_id: "admin".into(),
            }
        );
        assert_eq!(actions[1].action, "create");

        // Oldest first in the answer: still newest first out.
        let mut body: serde_json::Value = serde_json::from_str(LIST).unwrap();
        body["instanceActions"].as_array_mut().unwrap().reverse();
        body["instanceActions"][0]["message"] = "Error".into();
        let actions = parse_list(&ok(&body.to_string())).unwrap();
        let names: Vec<&str> = actions.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(names, ["stop", "create"]);
        assert_eq!(actions[1].message.as_deref(), Some("Error"));
    }

    #[test]
    fn missing_server_is_not_found() {
        let gone = resp(404, r#"{"itemNotFound": {"code": 404, "message": "Instance abc could not be found."}}"#);
        assert_eq!(parse_list(&gone), Err(ApiError::NotFound("Instance abc could not be found.".into())));
    }
}
