//! A server's status in words: each Nova status's label, colour family and explanation, the
//! power state's name, and the badge that shows them (colour, text and a plain-words tooltip,
//! never colour alone), with the task in progress beneath it and a progress bar while Nova
//! reports one.

use leptos::prelude::*;

use crate::api::servers::Server;
use crate::components::format::state_words;

/// How a status should look: a colour family for badges and lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Running normally.
    Good,
    /// Changing: wait and watch.
    Busy,
    /// Held in a state that waits for someone to act (paused, suspended, rescue, verify resize).
    Paused,
    /// Powered down or shelved: runs nothing until started or unshelved.
    Off,
    /// Failed.
    Bad,
    /// Deleted, or about to be.
    Gone,
    /// Nova cannot tell.
    Unknown,
}

/// What a server status means, for someone who did not read the Nova docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusInfo {
    pub label: &'static str,
    pub tone: Tone,
    pub explanation: &'static str,
}

/// What a status means, in the words of the compute API guide's "Server concepts".
pub fn status_info(status: &str) -> StatusInfo {
    let (label, tone, explanation) = match status {
        "ACTIVE" => ("Active", Tone::Good, "The server is running."),
        "BUILD" => ("Building", Tone::Busy, "The server is being created and has not finished its first boot."),
        "DELETED" => ("Deleted", Tone::Gone, "The server has been deleted."),
        "ERROR" => (
            "Error",
            Tone::Bad,
            "The last operation on the server failed. Its fault, if any, says why; it can usually be rebuilt or deleted.",
        ),
        "HARD_REBOOT" => (
            "Hard rebooting",
            Tone::Busy,
            "The server is being power-cycled, like pulling the plug and plugging it back in.",
        ),
        "MIGRATING" => ("Migrating", Tone::Busy, "The server is being moved to another host while it keeps running."),
        "PASSWORD" => ("Setting password", Tone::Busy, "The administrator password inside the server is being changed."),
        "PAUSED" => (
            "Paused",
            Tone::Paused,
            "The server is frozen in memory: it keeps its resources but runs nothing until unpaused.",
        ),
        "REBOOT" => ("Rebooting", Tone::Busy, "The operating system was asked to restart."),
        "REBUILD" => ("Rebuilding", Tone::Busy, "The server's disk is being recreated from an image."),
        "RESCUE" => (
            "Rescue mode",
            Tone::Paused,
            "The server runs a rescue system with its own disk attached, for repairs. Unrescue to boot it normally.",
        ),
        "RESIZE" => ("Resizing", Tone::Busy, "The server is being moved to its new flavor and is down meanwhile."),
        "REVERT_RESIZE" => (
            "Reverting resize",
            Tone::Busy,
            "The resize is being undone: the server is going back to its original flavor and host.",
        ),
        "SHELVED" => (
            "Shelved",
            Tone::Off,
            "The server is shut down and saved; it will be offloaded from its host soon. Unshelve to use it again.",
        ),
        "SHELVED_OFFLOADED" => (
            "Shelved (offloaded)",
            Tone::Off,
            "The server is stored away and uses no host resources. Unshelve to use it again.",
        ),
        "SHUTOFF" => (
            "Shut off",
            Tone::Off,
            "The server is powered off, by request or from inside. Its disks and addresses are kept.",
        ),
        "SOFT_DELETED" => (
            "Soft-deleted",
            Tone::Gone,
            "The server is marked deleted but can still be restored until the cloud removes it for good.",
        ),
        "SUSPENDED" => (
            "Suspended",
            Tone::Paused,
            "The server's memory is saved to disk and it is stopped, like hibernation. Its resources stay reserved.",
        ),
        "VERIFY_RESIZE" => (
            "Verify resize",
            Tone::Paused,
            "The server runs on its new flavor. Confirm the resize if it works, or revert to the old flavor.",
        ),
        _ => (
            "Unknown",
            Tone::Unknown,
            "Nova cannot tell this server's state right now, often because part of the cloud is unreachable.",
        ),
    };
    StatusInfo { label, tone, explanation }
}

/// The hypervisor's view of the server (`OS-EXT-STS:power_state`).
pub fn power_state_name(power_state: Option<u8>) -> &'static str {
    match power_state {
        Some(0) => "No state",
        Some(1) => "Running",
        Some(3) => "Paused",
        Some(4) => "Shut down",
        Some(6) => "Crashed",
        Some(7) => "Suspended",
        _ => "Unknown",
    }
}


pub fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "badge tone-good",
        Tone::Busy => "badge tone-busy",
        Tone::Paused => "badge tone-paused",
        Tone::Off => "badge tone-off",
        Tone::Bad => "badge tone-bad",
        Tone::Gone => "badge tone-gone",
        Tone::Unknown => "badge tone-unknown",
    }
}

#[component]
pub fn StatusBadge(server: Signal<Server>) -> impl IntoView {
    let status = Memo::new(move |_| server.with(|s| s.status.clone()));
    let task = Memo::new(move |_| server.with(|s| s.task_state.clone()));
    let progress = Memo::new(move |_| server.with(|s| if s.status == "BUILD" { s.progress } else { None }));
    view! {
        {move || {
            let status = status.get();
            let info = status_info(&status);
            view! {
                <span class=tone_class(info.tone) title=info.explanation data-status=status.clone()>
                    {info.label}
                </span>
            }
        }}
        {move || task.get().map(|t| view! { <span class="task">{state_words(&t)}"…"</span> })}
        {move || progress.get().map(|p| view! {
            <progress max="100" value=p.to_string() aria-label="Build progress">{format!("{p}%")}</progress>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::servers::ALL_STATUSES;

    #[test]
    fn every_documented_status_is_known() {
        for status in ALL_STATUSES {
            let info = status_info(status);
            assert!(!info.explanation.is_empty());
            assert_eq!(info.tone == Tone::Unknown, status == "UNKNOWN", "{status}");
        }
        assert_eq!(status_info("SHUTOFF").label, "Shut off");
        assert_eq!(status_info("SHUTOFF").tone, Tone::Off);
        assert_eq!(status_info("ERROR").tone, Tone::Bad);
        assert_eq!(status_info("SOFT_DELETED").tone, Tone::Gone);
        assert_eq!(status_info("something new").label, "Unknown");
    }

    #[test]
    fn power_states_are_named() {
        assert_eq!(power_state_name(Some(1)), "Running");
        assert_eq!(power_state_name(Some(4)), "Shut down");
        assert_eq!(power_state_name(None), "Unknown");
    }
}
