//! Server actions from any page: a menu or buttons that show which actions Nova would accept
//! now (and why not, otherwise), one dialog for those that need input or confirmation, and
//! the call itself. What the user types in a dialog is kept as a draft in sessionStorage
//! (never passwords), so a refusal, a network failure or an expired session loses nothing.

use leptos::prelude::*;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;

use crate::api::images::{self, ImageQuery};
use crate::api::servers::actions::{self as server_actions, Action, ActionKind};
use crate::api::servers::states::availability;
use crate::api::servers::{self, Server, ServerUpdate};
use crate::components::servers::catalogue::{confirm_sentence, entry, label, opens_dialog, refusal_words};
use crate::api::{flavors, ApiError, Response};
use crate::state::poller::{use_poller, Poller};
use crate::state::session::{use_auth, Auth};
use crate::components::format::flavor_size;
use crate::state::storage;
use crate::state::toasts::{use_toasts, Toasts};

/// What one action sends: an `/action` body, an edit, or the delete.
#[derive(Clone, Debug, PartialEq)]
pub enum Planned {
    Action(Action),
    Update(ServerUpdate),
    Delete,
}

/// `key=value` lines to metadata; blank lines are skipped. Errors name the line.
pub fn parse_metadata(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(format!("Metadata line {} needs the form key=value: \"{line}\".", n + 1));
        };
        let k = k.trim();
        if k.is_empty() || k.len() > 255 || v.trim().len() > 255 {
            return Err(format!("Metadata line {}: keys must be 1-255 characters and values at most 255.", n + 1));
        }
        out.insert(k.to_string(), v.trim().to_string());
    }
    Ok(out)
}

/// The request for `kind` from the dialog's fields, or what is missing in plain words.
pub fn plan(kind: ActionKind, fields: &BTreeMap<String, String>) -> Result<Planned, String> {
    let field = |name: &str| fields.get(name).map(|v| v.trim().to_string()).unwrap_or_default();
    let optional = |name: &str| Some(field(name)).filter(|v| !v.is_empty());
    let required = |name: &str, what: &str| optional(name).ok_or_else(|| format!("Enter {what}."));
    let action = match kind {
        ActionKind::Reboot => Action::Reboot { hard: false },
        ActionKind::HardReboot => Action::Reboot { hard: true },
        ActionKind::Start => Action::Start,
        ActionKind::Stop => Action::Stop,
        ActionKind::Pause => Action::Pause,
        ActionKind::Unpause => Action::Unpause,
        ActionKind::Suspend => Action::Suspend,
        ActionKind::Resume => Action::Resume,
        ActionKind::Lock => Action::Lock { reason: optional("reason") },
        ActionKind::Unlock => Action::Unlock,
        ActionKind::Shelve => Action::Shelve,
        ActionKind::Unshelve => Action::Unshelve,
        ActionKind::Rescue => Action::Rescue { admin_pass: optional("password") },
        ActionKind::Unrescue => Action::Unrescue,
        ActionKind::ChangePassword => Action::ChangePassword { admin_pass: required("password", "the new password")? },
        ActionKind::Rebuild => Action::Rebuild {
            image_ref: required("image", "the image to rebuild from")?,
            name: optional("name"),
            admin_pass: optional("password"),
            metadata: match optional("metadata") {
                Some(text) => Some(parse_metadata(&text)?),
                None => None,
            },
            preserve_ephemeral: field("preserve_ephemeral") == "true",
        },
        ActionKind::Resize => Action::Resize { flavor_ref: required("flavor", "the new flavor")? },
        ActionKind::ConfirmResize => Action::ConfirmResize,
        ActionKind::RevertResize => Action::RevertResize,
        ActionKind::CreateImage => Action::CreateImage {
            name: required("name", "a name for the snapshot")?,
            metadata: parse_metadata(&field("metadata"))?,
        },
        ActionKind::ForceDelete => Action::ForceDelete,
        ActionKind::Restore => Action::Restore,
        ActionKind::ConsoleOutput => return Err("The console log is read in the server's Console log tab.".into()),
        ActionKind::Rename => {
            return Ok(Planned::Update(ServerUpdate { name: Some(required("name", "the new name")?), ..Default::default() }))
        }
        ActionKind::ChangeAccessIps => {
            let (v4, v6) = (field("ipv4"), field("ipv6"));
            if !v4.is_empty() && v4.parse::<std::net::Ipv4Addr>().is_err() {
                return Err(format!("\"{v4}\" is not an IPv4 address."));
            }
            if !v6.is_empty() && v6.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(format!("\"{v6}\" is not an IPv6 address."));
            }
            return Ok(Planned::Update(ServerUpdate {
                access_ipv4: Some(v4),
                access_ipv6: Some(v6),
                ..Default::default()
            }));
        }
        ActionKind::Delete => return Ok(Planned::Delete),
    };
    Ok(Planned::Action(action))
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

/// Which action dialog is open, for which server.
#[derive(Clone, Copy)]
pub struct Actions {
    open: RwSignal<Option<(ActionKind, Server)>>,
}

impl Actions {
    pub fn new() -> Self {
        Actions { open: RwSignal::new(None) }
    }
}

impl Default for Actions {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_actions() -> Actions {
    expect_context::<Actions>()
}

/// The contexts an action needs, taken while the component is alive (futures run later).
#[derive(Clone)]
struct Ctx {
    auth: Auth,
    toasts: Toasts,
    poller: Poller,
    actions: Actions,
}

fn use_ctx() -> Ctx {
    Ctx { auth: use_auth(), toasts: use_toasts(), poller: use_poller(), actions: use_actions() }
}

/// Send `planned` for `server`; toasts the outcome, polls at once, and returns the error (the
/// dialog keeps it on screen beside the user's input).
async fn perform(ctx: &Ctx, kind: ActionKind, server: &Server, planned: Planned) -> Result<(), ApiError> {
    let resp = send(ctx, server, &planned).await?;
    let name = match &planned {
        Planned::Update(ServerUpdate { name: Some(n), .. }) => n.clone(),
        _ => server.name.clone(),
    };
    ctx.toasts.info(accepted(kind, &name, &resp));
    ctx.poller.expect_change(server);
    Ok(())
}

async fn send(ctx: &Ctx, server: &Server, planned: &Planned) -> Result<Response, ApiError> {
    let id = server.id.clone();
    ctx.auth
        .compute_call(
            |svc| match planned {
                Planned::Action(a) => server_actions::request(svc, &id, a),
                Planned::Update(u) => servers::update(svc, &id, u),
                Planned::Delete => servers::delete(svc, &id),
            },
            |resp| resp.check().map(|_| resp.clone()),
            None,
        )
        .await
}

/// Start `kind` on `server`: at once when it needs nothing, else through the dialog.
fn start(ctx: Ctx, kind: ActionKind, server: Server) {
    if opens_dialog(kind) {
        ctx.actions.open.set(Some((kind, server)));
        return;
    }
    leptos::task::spawn_local(async move {
        if let Ok(planned) = plan(kind, &BTreeMap::new()) {
            if let Err(e) = perform(&ctx, kind, &server, planned).await {
                ctx.toasts.error(format!("{} of \"{}\" failed. {}", label(kind), server.name, e.plain_words()));
            }
        }
    });
}

/// Run a bare action (start, stop, reboot, delete) on several servers; those in a state
/// that refuses it are skipped, and one message sums up what happened.
pub fn run_batch(kind: ActionKind, servers: Vec<Server>) {
    let ctx = use_ctx();
    let mv = ctx.auth.microversion();
    leptos::task::spawn_local(async move {
        let (mut sent, mut problems) = (0, Vec::new());
        for server in servers {
            let outcome = match availability(kind, &server, mv) {
                Err(why) => Err(refusal_words(&why)),
                Ok(()) => match plan(kind, &BTreeMap::new()) {
                    Ok(planned) => send(&ctx, &server, &planned).await.map(|_| ()).map_err(|e| e.plain_words()),
                    Err(why) => Err(why),
                },
            };
            match outcome {
                Ok(()) => {
                    sent += 1;
                    ctx.poller.expect_change(&server);
                }
                Err(why) => problems.push(format!("\"{}\": {why}", server.name)),
            }
        }
        let done = format!("{} requested for {sent} server{}.", label(kind), if sent == 1 { "" } else { "s" });
        if problems.is_empty() {
            ctx.toasts.info(done);
        } else {
            ctx.toasts.error(format!("{done} Not done for {}", problems.join("; ")));
        }
    });
}

/// One button per kind, greyed with the reason when Nova would refuse it now.
#[component]
pub fn ActionButton(kind: ActionKind, server: Signal<Server>) -> impl IntoView {
    let ctx = use_ctx();
    let auth = ctx.auth;
    let refusal = move || server.with(|s| availability(kind, s, auth.microversion()).err().map(|r| refusal_words(&r)));
    view! {
        <button
            type="button"
            class:danger=entry(kind).destructive
            disabled=move || refusal().is_some()
            title=move || refusal().unwrap_or_default()
            on:click=move |_| start(ctx.clone(), kind, server.get_untracked())
        >
            {label(kind)}
        </button>
    }
}

/// A compact menu of every action (the list's per-row menu). Only rendered when opened, so
/// a thousand closed menus cost a thousand `<summary>`s.
#[component]
pub fn ActionMenu(server: Signal<Server>) -> impl IntoView {
    let open = RwSignal::new(false);
    let menu = NodeRef::<leptos::html::Details>::new();
    close_on_press_outside(open, menu);
    let menu_kinds = ActionKind::ALL.into_iter().filter(|k| *k != ActionKind::ConsoleOutput);
    let kinds: Vec<ActionKind> = menu_kinds.collect();
    view! {
        <details
            class="menu"
            node_ref=menu
            prop:open=move || open.get()
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    open.set(false);
                }
            }
        >
            // The signal alone opens and closes it: the native toggle would undo `prop:open`.
            <summary class="button" on:click=move |ev| { ev.prevent_default(); open.update(|o| *o = !*o) } aria-label=move || format!("Actions for {}", server.with(|s| s.name.clone()))>
                "Actions ▾"
            </summary>
            <Show when=move || open.get()>
                // A chosen action closes the menu (greyed buttons send no click).
                <div class="popup" role="menu" on:click=move |_| open.set(false)>
                    {kinds.clone().into_iter().map(|kind| view! { <ActionButton kind server /> }).collect_view()}
                </div>
            </Show>
        </details>
    }
}

/// While `open`, a press anywhere outside `menu` closes it. The window listener exists only
/// while the menu is open, so a thousand rows add no listeners.
fn close_on_press_outside(open: RwSignal<bool>, menu: NodeRef<leptos::html::Details>) {
    let listener = StoredValue::new(None::<WindowListenerHandle>);
    let stop = move || {
        if let Some(handle) = listener.try_update_value(Option::take).flatten() {
            handle.remove();
        }
    };
    Effect::new(move |_| {
        if !open.get() {
            stop();
            return;
        }
        let handle = window_event_listener(leptos::ev::pointerdown, move |ev| {
            let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let inside = menu.get_untracked().is_some_and(|m| m.contains(target.as_ref()));
            if !inside {
                open.set(false);
            }
        });
        listener.set_value(Some(handle));
    });
    on_cleanup(stop);
}

/// The one dialog for actions needing input or confirmation; mount it once.
#[component]
pub fn ActionDialog() -> impl IntoView {
    let actions = use_actions();
    move || {
        actions.open.get().map(|(kind, server)| view! { <ActionForm kind server /> })
    }
}

fn draft_key(kind: ActionKind, server_id: &str) -> String {
    format!("nephele.draft.{kind:?}.{server_id}")
}

#[component]
fn ActionForm(kind: ActionKind, server: Server) -> impl IntoView {
    let ctx = use_ctx();
    let actions = ctx.actions;
    let key = draft_key(kind, &server.id);
    let initial: BTreeMap<String, String> = storage::get(&key).unwrap_or_else(|| defaults(kind, &server));
    let fields = RwSignal::new(initial);
    // Keep the draft, minus secrets, for as long as the tab lives.
    let draft_key_for_effect = key.clone();
    Effect::new(move |_| {
        let mut draft = fields.get();
        draft.remove("password");
        storage::set(&draft_key_for_effect, &draft);
    });
    let error = RwSignal::new(None::<String>);
    let server = StoredValue::new(server);
    let submit = leptos::prelude::Action::new_local(move |planned: &Planned| {
        let (ctx, planned, server) = (ctx.clone(), planned.clone(), server.get_value());
        async move { perform(&ctx, kind, &server, planned).await }
    });
    let submit_key = key.clone();
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(())) => {
            storage::remove(&submit_key);
            actions.open.set(None);
        }
        Some(Err(e)) => error.set(Some(e.plain_words())),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match plan(kind, &fields.get_untracked()) {
            Ok(planned) => {
                error.set(None);
                submit.dispatch(planned);
            }
            Err(message) => error.set(Some(message)),
        }
    };
    let close = move || actions.open.set(None);
    let name = server.with_value(|s| s.name.clone());
    let title = format!("{} \"{}\"", label(kind), name);
    let confirm_text = entry(kind).destructive.then(|| confirm_sentence(kind, &name));
    view! {
        <div class="overlay" on:keydown=move |ev| if ev.key() == "Escape" { close() }>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="action-title">
                <h2 id="action-title">{title}</h2>
                <form on:submit=on_submit>
                    {confirm_text.map(|t| view! { <p class="confirm">{t}</p> })}
                    <Fields kind fields />
                    {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
                    <div class="dialog-buttons">
                        <button type="button" on:click=move |_| close()>"Cancel"</button>
                        <button type="submit" class="primary" class:danger=entry(kind).destructive
                            disabled=move || submit.pending().get()>
                            {move || if submit.pending().get() { "Sending…".to_string() } else { format!("{} {}", label(kind), name) }}
                        </button>
                    </div>
                </form>
            </div>
        </div>
    }
}

/// What a dialog starts with when there is no draft: the current values to edit.
fn defaults(kind: ActionKind, server: &Server) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    match kind {
        ActionKind::Rename => {
            m.insert("name".into(), server.name.clone());
        }
        ActionKind::ChangeAccessIps => {
            m.insert("ipv4".into(), server.access_ipv4.clone());
            m.insert("ipv6".into(), server.access_ipv6.clone());
        }
        ActionKind::Rebuild => {
            m.insert("image".into(), server.image_id().unwrap_or_default());
            m.insert("name".into(), server.name.clone());
        }
        ActionKind::CreateImage => {
            m.insert("name".into(), format!("{}-snapshot", server.name));
        }
        _ => {}
    }
    m
}

/// One labelled text input bound to `fields[name]`.
#[component]
fn TextField(
    fields: RwSignal<BTreeMap<String, String>>,
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let id = format!("action-{name}");
    view! {
        <label for=id.clone()>{label}</label>
        <input id=id type=kind autocomplete="off"
            prop:value=move || fields.with(|f| f.get(name).cloned().unwrap_or_default())
            on:input=move |ev| fields.update(|f| { f.insert(name.to_string(), event_target_value(&ev)); }) />
        {hint.map(|h| view! { <p class="hint">{h}</p> })}
    }
}

#[component]
fn MetadataField(fields: RwSignal<BTreeMap<String, String>>, label: &'static str) -> impl IntoView {
    view! {
        <label for="action-metadata">{label}</label>
        <textarea id="action-metadata" rows="4"
            prop:value=move || fields.with(|f| f.get("metadata").cloned().unwrap_or_default())
            on:input=move |ev| fields.update(|f| { f.insert("metadata".into(), event_target_value(&ev)); })></textarea>
        <p class="hint">"One key=value per line."</p>
    }
}

/// A labelled select over options loaded from the cloud.
#[component]
fn ChoiceField(
    fields: RwSignal<BTreeMap<String, String>>,
    name: &'static str,
    label: &'static str,
    options: Signal<Option<Result<Vec<(String, String)>, ApiError>>>,
) -> impl IntoView {
    let id = format!("action-{name}");
    view! {
        <label for=id.clone()>{label}</label>
        {move || match options.get() {
            None => view! { <p class="loading">"Loading choices…"</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert" class="error">{e.plain_words()}</p> }.into_any(),
            Some(Ok(opts)) => {
                let current = fields.with_untracked(|f| f.get(name).cloned().unwrap_or_default());
                view! {
                    <select id=id.clone() on:change=move |ev| fields.update(|f| { f.insert(name.to_string(), event_target_value(&ev)); })>
                        <option value="" selected=current.is_empty()>"Choose…"</option>
                        {opts.into_iter().map(|(value, text)| {
                            let selected = value == current;
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                }.into_any()
            }
        }}
    }
}

#[component]
fn Fields(kind: ActionKind, fields: RwSignal<BTreeMap<String, String>>) -> impl IntoView {
    let auth = use_auth();
    match kind {
        ActionKind::Rename => view! { <TextField fields name="name" label="New name" /> }.into_any(),
        ActionKind::ChangeAccessIps => view! {
            <TextField fields name="ipv4" label="Access IPv4" hint="Leave empty to clear it." />
            <TextField fields name="ipv6" label="Access IPv6" hint="Leave empty to clear it." />
        }
        .into_any(),
        ActionKind::ChangePassword => {
            view! { <TextField fields name="password" label="New administrator password" kind="password" /> }.into_any()
        }
        ActionKind::Lock => {
            view! { <TextField fields name="reason" label="Reason (optional)" hint="Shown to others who find the server locked." /> }
                .into_any()
        }
        ActionKind::Rescue => view! {
            <TextField fields name="password" label="Rescue password (optional)" kind="password"
                hint="Leave empty to let the cloud generate one." />
        }
        .into_any(),
        ActionKind::CreateImage => view! {
            <TextField fields name="name" label="Snapshot name" />
            <MetadataField fields label="Image metadata (optional)" />
        }
        .into_any(),
        ActionKind::Resize => {
            let flavors = LocalResource::new(move || async move {
                auth.compute_call(flavors::list_detail, flavors::parse_list, None).await.map(|list| {
                    list.into_iter()
                        .map(|f| {
                            let size = flavor_size(f.vcpus, f.ram, f.disk, f.ephemeral, f.swap);
                            (f.id.clone(), format!("{} — {size}", f.name))
                        })
                        .collect()
                })
            });
            view! { <ChoiceField fields name="flavor" label="New flavor" options=Signal::derive(move || flavors.get()) /> }
                .into_any()
        }
        ActionKind::Rebuild => {
            let images = LocalResource::new(move || async move {
                let query = ImageQuery { limit: Some(200), ..Default::default() };
                auth.image_call(|svc| images::list(svc, &query), images::parse_list, None).await.map(|page| {
                    page.images.into_iter().map(|i| (i.id.clone(), i.display_name().to_string())).collect()
                })
            });
            view! {
                <ChoiceField fields name="image" label="Image" options=Signal::derive(move || images.get()) />
                <TextField fields name="name" label="Name" />
                <TextField fields name="password" label="New administrator password (optional)" kind="password" />
                <MetadataField fields label="Replace metadata (optional)" />
                <label class="check">
                    <input type="checkbox"
                        prop:checked=move || fields.with(|f| f.get("preserve_ephemeral").is_some_and(|v| v == "true"))
                        on:change=move |ev| fields.update(|f| { f.insert("preserve_ephemeral".into(), event_target_checked(&ev).to_string()); }) />
                    " Preserve the ephemeral disk"
                </label>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn metadata_lines_parse_with_clear_errors() {
        let m = parse_metadata("role = web\n\n tier=front \n").unwrap();
        assert_eq!(m, fields(&[("role", "web"), ("tier", "front")]));
        assert_eq!(parse_metadata("just a word").unwrap_err(), "Metadata line 1 needs the form key=value: \"just a word\".");
        assert!(parse_metadata("a=1\n=2").unwrap_err().starts_with("Metadata line 2"));
    }

    #[test]
    fn plans_need_their_inputs() {
        assert_eq!(plan(ActionKind::Resize, &fields(&[])).unwrap_err(), "Enter the new flavor.");
        assert_eq!(
            plan(ActionKind::Resize, &fields(&[("flavor", "2")])).unwrap(),
            Planned::Action(Action::Resize { flavor_ref: "2".into() })
        );
        assert_eq!(plan(ActionKind::Rename, &fields(&[("name", "  ")])).unwrap_err(), "Enter the new name.");
        assert_eq!(plan(ActionKind::Delete, &fields(&[])).unwrap(), Planned::Delete);
        assert_eq!(plan(ActionKind::HardReboot, &fields(&[])).unwrap(), Planned::Action(Action::Reboot { hard: true }));
        assert_eq!(
            plan(ActionKind::Lock, &fields(&[("reason", "maintenance")])).unwrap(),
            Planned::Action(Action::Lock { reason: Some("maintenance".into()) })
        );
    }

    #[test]
    fn access_ips_are_validated() {
        assert_eq!(
            plan(ActionKind::ChangeAccessIps, &fields(&[("ipv4", "300.1.1.1")])).unwrap_err(),
            "\"300.1.1.1\" is not an IPv4 address."
        );
        let ok = plan(ActionKind::ChangeAccessIps, &fields(&[("ipv4", "192.0.2.7"), ("ipv6", "2001:db8::7")])).unwrap();
        assert_eq!(
            ok,
            Planned::Update(ServerUpdate {
                access_ipv4: Some("192.0.2.7".into()),
                access_ipv6: Some("2001:db8::7".into()),
                ..Default::default()
            })
        );
    }

    #[test]
    fn rebuild_and_snapshot_carry_metadata() {
        let p = plan(ActionKind::Rebuild, &fields(&[("image", "img"), ("metadata", "a=b"), ("preserve_ephemeral", "true")]));
        match p.unwrap() {
            Planned::Action(Action::Rebuild { image_ref, metadata, preserve_ephemeral, name, admin_pass }) => {
                assert_eq!(image_ref, "img");
                assert_eq!(metadata, Some(fields(&[("a", "b")])));
                assert!(preserve_ephemeral);
                assert_eq!((name, admin_pass), (None, None));
            }
            other => panic!("{other:?}"),
        }
        assert!(plan(ActionKind::CreateImage, &fields(&[("name", "snap"), ("metadata", "oops")])).is_err());
    }
}
