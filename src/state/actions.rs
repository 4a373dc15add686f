//! The actions service: sends what the user asked a server to do, says how it went in a
//! toast, and has the poller watch the server until Nova shows the change. Which dialog is
//! open is kept here too, so any page can start an action and one dialog serves them all.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

use crate::api::servers::actions::{self as server_actions, Action, ActionKind};
use crate::api::servers::states::availability;
use crate::api::servers::{self, Server, ServerUpdate};
use crate::api::{ApiError, Response};
use crate::components::format::display_name;
use crate::components::servers::catalogue::{label, opens_dialog, refusal_words};
use crate::state::poller::Poller;
use crate::state::session::{Api, Auth};
use crate::state::toasts::Toasts;

/// What one action sends: an `/action` body, an edit, or the delete.
#[derive(Clone, Debug, PartialEq)]
pub enum Planned {
    Action(Action),
    Update(ServerUpdate),
    Delete,
}

impl Planned {
    /// What `kind` sends without any input; `None` for kinds that need some (a dialog's
    /// form plans those) and for the console log, which is read, not sent.
    pub fn bare(kind: ActionKind) -> Option<Planned> {
        use ActionKind::*;
        let action = match kind {
            Reboot => Action::Reboot { hard: false },
            HardReboot => Action::Reboot { hard: true },
            Start => Action::Start,
            Stop => Action::Stop,
            Pause => Action::Pause,
            Unpause => Action::Unpause,
            Suspend => Action::Suspend,
            Resume => Action::Resume,
            Lock => Action::Lock { reason: None },
            Unlock => Action::Unlock,
            Shelve => Action::Shelve,
            Unshelve => Action::Unshelve,
            Rescue => Action::Rescue { admin_pass: None },
            Unrescue => Action::Unrescue,
            ConfirmResize => Action::ConfirmResize,
            RevertResize => Action::RevertResize,
            ForceDelete => Action::ForceDelete,
            Restore => Action::Restore,
            Delete => return Some(Planned::Delete),
            ChangePassword | Rebuild | Resize | CreateImage | Rename | ChangeAccessIps | ConsoleOutput => return None,
        };
        Some(Planned::Action(action))
    }
}

/// How many times an action is sent at most when Nova (or a proxy in front) keeps saying
/// "too many requests, try again in N s".
pub const MAX_SENDS: u32 = 3;
/// The longest `Retry-After` an action waits for by itself; a longer one is reported to the
/// user instead (nobody expects a click to take effect minutes later).
pub const MAX_ACTION_WAIT_SECS: u32 = 60;

/// Seconds to wait before sending an action again, after its `sends`-th send was refused
/// with `e`: only when the service said when (`Retry-After`), and only a few times.
pub fn wait_before_resending(e: &ApiError, sends: u32) -> Option<u32> {
    let secs = e.retry_after()?;
    (sends < MAX_SENDS && secs <= MAX_ACTION_WAIT_SECS).then_some(secs)
}

/// The sentence a toast shows when Nova accepted the action.
fn accepted(kind: ActionKind, name: &str, resp: &Response) -> String {
    match kind {
        ActionKind::CreateImage => match server_actions::parse_created_image(resp) {
            Ok(Some(id)) => format!("Snapshot of \"{name}\" started (image {id})."),
            _ => format!("Snapshot of \"{name}\" started."),
        },
        ActionKind::Rename => format!("Renamed to \"{name}\"."),
        _ => format!("{} requested for \"{name}\".", label(kind)),
    }
}

#[derive(Clone, Copy)]
pub struct Actions {
    auth: Auth,
    toasts: Toasts,
    poller: Poller,
    /// The dialog open now: which action, for which server.
    open: RwSignal<Option<(ActionKind, Server)>>,
}

impl Actions {
    pub fn new(auth: Auth, toasts: Toasts, poller: Poller) -> Self {
        Actions { auth, toasts, poller, open: RwSignal::new(None) }
    }

    /// The open dialog, if any.
    pub fn dialog(&self) -> Option<(ActionKind, Server)> {
        self.open.get()
    }

    pub fn close(&self) {
        self.open.set(None);
    }

    /// Start `kind` on `server`: at once when it needs nothing, else through the dialog.
    pub fn start(&self, kind: ActionKind, server: Server) {
        let planned = match Planned::bare(kind) {
            Some(planned) if !opens_dialog(kind) => planned,
            _ => return self.open.set(Some((kind, server))),
        };
        let this = *self;
        leptos::task::spawn_local(async move {
            if let Err(e) = this.perform(kind, &server, planned).await {
                let name = display_name(&server);
                this.toasts.error(format!("{} of \"{name}\" failed. {}", label(kind), e.plain_words()));
            }
        });
    }

    /// Send `planned` for `server`; toasts the outcome, polls at once, and returns the error
    /// (a dialog keeps it on screen beside the user's input).
    pub async fn perform(&self, kind: ActionKind, server: &Server, planned: Planned) -> Result<(), ApiError> {
        let resp = self.send(kind, server, &planned).await?;
        let name = match &planned {
            Planned::Update(ServerUpdate { name: Some(n), .. }) => n.clone(),
            _ => display_name(server),
        };
        self.toasts.info(accepted(kind, &name, &resp));
        self.poller.expect_change(server);
        Ok(())
    }

    /// Run a bare action (start, stop, reboot, delete) on several servers; those in a state
    /// that refuses it are skipped, and one message sums up what happened.
    pub fn run_batch(&self, kind: ActionKind, servers: Vec<Server>) {
        let this = *self;
        let mv = self.auth.microversion();
        leptos::task::spawn_local(async move {
            let (mut sent, mut problems) = (0, Vec::new());
            for server in servers {
                let outcome = match (availability(kind, &server, mv), Planned::bare(kind)) {
                    (Err(refusal), _) => Err(refusal_words(&refusal)),
                    (Ok(()), None) => Err(format!("{} needs input; use the server's own menu.", label(kind))),
                    (Ok(()), Some(planned)) => this.send(kind, &server, &planned).await.map(drop).map_err(|e| e.plain_words()),
                };
                match outcome {
                    Ok(()) => {
                        sent += 1;
                        this.poller.expect_change(&server);
                    }
                    Err(why) => problems.push(format!("\"{}\": {why}", display_name(&server))),
                }
            }
            let done = format!("{} requested for {sent} server{}.", label(kind), if sent == 1 { "" } else { "s" });
            if problems.is_empty() {
                this.toasts.info(done);
            } else {
                this.toasts.error(format!("{done} Not done for {}", problems.join("; ")));
            }
        });
    }

    /// Send `planned`; when the cloud answers "too many requests, try again in N s", wait
    /// as told (saying so in a toast) and send it again.
    async fn send(&self, kind: ActionKind, server: &Server, planned: &Planned) -> Result<Response, ApiError> {
        let mut sends = 1;
        loop {
            let e = match self.send_once(server, planned).await {
                Err(e) => e,
                answered => return answered,
            };
            let Some(secs) = wait_before_resending(&e, sends) else { return Err(e) };
            self.toasts.info(format!(
                "{} {} of \"{}\" is sent again in {secs} s.",
                e.plain_words(),
                label(kind),
                display_name(server)
            ));
            TimeoutFuture::new(secs * 1000).await;
            sends += 1;
        }
    }

    async fn send_once(&self, server: &Server, planned: &Planned) -> Result<Response, ApiError> {
        let id = server.id.clone();
        self.auth
            .call_with_signal(Api::Compute, |svc| match planned {
                    Planned::Action(a) => server_actions::request(svc, &id, a),
                    Planned::Update(u) => servers::update(svc, &id, u),
                    Planned::Delete => servers::delete(svc, &id),
                },
                |resp| resp.check().map(|_| resp.clone()),
                None,
            )
            .await
    }
}

pub fn use_actions() -> Actions {
    expect_context::<Actions>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_kinds_need_no_dialog_input() {
        assert_eq!(Planned::bare(ActionKind::HardReboot), Some(Planned::Action(Action::Reboot { hard: true })));
        assert_eq!(Planned::bare(ActionKind::Delete), Some(Planned::Delete));
        assert_eq!(Planned::bare(ActionKind::Resize), None);
        assert_eq!(Planned::bare(ActionKind::ConsoleOutput), None);
        for kind in ActionKind::ALL {
            let input = crate::components::servers::catalogue::entry(kind).input;
            let needs_input = input == crate::components::servers::catalogue::Input::Required;
            assert_eq!(Planned::bare(kind).is_none(), needs_input || kind == ActionKind::ConsoleOutput, "{kind:?}");
        }
    }

    #[test]
    fn an_action_is_sent_again_only_when_told_when() {
        let limited = |secs| ApiError::OverLimit { message: "Too many requests.".into(), retry_after: secs };
        assert_eq!(wait_before_resending(&limited(Some(5)), 1), Some(5));
        assert_eq!(wait_before_resending(&limited(Some(5)), MAX_SENDS - 1), Some(5));
        assert_eq!(wait_before_resending(&limited(Some(5)), MAX_SENDS), None, "a few sends at most");
        assert_eq!(wait_before_resending(&limited(Some(MAX_ACTION_WAIT_SECS + 1)), 1), None, "too long: say so instead");
        assert_eq!(wait_before_resending(&limited(None), 1), None, "no Retry-After: not resent");
        assert_eq!(wait_before_resending(&ApiError::Conflict("busy".into()), 1), None);
        let gateway = ApiError::Gateway { service: "Nova".into(), status: 502 };
        assert_eq!(wait_before_resending(&gateway, 1), None, "the action may have been done: never resent");
    }
}
