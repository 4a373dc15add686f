//! The panel's words for server actions: each kind's label, its group in the actions bar,
//! whether it asks before acting or needs input, and Nova's refusals in plain words. Adding an
//! action means a body in `api::servers::actions`, a rule in `api::servers::states`, and one
//! entry here (plus its dialog fields, if any, in `action_form`).

use crate::api::servers::actions::ActionKind;
use crate::api::servers::states::{Refusal, VmState};
use crate::components::format::state_words;

/// Groups of the detail page's actions bar, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Power,
    State,
    Resize,
    Image,
    Edit,
    Delete,
}

impl Group {
    pub const ALL: [Group; 6] = [Group::Power, Group::State, Group::Resize, Group::Image, Group::Edit, Group::Delete];

    pub fn label(self) -> &'static str {
        match self {
            Group::Power => "Power",
            Group::State => "State",
            Group::Resize => "Resize",
            Group::Image => "Image",
            Group::Edit => "Edit",
            Group::Delete => "Delete",
        }
    }

    /// The group's kinds, in the panel's order.
    pub fn kinds(self) -> impl Iterator<Item = ActionKind> {
        ActionKind::ALL.into_iter().filter(move |k| entry(*k).group == Some(self))
    }
}

/// What the user must give before an action can be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    None,
    /// Something optional worth a dialog (a lock reason, a rescue password).
    Optional,
    /// An image, a flavor, a name or a password.
    Required,
}

/// How the panel presents one kind of action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Button text.
    pub label: &'static str,
    /// `None`: not in the actions bar (the console log has a tab of its own).
    pub group: Option<Group>,
    /// Loses data or interrupts the server without warning: ask first, naming it.
    pub destructive: bool,
    pub input: Input,
}

pub fn entry(kind: ActionKind) -> Entry {
    use ActionKind::*;
    use Group as G;
    let (label, group, destructive, input) = match kind {
        Start => ("Start", G::Power, false, Input::None),
        Stop => ("Stop", G::Power, false, Input::None),
        Reboot => ("Reboot", G::Power, false, Input::None),
        HardReboot => ("Hard reboot", G::Power, true, Input::None),
        Pause => ("Pause", G::State, false, Input::None),
        Unpause => ("Unpause", G::State, false, Input::None),
        Suspend => ("Suspend", G::State, false, Input::None),
        Resume => ("Resume", G::State, false, Input::None),
        Shelve => ("Shelve", G::State, true, Input::None),
        Unshelve => ("Unshelve", G::State, false, Input::None),
        Rescue => ("Rescue", G::State, false, Input::Optional),
        Unrescue => ("Unrescue", G::State, false, Input::None),
        Lock => ("Lock", G::State, false, Input::Optional),
        Unlock => ("Unlock", G::State, false, Input::None),
        Resize => ("Resize", G::Resize, false, Input::Required),
        ConfirmResize => ("Confirm resize", G::Resize, false, Input::None),
        RevertResize => ("Revert resize", G::Resize, true, Input::None),
        Rebuild => ("Rebuild", G::Image, true, Input::Required),
        CreateImage => ("Create snapshot", G::Image, false, Input::Required),
        Rename => ("Rename", G::Edit, false, Input::Required),
        ChangeAccessIps => ("Change access IPs", G::Edit, false, Input::Required),
        ChangePassword => ("Change password", G::Edit, false, Input::Required),
        Restore => ("Restore", G::Delete, false, Input::None),
        Delete => ("Delete", G::Delete, true, Input::None),
        ForceDelete => ("Force delete", G::Delete, true, Input::None),
        ConsoleOutput => return Entry { label: "Console log", group: None, destructive: false, input: Input::None },
    };
    Entry { label, group: Some(group), destructive, input }
}

pub fn label(kind: ActionKind) -> &'static str {
    entry(kind).label
}

/// Goes through the dialog (to confirm, or to ask for input) rather than straight to Nova.
pub fn opens_dialog(kind: ActionKind) -> bool {
    let e = entry(kind);
    e.destructive || e.input != Input::None
}

/// The question a destructive action asks, naming the server.
pub fn confirm_sentence(kind: ActionKind, name: &str) -> String {
    match kind {
        ActionKind::Delete => format!(
            "Delete \"{name}\"? Its disks are destroyed: this cannot be undone, unless this cloud keeps \
             deleted servers for a while (then Restore brings it back)."
        ),
        ActionKind::ForceDelete => format!("Delete \"{name}\" now, without the grace period for restoring it?"),
        ActionKind::Rebuild => format!("Rebuild \"{name}\"? Everything on its root disk is replaced by the image."),
        ActionKind::HardReboot => format!("Hard reboot \"{name}\"? It is powered off and on without warning the guest."),
        ActionKind::Shelve => format!("Shelve \"{name}\"? It is shut down and may be moved off its host."),
        ActionKind::RevertResize => format!("Revert \"{name}\" to its old flavor? Changes since the resize are lost."),
        _ => format!("{} \"{name}\"?", label(kind)),
    }
}

fn vm_state_words(vm_state: VmState) -> &'static str {
    match vm_state {
        VmState::Active => "active",
        VmState::Building => "building",
        VmState::Paused => "paused",
        VmState::Suspended => "suspended",
        VmState::Stopped => "shut off",
        VmState::Rescued => "in rescue mode",
        VmState::Resized => "waiting for its resize to be confirmed",
        VmState::SoftDeleted => "soft-deleted",
        VmState::Deleted => "deleted",
        VmState::Error => "in error",
        VmState::Shelved => "shelved",
        VmState::ShelvedOffloaded => "shelved and offloaded",
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

/// Why Nova would refuse, for a button's tooltip or a batch summary.
pub fn refusal_words(refusal: &Refusal) -> String {
    match refusal {
        Refusal::StateUnknown => "Nova cannot tell this server's state right now, so nothing can be done to it.".into(),
        Refusal::Deleted => "The server has been deleted.".into(),
        Refusal::Locked { reason: Some(reason) } => format!("The server is locked ({reason}). Unlock it first."),
        Refusal::Locked { reason: None } => "The server is locked. Unlock it first.".into(),
        Refusal::WrongState { kind, needs, is } => {
            let needs: Vec<&str> = needs.iter().map(|s| vm_state_words(*s)).collect();
            format!("{} needs the server to be {}; it is {}.", label(*kind), join_or(&needs), vm_state_words(*is))
        }
        Refusal::Busy { task } => format!("The server is busy ({}). Wait until it finishes.", state_words(task)),
        Refusal::NeverLaunched => {
            "The server never started successfully, so Nova refuses this; delete it instead.".into()
        }
        Refusal::AlreadyLocked => "The server is already locked.".into(),
        Refusal::NotLocked => "The server is not locked.".into(),
        Refusal::VolumeRescue { since } => {
            format!("This server boots from a volume; rescuing it needs compute API {since} or later.")
        }
        Refusal::NoHost => "The server is not on any host, so it has no console log.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::servers::states::availability;
    use crate::api::servers::Server;
    use crate::api::versions::NEWEST_SUPPORTED as LATEST;

    fn server(vm_state: &str, task_state: Option<&str>) -> Server {
        Server {
            vm_state: Some(vm_state.into()),
            task_state: task_state.map(String::from),
            launched_at: Some("2026-11-23T21:36:00Z".into()),
            ..Default::default()
        }
    }

    fn why(kind: ActionKind, server: &Server) -> String {
        refusal_words(&availability(kind, server, LATEST).unwrap_err())
    }

    #[test]
    fn every_kind_but_the_console_log_is_in_exactly_one_group() {
        let grouped: Vec<ActionKind> = Group::ALL.into_iter().flat_map(Group::kinds).collect();
        for kind in ActionKind::ALL {
            let count = grouped.iter().filter(|k| **k == kind).count();
            let expected = if kind == ActionKind::ConsoleOutput { 0 } else { 1 };
            assert_eq!(count, expected, "{kind:?}");
            assert!(!label(kind).is_empty());
        }
        assert_eq!(grouped.len(), ActionKind::ALL.len() - 1);
        let power: Vec<_> = Group::Power.kinds().collect();
        assert_eq!(power, [ActionKind::Start, ActionKind::Stop, ActionKind::Reboot, ActionKind::HardReboot]);
    }

    #[test]
    fn labels_and_what_asks_first() {
        assert_eq!(label(ActionKind::HardReboot), "Hard reboot");
        assert!(entry(ActionKind::HardReboot).destructive && entry(ActionKind::Delete).destructive);
        assert!(!entry(ActionKind::Reboot).destructive && !entry(ActionKind::Stop).destructive);
        assert_eq!(entry(ActionKind::Rebuild).input, Input::Required);
        assert_eq!(entry(ActionKind::Rename).input, Input::Required);
        assert!(!opens_dialog(ActionKind::Start) && opens_dialog(ActionKind::Lock) && opens_dialog(ActionKind::Rescue));
        for kind in ActionKind::ALL {
            if entry(kind).destructive {
                assert!(opens_dialog(kind));
                assert!(confirm_sentence(kind, "web-1").contains("\"web-1\""));
            }
        }
    }

    #[test]
    fn refusals_read_plainly() {
        let active = server("active", None);
        assert_eq!(why(ActionKind::Start, &active), "Start needs the server to be shut off; it is active.");
        assert_eq!(
            why(ActionKind::ConfirmResize, &active),
            "Confirm resize needs the server to be waiting for its resize to be confirmed; it is active."
        );
        assert_eq!(
            why(ActionKind::Resize, &server("error", None)),
            "Resize needs the server to be active or shut off; it is in error."
        );
        assert_eq!(
            why(ActionKind::Shelve, &server("resized", None)),
            "Shelve needs the server to be active, shut off, paused or suspended; it is waiting for its resize to be confirmed."
        );
        assert_eq!(
            why(ActionKind::ConsoleOutput, &server("shelved_offloaded", None)),
            "The server is not on any host, so it has no console log."
        );
        assert_eq!(why(ActionKind::Delete, &server("deleted", None)), "The server has been deleted.");
        assert_eq!(
            why(ActionKind::Reboot, &server("active", Some("rebooting"))),
            "The server is busy (rebooting). Wait until it finishes."
        );
        assert_eq!(
            why(ActionKind::Stop, &server("active", Some("powering-off"))),
            "The server is busy (powering off). Wait until it finishes."
        );
        let locked = Server { locked: Some(true), locked_reason: Some("audit".into()), ..active.clone() };
        assert_eq!(why(ActionKind::Delete, &locked), "The server is locked (audit). Unlock it first.");
        assert_eq!(why(ActionKind::Lock, &locked), "The server is already locked.");
        let failed = Server { launched_at: None, ..server("error", None) };
        assert_eq!(
            why(ActionKind::Rebuild, &failed),
            "The server never started successfully, so Nova refuses this; delete it instead."
        );
    }
}
