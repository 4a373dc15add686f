//! The one dialog for actions that need input or confirmation, and its form model: the
//! fields each action asks for, and the request they make. What the user types is kept as a
//! draft in sessionStorage (never passwords), so a refusal, a network failure or an expired
//! session loses nothing.

use leptos::prelude::*;
use std::collections::BTreeMap;

use crate::api::images::{self, ImageQuery};
use crate::api::servers::actions::{Action, ActionKind};
use crate::api::servers::{Server, ServerUpdate};
use crate::api::{flavors, ApiError};
use crate::components::dialog::Dialog;
use crate::components::fields::{Binding, CheckboxField, SelectField, TextArea, TextField};
use crate::components::format::{display_name, flavor_size};
use crate::components::load::Loaded;
use crate::components::servers::catalogue::{confirm_sentence, entry, label};
use crate::state::actions::{use_actions, Planned};
use crate::state::session::{use_auth, Api};
use crate::state::storage;

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
        ActionKind::Lock => Action::Lock { reason: optional("reason") },
        ActionKind::Rescue => Action::Rescue { admin_pass: optional("password") },
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
        ActionKind::CreateImage => Action::CreateImage {
            name: required("name", "a name for the snapshot")?,
            metadata: parse_metadata(&field("metadata"))?,
        },
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
        kind => return Planned::bare(kind).ok_or_else(|| format!("{} cannot be sent from here.", label(kind))),
    };
    Ok(Planned::Action(action))
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
            m.insert("name".into(), format!("{}-snapshot", display_name(server)));
        }
        _ => {}
    }
    m
}

/// The dialog of the action being started, if any; mount it once. It is shown only while
/// logged in: when the session ends its overlay must not cover the login form, and after the
/// next login it comes back with its draft.
#[component]
pub fn ActionDialog() -> impl IntoView {
    let actions = use_actions();
    let auth = use_auth();
    let logged_in = Memo::new(move |_| auth.session.with(Option::is_some));
    move || logged_in.get().then(|| actions.dialog()).flatten().map(|(kind, server)| form(kind, server))
}

#[cfg(not(split_routes))]
fn form(kind: ActionKind, server: Server) -> AnyView {
    view! { <ActionForm kind server /> }.into_any()
}

/// A split release build fetches the forms' code when a dialog first opens: the server list
/// shows the menu that opens one, but most visits never do.
#[cfg(split_routes)]
fn form(kind: ActionKind, server: Server) -> AnyView {
    let actions = use_actions();
    Suspend::new(async move {
        split_form(kind, server).await.unwrap_or_else(|_| {
            view! {
                <Dialog title_id="action-title" title="This dialog could not be loaded".to_string()
                    on_close=Callback::new(move |_| actions.close())>
                    <p role="alert" class="error">{crate::components::load::NOT_FETCHED}</p>
                    <div class="dialog-buttons">
                        <button type="button" on:click=move |_| actions.close()>"Close"</button>
                    </div>
                </Dialog>
            }
            .into_any()
        })
    })
    .into_any()
}

// `fallible`: a module that fails to load must not abort the whole wasm.
#[cfg(split_routes)]
#[leptos::wasm_split::wasm_split(action_form, wasm_split_path = ::leptos::wasm_split, fallible)]
fn split_form(kind: ActionKind, server: Server) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <ActionForm kind server /> }.into_any())
}

fn draft_key(kind: ActionKind, server_id: &str) -> String {
    format!("{}{kind:?}.{server_id}", storage::DRAFT_PREFIX)
}

#[component]
fn ActionForm(kind: ActionKind, server: Server) -> impl IntoView {
    let actions = use_actions();
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
    // An explicit Cancel (or Escape) drops the draft; an interruption keeps it.
    let draft_key_for_cancel = key.clone();
    let cancel = move || {
        storage::remove(&draft_key_for_cancel);
        actions.close();
    };
    let error = RwSignal::new(None::<String>);
    let name = display_name(&server);
    let server = StoredValue::new(server);
    let submit = leptos::prelude::Action::new_local(move |planned: &Planned| {
        let (planned, server) = (planned.clone(), server.get_value());
        async move { actions.perform(kind, &server, planned).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(())) => {
            storage::remove(&key);
            actions.close();
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
    let destructive = entry(kind).destructive;
    let title = format!("{} \"{name}\"", label(kind));
    let confirm_text = destructive.then(|| confirm_sentence(kind, &name));
    let send_text = format!("{} {name}", label(kind));
    view! {
        <Dialog title_id="action-title" title on_close=Callback::new({
            let cancel = cancel.clone();
            move |_| cancel()
        })>
            <form on:submit=on_submit>
                {confirm_text.map(|t| view! { <p class="confirm">{t}</p> })}
                <Fields kind fields />
                {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
                <div class="dialog-buttons">
                    <button type="button" on:click=move |_| cancel()>"Cancel"</button>
                    <button type="submit" class="primary" class:danger=destructive disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { "Sending…".to_string() } else { send_text.clone() }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}

/// A select over choices loaded from the cloud: "Loading choices…" meanwhile.
#[component]
fn ChoiceField(
    fields: RwSignal<BTreeMap<String, String>>,
    name: &'static str,
    label: &'static str,
    choices: LocalResource<Result<Vec<(String, String)>, ApiError>>,
) -> impl IntoView {
    view! {
        <Loaded resource=choices loading="Loading choices…" view={move |options: Vec<(String, String)>| view! {
            <SelectField id=format!("action-{name}") label value=Binding::key(fields, name)
                options=Signal::stored(options) empty="Choose…" />
        }} />
    }
}

#[component]
fn Fields(kind: ActionKind, fields: RwSignal<BTreeMap<String, String>>) -> impl IntoView {
    let auth = use_auth();
    let bind = move |name| Binding::key(fields, name);
    match kind {
        ActionKind::Rename => view! { <TextField id="action-name" label="New name" value=bind("name") /> }.into_any(),
        ActionKind::ChangeAccessIps => view! {
            <TextField id="action-ipv4" label="Access IPv4" value=bind("ipv4") hint="Leave empty to clear it." />
            <TextField id="action-ipv6" label="Access IPv6" value=bind("ipv6") hint="Leave empty to clear it." />
        }
        .into_any(),
        ActionKind::ChangePassword => view! {
            <TextField id="action-password" label="New administrator password" kind="password" value=bind("password") />
        }
        .into_any(),
        ActionKind::Lock => view! {
            <TextField id="action-reason" label="Reason (optional)" value=bind("reason")
                hint="Shown to others who find the server locked." />
        }
        .into_any(),
        ActionKind::Rescue => view! {
            <TextField id="action-password" label="Rescue password (optional)" kind="password" value=bind("password")
                hint="Leave empty to let the cloud generate one." />
        }
        .into_any(),
        ActionKind::CreateImage => view! {
            <TextField id="action-name" label="Snapshot name" value=bind("name") />
            <TextArea id="action-metadata" label="Image metadata (optional)" value=bind("metadata") hint=METADATA_HINT />
        }
        .into_any(),
        ActionKind::Resize => {
            let flavors = LocalResource::new(move || {
                let list = auth.call(Api::Compute, flavors::list_detail, flavors::parse_list);
                async move {
                    let flavors = list.await?;
                    Ok(flavors
                        .into_iter()
                        .map(|f| (f.id.clone(), format!("{} — {}", f.name, flavor_size(f.vcpus, f.ram, f.disk, f.ephemeral, f.swap))))
                        .collect())
                }
            });
            view! { <ChoiceField fields name="flavor" label="New flavor" choices=flavors /> }.into_any()
        }
        ActionKind::Rebuild => {
            let images = LocalResource::new(move || {
                let query = ImageQuery { limit: Some(200), ..Default::default() };
                let list = auth.call(Api::Image, move |svc| images::list(svc, &query), images::parse_list);
                async move {
                    let page = list.await?;
                    Ok(page.images.into_iter().map(|i| (i.id.clone(), i.display_name().to_string())).collect())
                }
            });
            view! {
                <ChoiceField fields name="image" label="Image" choices=images />
                <TextField id="action-name" label="Name" value=bind("name") />
                <TextField id="action-password" label="New administrator password (optional)" kind="password" value=bind("password") />
                <TextArea id="action-metadata" label="Replace metadata (optional)" value=bind("metadata") hint=METADATA_HINT />
                <CheckboxField label="Preserve the ephemeral disk" value=bind("preserve_ephemeral") />
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

const METADATA_HINT: &str = "One key=value per line.";

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
