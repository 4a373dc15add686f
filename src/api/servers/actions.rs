//! Things done to a server, `POST /servers/{id}/action`: the request bodies Nova documents,
//! and the kinds of action the panel offers. Whether Nova accepts one now is in `states`.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

use super::urls;
use crate::api::fields::Fields;
use crate::api::{json, metadata};
use crate::api::versions::{supports, Feature, Microversion};
use crate::api::{ApiError, Request, Response, Service};

/// An action with its inputs, one variant per body `POST /servers/{id}/action` accepts.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Reboot {
        hard: bool,
    },
    Start,
    Stop,
    Pause,
    Unpause,
    Suspend,
    Resume,
    /// The reason is sent only from 2.73 (Feature::LockReason).
    Lock {
        reason: Option<String>,
    },
    Unlock,
    Shelve,
    Unshelve,
    /// Without a password Nova generates one and returns it.
    Rescue {
        admin_pass: Option<String>,
    },
    Unrescue,
    ChangePassword {
        admin_pass: String,
    },
    Rebuild {
        image_ref: String,
        name: Option<String>,
        admin_pass: Option<String>,
        metadata: Option<BTreeMap<String, String>>,
        preserve_ephemeral: bool,
    },
    Resize {
        flavor_ref: String,
    },
    ConfirmResize,
    RevertResize,
    /// Snapshot the server into a new image.
    CreateImage {
        name: String,
        metadata: BTreeMap<String, String>,
    },
    ForceDelete,
    Restore,
}

impl Action {
    /// The action's body, as in Nova's `doc/api_samples`.
    fn body(&self, mv: Microversion) -> Value {
        match self {
            Action::Reboot { hard } => json!({"reboot": {"type": if *hard { "HARD" } else { "SOFT" }}}),
            Action::Start => json!({"os-start": null}),
            Action::Stop => json!({"os-stop": null}),
            Action::Pause => json!({"pause": null}),
            Action::Unpause => json!({"unpause": null}),
            Action::Suspend => json!({"suspend": null}),
            Action::Resume => json!({"resume": null}),
            Action::Lock { reason } => match non_empty(reason) {
                // Before 2.73 the schema accepts any value but ignores it; send the plain form.
                Some(reason) if supports(mv, Feature::LockReason) => json!({"lock": {"locked_reason": reason}}),
                _ => json!({"lock": null}),
            },
            Action::Unlock => json!({"unlock": null}),
            Action::Shelve => json!({"shelve": null}),
            Action::Unshelve => json!({"unshelve": null}),
            Action::Rescue { admin_pass } => match non_empty(admin_pass) {
                Some(pass) => json!({"rescue": {"adminPass": pass}}),
                None => json!({"rescue": null}),
            },
            Action::Unrescue => json!({"unrescue": null}),
            Action::ChangePassword { admin_pass } => json!({"changePassword": {"adminPass": admin_pass}}),
            Action::Rebuild { image_ref, name, admin_pass, metadata, preserve_ephemeral } => {
                let mut rebuild = Map::new();
                rebuild.insert("imageRef".into(), json!(image_ref));
                if let Some(name) = non_empty(name) {
                    rebuild.insert("name".into(), json!(name));
                }
                if let Some(pass) = non_empty(admin_pass) {
                    rebuild.insert("adminPass".into(), json!(pass));
                }
                if let Some(metadata) = metadata {
                    rebuild.insert("metadata".into(), metadata::to_json(metadata));
                }
                // False is Nova's default; the documented samples leave it out.
                if *preserve_ephemeral {
                    rebuild.insert("preserve_ephemeral".into(), json!(true));
                }
                json::object("rebuild", Value::Object(rebuild))
            }
            Action::Resize { flavor_ref } => json!({"resize": {"flavorRef": flavor_ref}}),
            Action::ConfirmResize => json!({"confirmResize": null}),
            Action::RevertResize => json!({"revertResize": null}),
            Action::CreateImage { name, metadata } => {
                let mut image = json!({ "name": name });
                image["metadata"] = metadata::to_json(metadata);
                json::object("createImage", image)
            }
            Action::ForceDelete => json!({"forceDelete": null}),
            Action::Restore => json!({"restore": null}),
        }
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// `POST /servers/{id}/action` with the body Nova documents for `action`.
pub fn request(svc: &Service, server_id: &str, action: &Action) -> Request {
    svc.post(&urls::action(server_id), action.body(svc.session_version()))
}

/// What the panel can do to a server: the [`Action`]s, reading the console log (see
/// `console`), and the edits and the delete that go through `PUT`/`DELETE /servers/{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionKind {
    Reboot,
    HardReboot,
    Start,
    Stop,
    Pause,
    Unpause,
    Suspend,
    Resume,
    Lock,
    Unlock,
    Shelve,
    Unshelve,
    Rescue,
    Unrescue,
    ChangePassword,
    Rebuild,
    Resize,
    ConfirmResize,
    RevertResize,
    CreateImage,
    ForceDelete,
    Restore,
    ConsoleOutput,
    Rename,
    ChangeAccessIps,
    Delete,
}

impl ActionKind {
    /// Every kind, in the order the panel lists them.
    pub const ALL: [ActionKind; 26] = [
        ActionKind::Start,
        ActionKind::Stop,
        ActionKind::Reboot,
        ActionKind::HardReboot,
        ActionKind::Pause,
        ActionKind::Unpause,
        ActionKind::Suspend,
        ActionKind::Resume,
        ActionKind::Shelve,
        ActionKind::Unshelve,
        ActionKind::Rescue,
        ActionKind::Unrescue,
        ActionKind::Lock,
        ActionKind::Unlock,
        ActionKind::Resize,
        ActionKind::ConfirmResize,
        ActionKind::RevertResize,
        ActionKind::Rebuild,
        ActionKind::CreateImage,
        ActionKind::Rename,
        ActionKind::ChangeAccessIps,
        ActionKind::ChangePassword,
        ActionKind::ConsoleOutput,
        ActionKind::Restore,
        ActionKind::Delete,
        ActionKind::ForceDelete,
    ];
}

/// The id of the image [`Action::CreateImage`] started: in the body from 2.45, before that
/// only in the `Location` header (`.../images/{id}`), which a browser reads only when the
/// cloud's CORS settings expose it; `None` then.
pub fn parse_created_image(resp: &Response) -> Result<Option<String>, ApiError> {
    resp.check()?;
    // Read by `Fields`, not serde's derive: the action runner is in the first load.
    let body = serde_json::from_str::<Value>(&resp.body).unwrap_or_default();
    if let Some(id) = Fields::of(&body).opt_string("image_id") {
        return Ok(Some(id));
    }
    let id = resp
        .header("Location")
        .and_then(|location| location.trim_end_matches('/').rsplit('/').next())
        .filter(|id| !id.is_empty())
        .map(String::from);
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{nova, resp};
    use crate::api::versions::NEWEST_SUPPORTED as LATEST;
    use crate::api::Method;

    const CREATED_IMAGE: &str = include_str!("../../../tests/fixtures/nova/server-action-create-image-resp-v2.45.json");

    fn body(action: Action) -> Value {
        body_at(LATEST, action)
    }

    fn body_at(mv: Microversion, action: Action) -> Value {
        request(&nova(Some(mv)), "abc", &action).body.unwrap()
    }

    #[test]
    fn request_targets_the_action_url() {
        let req = request(&nova(Some(LATEST)), "0e44cc9c", &Action::Start);
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, "http://127.0.0.1:8774/v2.1/servers/0e44cc9c/action");
        assert_eq!(req.header_value("X-Auth-Token"), Some("tok"));
        assert_eq!(req.header_value("OpenStack-API-Version"), Some("compute 2.100"));
    }

    #[test]
    fn bodies_match_novas_samples() {
        assert_eq!(body(Action::Reboot { hard: true }), json!({"reboot": {"type": "HARD"}}));
        assert_eq!(body(Action::Reboot { hard: false }), json!({"reboot": {"type": "SOFT"}}));
        assert_eq!(body(Action::Start), json!({"os-start": null}));
        assert_eq!(body(Action::Stop), json!({"os-stop": null}));
        assert_eq!(body(Action::Pause), json!({"pause": null}));
        assert_eq!(body(Action::Unpause), json!({"unpause": null}));
        assert_eq!(body(Action::Suspend), json!({"suspend": null}));
        assert_eq!(body(Action::Resume), json!({"resume": null}));
        assert_eq!(body(Action::Unlock), json!({"unlock": null}));
        assert_eq!(body(Action::Shelve), json!({"shelve": null}));
        assert_eq!(body(Action::Unshelve), json!({"unshelve": null}));
        assert_eq!(body(Action::Unrescue), json!({"unrescue": null}));
        assert_eq!(body(Action::ConfirmResize), json!({"confirmResize": null}));
        assert_eq!(body(Action::RevertResize), json!({"revertResize": null}));
        assert_eq!(body(Action::ForceDelete), json!({"forceDelete": null}));
        assert_eq!(body(Action::Restore), json!({"restore": null}));
        assert_eq!(
            body(Action::ChangePassword { admin_pass: "foo".into() }),
            json!({"changePassword": {"adminPass": "foo"}})
        );
        assert_eq!(body(Action::Resize { flavor_ref: "2".into() }), json!({"resize": {"flavorRef": "2"}}));
        assert_eq!(
            body(Action::CreateImage {
                name: "foo-image".into(),
                metadata: BTreeMap::from([("meta_var".into(), "meta_val".into())]),
            }),
            json!({"createImage": {"name": "foo-image", "metadata": {"meta_var": "meta_val"}}})
        );
    }

    #[test]
    fn lock_reason_only_when_given_and_supported() {
        let with_reason = || Action::Lock { reason: Some("I don't want to work".into()) };
        assert_eq!(body(with_reason()), json!({"lock": {"locked_reason": "I don't want to work"}}));
        assert_eq!(body_at(Microversion::new(2, 72), with_reason()), json!({"lock": null}));
        assert_eq!(body(Action::Lock { reason: None }), json!({"lock": null}));
        assert_eq!(body(Action::Lock { reason: Some(String::new()) }), json!({"lock": null}));
    }

    #[test]
    fn rescue_and_rebuild_send_only_what_is_given() {
        assert_eq!(body(Action::Rescue { admin_pass: None }), json!({"rescue": null}));
        assert_eq!(
            body(Action::Rescue { admin_pass: Some("MySecretPass".into()) }),
            json!({"rescue": {"adminPass": "MySecretPass"}})
        );
        let minimal = Action::Rebuild {
            image_ref: "70a599e0".into(),
            name: None,
            admin_pass: None,
            metadata: None,
            preserve_ephemeral: false,
        };
        assert_eq!(body(minimal), json!({"rebuild": {"imageRef": "70a599e0"}}));
        let full = Action::Rebuild {
            image_ref: "70a599e0".into(),
            name: Some("foobar".into()),
            admin_pass: Some("seekr3t".into()),
            metadata: Some(BTreeMap::from([("meta_var".into(), "meta_val".into())])),
            preserve_ephemeral: true,
        };
        assert_eq!(
            body(full),
            json!({"rebuild": {"imageRef": "70a599e0", "name": "foobar", "adminPass": "seekr3t",
                "metadata": {"meta_var": "meta_val"}, "preserve_ephemeral": true}})
        );
    }

    #[test]
    fn every_kind_is_listed_once() {
        for (i, kind) in ActionKind::ALL.iter().enumerate() {
            assert!(!ActionKind::ALL[i + 1..].contains(kind), "{kind:?} listed twice");
        }
    }

    #[test]
    fn created_image_id_from_body_or_location() {
        let from_body = resp(202, CREATED_IMAGE);
        assert_eq!(parse_created_image(&from_body).unwrap().as_deref(), Some("0e7761dd-ee98-41f0-ba35-05994e446431"));
        let location = "http://glance.example.com/images/0e7761dd-ee98-41f0-ba35-05994e446431";
        let from_header = Response { headers: vec![("location".into(), location.into())], ..resp(202, "") };
        assert_eq!(parse_created_image(&from_header).unwrap().as_deref(), Some("0e7761dd-ee98-41f0-ba35-05994e446431"));
        let hidden = resp(202, "");
        assert_eq!(parse_created_image(&hidden).unwrap(), None);
        let conflict = resp(409, "");
        assert!(matches!(parse_created_image(&conflict), Err(ApiError::Conflict(_))));
    }
}
