//! Things done to a server, `POST /servers/{id}/action` and `/servers/{id}/remote-consoles`:
//! the request bodies Nova documents, and whether Nova would accept an action in the server's
//! current state, so the panel can explain instead of offering a button that fails with 409.

use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

use super::servers::{Server, ServerImage};
use super::versions::{supports, Feature, Microversion, BASE};
use super::{encode_component, ApiError, Request, Response, Service};

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
    /// The last `length` lines of the serial console log, or all of it.
    ConsoleOutput {
        length: Option<u32>,
    },
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Reboot { hard: false } => ActionKind::Reboot,
            Action::Reboot { hard: true } => ActionKind::HardReboot,
            Action::Start => ActionKind::Start,
            Action::Stop => ActionKind::Stop,
            Action::Pause => ActionKind::Pause,
            Action::Unpause => ActionKind::Unpause,
            Action::Suspend => ActionKind::Suspend,
            Action::Resume => ActionKind::Resume,
            Action::Lock { .. } => ActionKind::Lock,
            Action::Unlock => ActionKind::Unlock,
            Action::Shelve => ActionKind::Shelve,
            Action::Unshelve => ActionKind::Unshelve,
            Action::Rescue { .. } => ActionKind::Rescue,
            Action::Unrescue => ActionKind::Unrescue,
            Action::ChangePassword { .. } => ActionKind::ChangePassword,
            Action::Rebuild { .. } => ActionKind::Rebuild,
            Action::Resize { .. } => ActionKind::Resize,
            Action::ConfirmResize => ActionKind::ConfirmResize,
            Action::RevertResize => ActionKind::RevertResize,
            Action::CreateImage { .. } => ActionKind::CreateImage,
            Action::ForceDelete => ActionKind::ForceDelete,
            Action::Restore => ActionKind::Restore,
            Action::ConsoleOutput { .. } => ActionKind::ConsoleOutput,
        }
    }

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
                    rebuild.insert("metadata".into(), json!(metadata));
                }
                // False is Nova's default; the documented samples leave it out.
                if *preserve_ephemeral {
                    rebuild.insert("preserve_ephemeral".into(), json!(true));
                }
                json!({ "rebuild": rebuild })
            }
            Action::Resize { flavor_ref } => json!({"resize": {"flavorRef": flavor_ref}}),
            Action::ConfirmResize => json!({"confirmResize": null}),
            Action::RevertResize => json!({"revertResize": null}),
            Action::CreateImage { name, metadata } => json!({"createImage": {"name": name, "metadata": metadata}}),
            Action::ForceDelete => json!({"forceDelete": null}),
            Action::Restore => json!({"restore": null}),
            // The schema wants an object; without a length Nova returns the whole log.
            Action::ConsoleOutput { length: Some(n) } => json!({"os-getConsoleOutput": {"length": n}}),
            Action::ConsoleOutput { length: None } => json!({"os-getConsoleOutput": {}}),
        }
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

fn session_version(svc: &Service) -> Microversion {
    svc.microversion.unwrap_or(BASE)
}

fn action_path(server_id: &str) -> String {
    format!("/servers/{}/action", encode_component(server_id))
}

/// `POST /servers/{id}/action` with the body Nova documents for `action`.
pub fn request(svc: &Service, server_id: &str, action: &Action) -> Request {
    svc.post(&action_path(server_id), action.body(session_version(svc)))
}

/// What the panel can do to a server: the [`Action`]s plus the edits and the delete that go
/// through `PUT`/`DELETE /servers/{id}` (see `servers`).
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
    /// Every kind, in the order a menu would list them.
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
        ActionKind::Lock,
        ActionKind::Unlock,
        ActionKind::Rescue,
        ActionKind::Unrescue,
        ActionKind::Resize,
        ActionKind::ConfirmResize,
        ActionKind::RevertResize,
        ActionKind::Rebuild,
        ActionKind::CreateImage,
        ActionKind::ChangePassword,
        ActionKind::Rename,
        ActionKind::ChangeAccessIps,
        ActionKind::ConsoleOutput,
        ActionKind::Restore,
        ActionKind::Delete,
        ActionKind::ForceDelete,
    ];

    /// Button text.
    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Reboot => "Reboot",
            ActionKind::HardReboot => "Hard reboot",
            ActionKind::Start => "Start",
            ActionKind::Stop => "Stop",
            ActionKind::Pause => "Pause",
            ActionKind::Unpause => "Unpause",
            ActionKind::Suspend => "Suspend",
            ActionKind::Resume => "Resume",
            ActionKind::Lock => "Lock",
            ActionKind::Unlock => "Unlock",
            ActionKind::Shelve => "Shelve",
            ActionKind::Unshelve => "Unshelve",
            ActionKind::Rescue => "Rescue",
            ActionKind::Unrescue => "Unrescue",
            ActionKind::ChangePassword => "Change password",
            ActionKind::Rebuild => "Rebuild",
            ActionKind::Resize => "Resize",
            ActionKind::ConfirmResize => "Confirm resize",
            ActionKind::RevertResize => "Revert resize",
            ActionKind::CreateImage => "Create snapshot",
            ActionKind::ForceDelete => "Force delete",
            ActionKind::Restore => "Restore",
            ActionKind::ConsoleOutput => "Console log",
            ActionKind::Rename => "Rename",
            ActionKind::ChangeAccessIps => "Change access IPs",
            ActionKind::Delete => "Delete",
        }
    }

    /// Loses data or interrupts the server without warning: ask for confirmation naming it.
    pub fn destructive(self) -> bool {
        matches!(
            self,
            ActionKind::Delete
                | ActionKind::ForceDelete
                | ActionKind::Rebuild
                | ActionKind::HardReboot
                | ActionKind::Shelve
                | ActionKind::RevertResize
        )
    }

    /// The user must supply something (an image, a flavor, a name, a password) before it can
    /// be sent. Lock and rescue take optional input and can be sent as they are.
    pub fn needs_input(self) -> bool {
        matches!(
            self,
            ActionKind::ChangePassword
                | ActionKind::Rebuild
                | ActionKind::Resize
                | ActionKind::CreateImage
                | ActionKind::Rename
                | ActionKind::ChangeAccessIps
        )
    }
}

// vm_state values, from nova/objects/fields.py `InstanceState`.
const ACTIVE: &str = "active";
const BUILDING: &str = "building";
const PAUSED: &str = "paused";
const SUSPENDED: &str = "suspended";
const STOPPED: &str = "stopped";
const RESCUED: &str = "rescued";
const RESIZED: &str = "resized";
const SOFT_DELETED: &str = "soft-delete";
const DELETED: &str = "deleted";
const ERROR: &str = "error";
const SHELVED: &str = "shelved";
const SHELVED_OFFLOADED: &str = "shelved_offloaded";

/// nova/compute/task_states.py `ALLOW_REBOOT`: a hard reboot may interrupt these tasks, so a
/// server stuck rebooting or pausing can still be recovered.
const TASKS_HARD_REBOOT_MAY_INTERRUPT: [&str; 8] = [
    "rebooting",
    "reboot_pending",
    "reboot_started",
    "resuming",
    "rebooting_hard",
    "unpausing",
    "pausing",
    "suspending",
];

/// Rescuing a server booted from a volume is refused before this microversion
/// (nova/api/openstack/compute/rescue.py passes `allow_bfv_rescue` only from 2.87).
const VOLUME_BACKED_RESCUE: Microversion = Microversion::new(2, 87);

/// Which task states an action tolerates: the `task_state` argument of Nova's
/// `check_instance_state` decorator.
#[derive(Clone, Copy)]
enum TaskRule {
    /// The default `(None,)`: nothing may be in progress.
    Idle,
    /// `task_state=None`: not checked at all.
    Any,
    /// `task_states.ALLOW_REBOOT`.
    HardRebootable,
}

/// One action's preconditions as nova/compute/api.py declares them in the decorators of the
/// method the API calls: `@check_instance_lock` and `@check_instance_state(vm_state,
/// task_state, must_have_launched)`.
struct Rule {
    checks_lock: bool,
    /// `None`: any vm_state.
    vm_states: Option<&'static [&'static str]>,
    task: TaskRule,
    must_have_launched: bool,
}

impl Rule {
    /// `@check_instance_lock` + `@check_instance_state(vm_state=...)` with the defaults.
    const fn states(vm_states: &'static [&'static str]) -> Rule {
        Rule { checks_lock: true, vm_states: Some(vm_states), task: TaskRule::Idle, must_have_launched: true }
    }

    /// No decorator at all.
    const NONE: Rule = Rule { checks_lock: false, vm_states: None, task: TaskRule::Any, must_have_launched: false };
}

fn rule(kind: ActionKind) -> Rule {
    use ActionKind::*;
    match kind {
        // API.reboot -> _soft_reboot: ALLOW_SOFT_REBOOT, task_state=[None].
        Reboot => Rule::states(&[ACTIVE]),
        // API.reboot -> _hard_reboot: ALLOW_HARD_REBOOT, task_state=ALLOW_REBOOT.
        HardReboot => {
            Rule { task: TaskRule::HardRebootable, ..Rule::states(&[ACTIVE, STOPPED, PAUSED, SUSPENDED, ERROR]) }
        }
        Start => Rule::states(&[STOPPED]),
        // RESCUED was dropped from stop in 2014 ("VM in rescue state must have a restricted set
        // of actions"): a rescued server is left with unrescue.
        Stop => Rule::states(&[ACTIVE, ERROR]),
        Pause => Rule::states(&[ACTIVE]),
        Unpause => Rule::states(&[PAUSED]),
        Suspend => Rule::states(&[ACTIVE]),
        Resume => Rule::states(&[SUSPENDED]),
        Shelve => Rule::states(&[ACTIVE, STOPPED, PAUSED, SUSPENDED]),
        Unshelve => Rule::states(&[SHELVED, SHELVED_OFFLOADED]),
        Rescue => Rule::states(&[ACTIVE, STOPPED, ERROR]),
        Unrescue => Rule::states(&[RESCUED]),
        // API.set_admin_password.
        ChangePassword => Rule::states(&[ACTIVE]),
        Rebuild => Rule::states(&[ACTIVE, STOPPED, ERROR]),
        Resize => Rule::states(&[ACTIVE, STOPPED]),
        ConfirmResize | RevertResize => Rule::states(&[RESIZED]),
        // API.snapshot deliberately skips the lock check: "lock is intended to prevent
        // accidental change/delete of instances", and a snapshot changes neither.
        CreateImage => Rule { checks_lock: false, ..Rule::states(&[ACTIVE, STOPPED, PAUSED, SUSPENDED]) },
        Restore => Rule::states(&[SOFT_DELETED]),
        // API.force_delete accepts any state; it only means something for a soft-deleted
        // server (elsewhere it is a plain delete), so the panel offers it only there.
        ForceDelete => Rule { task: TaskRule::Any, must_have_launched: false, ..Rule::states(&[SOFT_DELETED]) },
        // API.delete: lock checked, any state, even mid-task or never launched.
        Delete => Rule { checks_lock: true, ..Rule::NONE },
        // API.lock/unlock have no decorators; the state they toggle is checked below.
        // API.update_instance (rename, access IPs) and get_console_output neither: a locked
        // server can still be renamed.
        Lock | Unlock | Rename | ChangeAccessIps | ConsoleOutput => Rule::NONE,
    }
}

/// What Nova would say to `kind` on `server` at microversion `mv`: `Ok(())`, or why not in
/// plain words. Mirrors the checks of nova/compute/api.py that the server's own attributes
/// can answer; policy, quota and host-side checks can still refuse later. Admins bypass the
/// lock, which the panel cannot see, so a locked server is treated as locked.
pub fn availability(kind: ActionKind, server: &Server, mv: Microversion) -> Result<(), String> {
    let Some((vm_state, task_state)) = states(server) else {
        return Err("Nova cannot tell this server's state right now, so nothing can be done to it.".into());
    };
    if vm_state == DELETED {
        return Err("The server has been deleted.".into());
    }
    // Before 2.9 the lock is not reported: let Nova decide.
    let locked = if supports(mv, Feature::LockedAttribute) { server.locked } else { None };
    let rule = rule(kind);

    if rule.checks_lock && locked == Some(true) {
        return Err(match server.locked_reason.as_deref().filter(|r| !r.is_empty()) {
            Some(reason) => format!("The server is locked ({reason}). Unlock it first."),
            None => "The server is locked. Unlock it first.".into(),
        });
    }
    if let Some(allowed) = rule.vm_states {
        if !allowed.contains(&vm_state) {
            let allowed: Vec<&str> = allowed.iter().map(|s| vm_state_words(s)).collect();
            return Err(format!(
                "{} needs the server to be {}; it is {}.",
                kind.label(),
                join_or(&allowed),
                vm_state_words(vm_state)
            ));
        }
    }
    let task_ok = match (rule.task, task_state.as_deref()) {
        (TaskRule::Any, _) | (_, None) => true,
        (TaskRule::HardRebootable, Some(task)) => TASKS_HARD_REBOOT_MAY_INTERRUPT.contains(&task),
        (TaskRule::Idle, Some(_)) => false,
    };
    if !task_ok {
        let task = task_state.unwrap_or_default().replace(['_', '-'], " ");
        return Err(format!("The server is busy ({task}). Wait until it finishes."));
    }
    if rule.must_have_launched && server.launched_at.is_none() {
        return Err("The server never started successfully, so Nova refuses this; delete it instead.".into());
    }

    match kind {
        ActionKind::Lock if locked == Some(true) => Err("The server is already locked.".into()),
        ActionKind::Unlock if locked == Some(false) => Err("The server is not locked.".into()),
        ActionKind::Rescue if server.image == ServerImage::None && mv < VOLUME_BACKED_RESCUE => Err(format!(
            "This server boots from a volume; rescuing it needs compute API {VOLUME_BACKED_RESCUE} or later."
        )),
        // API.get_console_output is decorated @check_instance_host: no host, no console.
        // Tenants cannot see the host, so these are the states that mean it has none.
        ActionKind::ConsoleOutput if !likely_on_a_host(server, vm_state, task_state.as_deref()) => {
            Err("The server is not on any host, so it has no console log.".into())
        }
        _ => Ok(()),
    }
}

/// The server's vm_state and task_state. When policy hides them (`OS-EXT-STS:*` absent), they
/// are inferred from the status, which Nova computes from them (nova/api/openstack/common.py
/// `_STATE_MAP`); a transitional status then stands for a task in progress.
fn states(server: &Server) -> Option<(&'static str, Option<String>)> {
    if let Some(vm_state) = server.vm_state.as_deref() {
        let known = [
            ACTIVE,
            BUILDING,
            PAUSED,
            SUSPENDED,
            STOPPED,
            RESCUED,
            RESIZED,
            SOFT_DELETED,
            DELETED,
            ERROR,
            SHELVED,
            SHELVED_OFFLOADED,
        ];
        return known.into_iter().find(|s| *s == vm_state).map(|s| (s, server.task_state.clone()));
    }
    let (vm_state, implied_task) = match server.status.as_str() {
        "ACTIVE" => (ACTIVE, None),
        "BUILD" => (BUILDING, Some("building")),
        "DELETED" => (DELETED, None),
        "ERROR" => (ERROR, None),
        "HARD_REBOOT" => (ACTIVE, Some("rebooting_hard")),
        "MIGRATING" => (ACTIVE, Some("migrating")),
        "PASSWORD" => (ACTIVE, Some("updating_password")),
        "PAUSED" => (PAUSED, None),
        "REBOOT" => (ACTIVE, Some("rebooting")),
        "REBUILD" => (ACTIVE, Some("rebuilding")),
        "RESCUE" => (RESCUED, None),
        "RESIZE" => (ACTIVE, Some("resizing")),
        "REVERT_RESIZE" => (RESIZED, Some("resize_reverting")),
        "SHELVED" => (SHELVED, None),
        "SHELVED_OFFLOADED" => (SHELVED_OFFLOADED, None),
        "SHUTOFF" => (STOPPED, None),
        "SOFT_DELETED" => (SOFT_DELETED, None),
        "SUSPENDED" => (SUSPENDED, None),
        "VERIFY_RESIZE" => (RESIZED, None),
        _ => return None,
    };
    Some((vm_state, server.task_state.clone().or(implied_task.map(String::from))))
}

/// A shelved-offloaded server has been removed from its host; one still being scheduled, or
/// that failed before ever starting (e.g. "No valid host was found"), never had one.
fn likely_on_a_host(server: &Server, vm_state: &str, task_state: Option<&str>) -> bool {
    let never_started = server.launched_at.is_none();
    match vm_state {
        SHELVED_OFFLOADED => false,
        BUILDING => task_state != Some("scheduling"),
        ERROR => !never_started,
        _ => true,
    }
}

fn vm_state_words(vm_state: &str) -> &str {
    match vm_state {
        ACTIVE => "active",
        BUILDING => "building",
        PAUSED => "paused",
        SUSPENDED => "suspended",
        STOPPED => "shut off",
        RESCUED => "in rescue mode",
        RESIZED => "waiting for its resize to be confirmed",
        SOFT_DELETED => "soft-deleted",
        DELETED => "deleted",
        ERROR => "in error",
        SHELVED => "shelved",
        SHELVED_OFFLOADED => "shelved and offloaded",
        other => other,
    }
}

/// "a", "a or b", "a, b or c".
fn join_or(words: &[&str]) -> String {
    match words.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[derive(Deserialize)]
struct ConsoleOutput {
    output: String,
}

/// The text of `{"output": "..."}`, the answer to [`Action::ConsoleOutput`].
pub fn parse_console_output(resp: &Response) -> Result<String, ApiError> {
    Ok(resp.json::<ConsoleOutput>()?.output)
}

#[derive(Deserialize)]
struct CreatedImage {
    image_id: String,
}

/// The id of the image [`Action::CreateImage`] started: in the body from 2.45, before that
/// only in the `Location` header (`.../images/{id}`), which a browser reads only when the
/// cloud's CORS settings expose it; `None` then.
pub fn parse_created_image(resp: &Response) -> Result<Option<String>, ApiError> {
    resp.check()?;
    if let Ok(created) = serde_json::from_str::<CreatedImage>(&resp.body) {
        return Ok(Some(created.image_id));
    }
    let id = resp
        .header("Location")
        .and_then(|location| location.trim_end_matches('/').rsplit('/').next())
        .filter(|id| !id.is_empty())
        .map(String::from);
    Ok(id)
}

/// A noVNC console URL. From 2.6 (Feature::RemoteConsoles) that is
/// `POST /servers/{id}/remote-consoles`; older sessions use the `os-getVNCConsole` action,
/// which Nova serves only up to 2.5.
pub fn remote_console(svc: &Service, server_id: &str) -> Request {
    if supports(session_version(svc), Feature::RemoteConsoles) {
        let body = json!({"remote_console": {"protocol": "vnc", "type": "novnc"}});
        svc.post(&format!("/servers/{}/remote-consoles", encode_component(server_id)), body)
    } else {
        svc.post(&action_path(server_id), json!({"os-getVNCConsole": {"type": "novnc"}}))
    }
}

#[derive(Deserialize)]
struct ConsoleUrl {
    url: String,
}

#[derive(Deserialize)]
enum RemoteConsole {
    #[serde(rename = "remote_console")]
    Current(ConsoleUrl),
    #[serde(rename = "console")]
    Legacy(ConsoleUrl),
}

/// The URL from either answer of [`remote_console`].
pub fn parse_remote_console(resp: &Response) -> Result<String, ApiError> {
    match resp.json::<RemoteConsole>()? {
        RemoteConsole::Current(console) | RemoteConsole::Legacy(console) => Ok(console.url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::servers::parse_one;
    use crate::api::Method;

    const SERVER: &str = include_str!("../../tests/fixtures/nova/server-get-resp-v2.100.json");
    const CONSOLE_OUTPUT: &str = include_str!("../../tests/fixtures/nova/console-output-post-resp.json");
    const CREATED_IMAGE: &str = include_str!("../../tests/fixtures/nova/server-action-create-image-resp-v2.45.json");
    const VNC_V2_6: &str = include_str!("../../tests/fixtures/nova/create-vnc-console-resp-v2.6.json");
    const VNC_V2_1: &str = include_str!("../../tests/fixtures/nova/get-vnc-console-post-resp-v2.1.json");

    const LATEST: Microversion = Microversion::new(2, 100);

    fn svc(mv: Option<Microversion>) -> Service {
        Service { endpoint: "http://127.0.0.1:8774/v2.1".into(), token: "tok".into(), microversion: mv }
    }

    fn body(action: Action) -> Value {
        body_at(LATEST, action)
    }

    fn body_at(mv: Microversion, action: Action) -> Value {
        request(&svc(Some(mv)), "abc", &action).body.unwrap()
    }

    fn ok(body: &str) -> Response {
        Response { status: 200, headers: vec![], body: body.into() }
    }

    /// The documented ACTIVE server with its state fields replaced.
    fn server(vm_state: &str, task_state: Option<&str>) -> Server {
        Server {
            vm_state: Some(vm_state.into()),
            task_state: task_state.map(String::from),
            ..parse_one(&ok(SERVER)).unwrap()
        }
    }

    fn allowed(kind: ActionKind, server: &Server) -> bool {
        availability(kind, server, LATEST).is_ok()
    }

    #[test]
    fn request_targets_the_action_url() {
        let req = request(&svc(Some(LATEST)), "0e44cc9c", &Action::Start);
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
        assert_eq!(body(Action::ConsoleOutput { length: Some(50) }), json!({"os-getConsoleOutput": {"length": 50}}));
        assert_eq!(body(Action::ConsoleOutput { length: None }), json!({"os-getConsoleOutput": {}}));
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
    fn every_action_maps_to_its_kind_and_every_kind_is_listed_once() {
        assert_eq!(Action::Reboot { hard: true }.kind(), ActionKind::HardReboot);
        assert_eq!(Action::ConsoleOutput { length: None }.kind(), ActionKind::ConsoleOutput);
        for (i, kind) in ActionKind::ALL.iter().enumerate() {
            assert!(!ActionKind::ALL[i + 1..].contains(kind), "{kind:?} listed twice");
            assert!(!kind.label().is_empty());
        }
        assert_eq!(ActionKind::HardReboot.label(), "Hard reboot");
        assert!(ActionKind::HardReboot.destructive() && ActionKind::Delete.destructive());
        assert!(!ActionKind::Reboot.destructive() && !ActionKind::Stop.destructive());
        assert!(ActionKind::Rebuild.needs_input() && ActionKind::Rename.needs_input());
        assert!(!ActionKind::Start.needs_input() && !ActionKind::Lock.needs_input());
    }

    #[test]
    fn active_server_offers_the_active_actions() {
        let s = server(ACTIVE, None);
        for kind in [
            ActionKind::Reboot,
            ActionKind::HardReboot,
            ActionKind::Stop,
            ActionKind::Pause,
            ActionKind::Suspend,
            ActionKind::Shelve,
            ActionKind::Rescue,
            ActionKind::ChangePassword,
            ActionKind::Rebuild,
            ActionKind::Resize,
            ActionKind::CreateImage,
            ActionKind::Lock,
            ActionKind::Rename,
            ActionKind::ConsoleOutput,
            ActionKind::Delete,
        ] {
            assert_eq!(availability(kind, &s, LATEST), Ok(()), "{kind:?}");
        }
        assert_eq!(
            availability(ActionKind::Start, &s, LATEST),
            Err("Start needs the server to be shut off; it is active.".into())
        );
        assert_eq!(
            availability(ActionKind::ConfirmResize, &s, LATEST),
            Err("Confirm resize needs the server to be waiting for its resize to be confirmed; it is active.".into())
        );
        for kind in
            [ActionKind::Unpause, ActionKind::Resume, ActionKind::Unshelve, ActionKind::Unrescue, ActionKind::Unlock]
        {
            assert!(!allowed(kind, &s), "{kind:?}");
        }
        // Offered only where it means something: on a soft-deleted server.
        assert!(!allowed(ActionKind::ForceDelete, &s));
        assert!(!allowed(ActionKind::Restore, &s));
    }

    #[test]
    fn state_lists_follow_nova_compute_api() {
        let shutoff = server(STOPPED, None);
        assert!(allowed(ActionKind::Start, &shutoff));
        assert!(allowed(ActionKind::HardReboot, &shutoff));
        assert!(!allowed(ActionKind::Reboot, &shutoff));
        assert!(!allowed(ActionKind::Stop, &shutoff));
        assert!(!allowed(ActionKind::ChangePassword, &shutoff));

        let error = server(ERROR, None);
        assert!(allowed(ActionKind::Stop, &error));
        assert!(allowed(ActionKind::Rebuild, &error));
        assert_eq!(
            availability(ActionKind::Resize, &error, LATEST),
            Err("Resize needs the server to be active or shut off; it is in error.".into())
        );

        let rescued = server(RESCUED, None);
        assert!(allowed(ActionKind::Unrescue, &rescued));
        assert!(!allowed(ActionKind::Stop, &rescued));

        let verify = server(RESIZED, None);
        assert!(allowed(ActionKind::ConfirmResize, &verify) && allowed(ActionKind::RevertResize, &verify));

        let soft_deleted = server(SOFT_DELETED, None);
        assert!(allowed(ActionKind::Restore, &soft_deleted) && allowed(ActionKind::ForceDelete, &soft_deleted));

        let offloaded = server(SHELVED_OFFLOADED, None);
        assert!(allowed(ActionKind::Unshelve, &offloaded));
        assert_eq!(
            availability(ActionKind::ConsoleOutput, &offloaded, LATEST),
            Err("The server is not on any host, so it has no console log.".into())
        );

        assert_eq!(
            availability(ActionKind::Shelve, &server(RESIZED, None), LATEST),
            Err("Shelve needs the server to be active, shut off, paused or suspended; it is waiting for its resize to be confirmed.".into())
        );
        assert_eq!(
            availability(ActionKind::Delete, &server(DELETED, None), LATEST),
            Err("The server has been deleted.".into())
        );
    }

    #[test]
    fn a_running_task_blocks_all_but_delete_and_hard_reboot() {
        let stuck = server(ACTIVE, Some("rebooting"));
        assert_eq!(
            availability(ActionKind::Reboot, &stuck, LATEST),
            Err("The server is busy (rebooting). Wait until it finishes.".into())
        );
        assert!(allowed(ActionKind::HardReboot, &stuck));
        assert!(allowed(ActionKind::Delete, &stuck));

        let snapshotting = server(ACTIVE, Some("image_snapshot"));
        assert!(!allowed(ActionKind::HardReboot, &snapshotting));
        assert_eq!(
            availability(ActionKind::Stop, &server(ACTIVE, Some("powering-off")), LATEST),
            Err("The server is busy (powering off). Wait until it finishes.".into())
        );
    }

    #[test]
    fn a_lock_blocks_changes_but_not_snapshots_renames_or_the_console() {
        let locked = Server { locked: Some(true), locked_reason: Some("audit".into()), ..server(ACTIVE, None) };
        assert_eq!(
            availability(ActionKind::Delete, &locked, LATEST),
            Err("The server is locked (audit). Unlock it first.".into())
        );
        assert!(!allowed(ActionKind::Stop, &locked));
        for kind in [ActionKind::Unlock, ActionKind::CreateImage, ActionKind::Rename, ActionKind::ConsoleOutput] {
            assert!(allowed(kind, &locked), "{kind:?}");
        }
        assert_eq!(availability(ActionKind::Lock, &locked, LATEST), Err("The server is already locked.".into()));
        // Before 2.9 Nova does not say, so neither is refused.
        let unknown = Microversion::new(2, 8);
        assert!(availability(ActionKind::Lock, &locked, unknown).is_ok());
        assert!(availability(ActionKind::Unlock, &server(ACTIVE, None), unknown).is_ok());
    }

    #[test]
    fn a_server_that_never_launched_can_only_be_deleted() {
        let failed = Server { launched_at: None, ..server(ERROR, None) };
        assert_eq!(
            availability(ActionKind::Rebuild, &failed, LATEST),
            Err("The server never started successfully, so Nova refuses this; delete it instead.".into())
        );
        assert!(allowed(ActionKind::Delete, &failed));
        assert!(!allowed(ActionKind::ConsoleOutput, &failed));
    }

    #[test]
    fn volume_backed_rescue_needs_2_87() {
        let bfv = Server { image: ServerImage::None, ..server(ACTIVE, None) };
        assert!(availability(ActionKind::Rescue, &bfv, Microversion::new(2, 86)).is_err());
        assert!(availability(ActionKind::Rescue, &bfv, Microversion::new(2, 87)).is_ok());
    }

    #[test]
    fn hidden_extended_status_is_inferred_from_status() {
        let shutoff = Server { vm_state: None, task_state: None, status: "SHUTOFF".into(), ..server(ACTIVE, None) };
        assert!(allowed(ActionKind::Start, &shutoff));
        let resizing = Server { status: "RESIZE".into(), ..shutoff.clone() };
        assert!(!allowed(ActionKind::Stop, &resizing));
        let unknown = Server { status: "UNKNOWN".into(), ..shutoff };
        assert!(!allowed(ActionKind::Delete, &unknown));
    }

    #[test]
    fn inferred_task_matches_transitional_statuses() {
        for status in crate::api::servers::ALL_STATUSES.into_iter().filter(|s| *s != "UNKNOWN") {
            let s = Server { status: status.into(), ..Server::default() };
            let (_, task) = states(&s).unwrap();
            assert_eq!(task.is_some(), crate::api::servers::status_info(status).transitional, "{status}");
        }
    }

    #[test]
    fn parses_console_output() {
        assert_eq!(parse_console_output(&ok(CONSOLE_OUTPUT)).unwrap(), "FAKE CONSOLE OUTPUT\nANOTHER\nLAST LINE");
    }

    #[test]
    fn created_image_id_from_body_or_location() {
        let from_body = Response { status: 202, headers: vec![], body: CREATED_IMAGE.into() };
        assert_eq!(parse_created_image(&from_body).unwrap().as_deref(), Some("0e7761dd-ee98-41f0-ba35-05994e446431"));
        let location = "http://glance.example.com/images/0e7761dd-ee98-41f0-ba35-05994e446431";
        let from_header =
            Response { status: 202, headers: vec![("location".into(), location.into())], body: String::new() };
        assert_eq!(parse_created_image(&from_header).unwrap().as_deref(), Some("0e7761dd-ee98-41f0-ba35-05994e446431"));
        let hidden = Response { status: 202, headers: vec![], body: String::new() };
        assert_eq!(parse_created_image(&hidden).unwrap(), None);
        let conflict = Response { status: 409, headers: vec![], body: String::new() };
        assert!(matches!(parse_created_image(&conflict), Err(ApiError::Conflict(_))));
    }

    #[test]
    fn remote_console_request_and_answer_per_version() {
        let req = remote_console(&svc(Some(LATEST)), "abc");
        assert_eq!(req.url, "http://127.0.0.1:8774/v2.1/servers/abc/remote-consoles");
        assert_eq!(req.body, Some(json!({"remote_console": {"protocol": "vnc", "type": "novnc"}})));
        for old in [None, Some(Microversion::new(2, 5))] {
            let legacy = remote_console(&svc(old), "abc");
            assert_eq!(legacy.url, "http://127.0.0.1:8774/v2.1/servers/abc/action");
            assert_eq!(legacy.body, Some(json!({"os-getVNCConsole": {"type": "novnc"}})));
        }
        assert_eq!(
            parse_remote_console(&ok(VNC_V2_6)).unwrap(),
            "http://example.com:6080/vnc_auto.html?path=%3Ftoken%3Db60bcfc3-5fd4-4d21-986c-e83379107819"
        );
        assert_eq!(
            parse_remote_console(&ok(VNC_V2_1)).unwrap(),
            "http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3Ddaae261f-474d-4cae-8f6a-1865278ed8c9"
        );
    }
}
