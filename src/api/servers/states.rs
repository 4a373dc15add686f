//! Which actions Nova accepts in a server's current state: the rules of nova/compute/api.py,
//! apart from the request bodies, so the panel can explain instead of offering a button that
//! fails with 409. The reasons are data ([`Refusal`]); the views put them into words.

use super::actions::ActionKind;
use super::{Server, ServerImage};
use crate::api::versions::{supports, Feature, Microversion};

/// A server's `vm_state`, from nova/objects/fields.py `InstanceState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VmState {
    Active,
    Building,
    Paused,
    Suspended,
    Stopped,
    Rescued,
    Resized,
    SoftDeleted,
    Deleted,
    Error,
    Shelved,
    ShelvedOffloaded,
}

use VmState::*;

impl VmState {
    pub fn parse(vm_state: &str) -> Option<VmState> {
        Some(match vm_state {
            "active" => Active,
            "building" => Building,
            "paused" => Paused,
            "suspended" => Suspended,
            "stopped" => Stopped,
            "rescued" => Rescued,
            "resized" => Resized,
            "soft-delete" => SoftDeleted,
            "deleted" => Deleted,
            "error" => Error,
            "shelved" => Shelved,
            "shelved_offloaded" => ShelvedOffloaded,
            _ => return None,
        })
    }
}

/// Why Nova would refuse an action now.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// Nova reports no state the panel knows (UNKNOWN: part of the cloud is unreachable).
    StateUnknown,
    Deleted,
    /// Locked, with the reason its locker gave (2.73+).
    Locked { reason: Option<String> },
    /// The action needs one of `needs`; the server is in `is`.
    WrongState { kind: ActionKind, needs: &'static [VmState], is: VmState },
    /// A task is in progress (Nova's `task_state`, e.g. `powering-off`).
    Busy { task: String },
    /// The server never started (e.g. "No valid host was found").
    NeverLaunched,
    AlreadyLocked,
    NotLocked,
    /// Rescuing a volume-backed server needs this microversion.
    VolumeRescue { since: Microversion },
    /// Not on any host, so no console log.
    NoHost,
}

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
    vm_states: Option<&'static [VmState]>,
    task: TaskRule,
    must_have_launched: bool,
}

impl Rule {
    /// `@check_instance_lock` + `@check_instance_state(vm_state=...)` with the defaults.
    const fn states(vm_states: &'static [VmState]) -> Rule {
        Rule { checks_lock: true, vm_states: Some(vm_states), task: TaskRule::Idle, must_have_launched: true }
    }

    /// No decorator at all.
    const NONE: Rule = Rule { checks_lock: false, vm_states: None, task: TaskRule::Any, must_have_launched: false };
}

fn rule(kind: ActionKind) -> Rule {
    use ActionKind::*;
    match kind {
        // API.reboot -> _soft_reboot: ALLOW_SOFT_REBOOT, task_state=[None].
        Reboot => Rule::states(&[Active]),
        // API.reboot -> _hard_reboot: ALLOW_HARD_REBOOT, task_state=ALLOW_REBOOT.
        HardReboot => {
            Rule { task: TaskRule::HardRebootable, ..Rule::states(&[Active, Stopped, Paused, Suspended, Error]) }
        }
        Start => Rule::states(&[Stopped]),
        // Rescued was dropped from stop in 2014 ("VM in rescue state must have a restricted set
        // of actions"): a rescued server is left with unrescue.
        Stop => Rule::states(&[Active, Error]),
        Pause => Rule::states(&[Active]),
        Unpause => Rule::states(&[Paused]),
        Suspend => Rule::states(&[Active]),
        Resume => Rule::states(&[Suspended]),
        Shelve => Rule::states(&[Active, Stopped, Paused, Suspended]),
        Unshelve => Rule::states(&[Shelved, ShelvedOffloaded]),
        Rescue => Rule::states(&[Active, Stopped, Error]),
        Unrescue => Rule::states(&[Rescued]),
        // API.set_admin_password.
        ChangePassword => Rule::states(&[Active]),
        Rebuild => Rule::states(&[Active, Stopped, Error]),
        Resize => Rule::states(&[Active, Stopped]),
        ConfirmResize | RevertResize => Rule::states(&[Resized]),
        // API.snapshot deliberately skips the lock check: "lock is intended to prevent
        // accidental change/delete of instances", and a snapshot changes neither.
        CreateImage => Rule { checks_lock: false, ..Rule::states(&[Active, Stopped, Paused, Suspended]) },
        Restore => Rule::states(&[SoftDeleted]),
        // API.force_delete accepts any state; it only means something for a soft-deleted
        // server (elsewhere it is a plain delete), so the panel offers it only there.
        ForceDelete => Rule { task: TaskRule::Any, must_have_launched: false, ..Rule::states(&[SoftDeleted]) },
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
/// What Nova would say to `kind` on `server` at microversion `mv`: `Ok(())`, or why not.
/// Mirrors the checks of nova/compute/api.py that the server's own attributes can answer;
/// policy, quota and host-side checks can still refuse later. Admins bypass the lock, which
/// the panel cannot see, so a locked server is treated as locked.
pub fn availability(kind: ActionKind, server: &Server, mv: Microversion) -> Result<(), Refusal> {
    let Some((vm_state, task_state)) = states(server) else {
        return Err(Refusal::StateUnknown);
    };
    if vm_state == Deleted {
        return Err(Refusal::Deleted);
    }
    // Before 2.9 the lock is not reported: let Nova decide.
    let locked = if supports(mv, Feature::LockedAttribute) { server.locked } else { None };
    let rule = rule(kind);

    if rule.checks_lock && locked == Some(true) {
        let reason = server.locked_reason.clone().filter(|r| !r.is_empty());
        return Err(Refusal::Locked { reason });
    }
    if let Some(needs) = rule.vm_states {
        if !needs.contains(&vm_state) {
            return Err(Refusal::WrongState { kind, needs, is: vm_state });
        }
    }
    let task_ok = match (rule.task, task_state) {
        (TaskRule::Any, _) | (_, None) => true,
        (TaskRule::HardRebootable, Some(task)) => TASKS_HARD_REBOOT_MAY_INTERRUPT.contains(&task),
        (TaskRule::Idle, Some(_)) => false,
    };
    if !task_ok {
        return Err(Refusal::Busy { task: task_state.unwrap_or_default().to_string() });
    }
    if rule.must_have_launched && server.launched_at.is_none() {
        return Err(Refusal::NeverLaunched);
    }

    match kind {
        ActionKind::Lock if locked == Some(true) => Err(Refusal::AlreadyLocked),
        ActionKind::Unlock if locked == Some(false) => Err(Refusal::NotLocked),
        ActionKind::Rescue if server.image == ServerImage::None && mv < VOLUME_BACKED_RESCUE => {
            Err(Refusal::VolumeRescue { since: VOLUME_BACKED_RESCUE })
        }
        // API.get_console_output is decorated @check_instance_host: no host, no console.
        // Tenants cannot see the host, so these are the states that mean it has none.
        ActionKind::ConsoleOutput if !likely_on_a_host(server, vm_state, task_state) => Err(Refusal::NoHost),
        _ => Ok(()),
    }
}

/// The vm_state and the task a status stands for, when policy hides `OS-EXT-STS:*`: Nova
/// computes the status from them (nova/api/openstack/common.py `_STATE_MAP`).
fn status_states(status: &str) -> Option<(VmState, Option<&'static str>)> {
    Some(match status {
        "ACTIVE" => (Active, None),
        "BUILD" => (Building, Some("building")),
        "DELETED" => (Deleted, None),
        "ERROR" => (Error, None),
        "HARD_REBOOT" => (Active, Some("rebooting_hard")),
        "MIGRATING" => (Active, Some("migrating")),
        "PASSWORD" => (Active, Some("updating_password")),
        "PAUSED" => (Paused, None),
        "REBOOT" => (Active, Some("rebooting")),
        "REBUILD" => (Active, Some("rebuilding")),
        "RESCUE" => (Rescued, None),
        "RESIZE" => (Active, Some("resizing")),
        "REVERT_RESIZE" => (Resized, Some("resize_reverting")),
        "SHELVED" => (Shelved, None),
        "SHELVED_OFFLOADED" => (ShelvedOffloaded, None),
        "SHUTOFF" => (Stopped, None),
        "SOFT_DELETED" => (SoftDeleted, None),
        "SUSPENDED" => (Suspended, None),
        "VERIFY_RESIZE" => (Resized, None),
        _ => return None,
    })
}

/// The status itself names a change in progress (BUILD, REBOOT, RESIZE, ...). Waiting for the
/// user is not one: VERIFY_RESIZE has no task.
pub fn is_transitional(status: &str) -> bool {
    status_states(status).is_some_and(|(_, task)| task.is_some())
}

/// The server's vm_state and task_state, inferred from the status when policy hides them.
fn states(server: &Server) -> Option<(VmState, Option<&str>)> {
    match server.vm_state.as_deref() {
        Some(vm_state) => Some((VmState::parse(vm_state)?, server.task_state.as_deref())),
        None => {
            let (vm_state, implied_task) = status_states(&server.status)?;
            Some((vm_state, server.task_state.as_deref().or(implied_task)))
        }
    }
}

/// A shelved-offloaded server has been removed from its host; one still being scheduled, or
/// that failed before ever starting (e.g. "No valid host was found"), never had one.
fn likely_on_a_host(server: &Server, vm_state: VmState, task_state: Option<&str>) -> bool {
    let never_started = server.launched_at.is_none();
    match vm_state {
        ShelvedOffloaded => false,
        Building => task_state != Some("scheduling"),
        Error => !never_started,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::servers::parse_one;
    use crate::api::test_support::ok;
    use crate::api::versions::NEWEST_SUPPORTED as LATEST;

    const SERVER: &str = include_str!("../../../tests/fixtures/nova/server-get-resp-v2.100.json");

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
    fn active_server_offers_the_active_actions() {
        let s = server("active", None);
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
            Err(Refusal::WrongState { kind: ActionKind::Start, needs: &[Stopped], is: Active })
        );
        assert_eq!(
            availability(ActionKind::ConfirmResize, &s, LATEST),
            Err(Refusal::WrongState { kind: ActionKind::ConfirmResize, needs: &[Resized], is: Active })
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
        let shutoff = server("stopped", None);
        assert!(allowed(ActionKind::Start, &shutoff));
        assert!(allowed(ActionKind::HardReboot, &shutoff));
        assert!(!allowed(ActionKind::Reboot, &shutoff));
        assert!(!allowed(ActionKind::Stop, &shutoff));
        assert!(!allowed(ActionKind::ChangePassword, &shutoff));

        let error = server("error", None);
        assert!(allowed(ActionKind::Stop, &error));
        assert!(allowed(ActionKind::Rebuild, &error));
        assert_eq!(
            availability(ActionKind::Resize, &error, LATEST),
            Err(Refusal::WrongState { kind: ActionKind::Resize, needs: &[Active, Stopped], is: Error })
        );

        let rescued = server("rescued", None);
        assert!(allowed(ActionKind::Unrescue, &rescued));
        assert!(!allowed(ActionKind::Stop, &rescued));

        let verify = server("resized", None);
        assert!(allowed(ActionKind::ConfirmResize, &verify) && allowed(ActionKind::RevertResize, &verify));

        let soft_deleted = server("soft-delete", None);
        assert!(allowed(ActionKind::Restore, &soft_deleted) && allowed(ActionKind::ForceDelete, &soft_deleted));

        let offloaded = server("shelved_offloaded", None);
        assert!(allowed(ActionKind::Unshelve, &offloaded));
        assert_eq!(
            availability(ActionKind::ConsoleOutput, &offloaded, LATEST),
            Err(Refusal::NoHost)
        );

        assert_eq!(
            availability(ActionKind::Shelve, &server("resized", None), LATEST),
            Err(Refusal::WrongState { kind: ActionKind::Shelve, needs: &[Active, Stopped, Paused, Suspended], is: Resized })
        );
        assert_eq!(
            availability(ActionKind::Delete, &server("deleted", None), LATEST),
            Err(Refusal::Deleted)
        );
    }

    #[test]
    fn a_running_task_blocks_all_but_delete_and_hard_reboot() {
        let stuck = server("active", Some("rebooting"));
        assert_eq!(
            availability(ActionKind::Reboot, &stuck, LATEST),
            Err(Refusal::Busy { task: "rebooting".into() })
        );
        assert!(allowed(ActionKind::HardReboot, &stuck));
        assert!(allowed(ActionKind::Delete, &stuck));

        let snapshotting = server("active", Some("image_snapshot"));
        assert!(!allowed(ActionKind::HardReboot, &snapshotting));
        assert_eq!(
            availability(ActionKind::Stop, &server("active", Some("powering-off")), LATEST),
            Err(Refusal::Busy { task: "powering-off".into() })
        );
    }

    #[test]
    fn a_lock_blocks_changes_but_not_snapshots_renames_or_the_console() {
        let locked = Server { locked: Some(true), locked_reason: Some("audit".into()), ..server("active", None) };
        assert_eq!(
            availability(ActionKind::Delete, &locked, LATEST),
            Err(Refusal::Locked { reason: Some("audit".into()) })
        );
        assert!(!allowed(ActionKind::Stop, &locked));
        for kind in [ActionKind::Unlock, ActionKind::CreateImage, ActionKind::Rename, ActionKind::ConsoleOutput] {
            assert!(allowed(kind, &locked), "{kind:?}");
        }
        assert_eq!(availability(ActionKind::Lock, &locked, LATEST), Err(Refusal::AlreadyLocked));
        // Before 2.9 Nova does not say, so neither is refused.
        let unknown = Microversion::new(2, 8);
        assert!(availability(ActionKind::Lock, &locked, unknown).is_ok());
        assert!(availability(ActionKind::Unlock, &server("active", None), unknown).is_ok());
    }

    #[test]
    fn a_server_that_never_launched_can_only_be_deleted() {
        let failed = Server { launched_at: None, ..server("error", None) };
        assert_eq!(
            availability(ActionKind::Rebuild, &failed, LATEST),
            Err(Refusal::NeverLaunched)
        );
        assert!(allowed(ActionKind::Delete, &failed));
        assert!(!allowed(ActionKind::ConsoleOutput, &failed));
    }

    #[test]
    fn volume_backed_rescue_needs_2_87() {
        let bfv = Server { image: ServerImage::None, ..server("active", None) };
        assert!(availability(ActionKind::Rescue, &bfv, Microversion::new(2, 86)).is_err());
        assert!(availability(ActionKind::Rescue, &bfv, Microversion::new(2, 87)).is_ok());
    }

    #[test]
    fn hidden_extended_status_is_inferred_from_status() {
        let shutoff = Server { vm_state: None, task_state: None, status: "SHUTOFF".into(), ..server("active", None) };
        assert!(allowed(ActionKind::Start, &shutoff));
        let resizing = Server { status: "RESIZE".into(), ..shutoff.clone() };
        assert!(!allowed(ActionKind::Stop, &resizing));
        let unknown = Server { status: "UNKNOWN".into(), ..shutoff };
        assert!(!allowed(ActionKind::Delete, &unknown));
    }

    #[test]
    fn inferred_task_matches_transitional_statuses() {
        let transitional = ["BUILD", "HARD_REBOOT", "MIGRATING", "PASSWORD", "REBOOT", "REBUILD", "RESIZE", "REVERT_RESIZE"];
        for status in crate::api::servers::ALL_STATUSES.into_iter().filter(|s| *s != "UNKNOWN") {
            let s = Server { status: status.into(), ..Server::default() };
            assert!(states(&s).is_some(), "{status}");
            assert_eq!(is_transitional(status), transitional.contains(&status), "{status}");
        }
        // Waiting for the user is not a transition: task_state is null in VERIFY_RESIZE.
        assert!(!is_transitional("VERIFY_RESIZE") && !is_transitional("something new"));
    }
}
