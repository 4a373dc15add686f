//! Server action controls for any page: one button per kind, greyed with Nova's reason when
//! it would refuse now, and the list's compact per-row menu. What a press does is the actions
//! service's business (`state::actions`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::servers::actions::ActionKind;
use crate::api::servers::states::availability;
use crate::api::servers::Server;
use crate::components::format::display_name;
use crate::components::servers::catalogue::{entry, refusal_words};
use crate::components::servers::metadata_page;
use crate::state::actions::use_actions;
use crate::state::session::use_auth;

/// One button per kind, greyed with the reason when Nova would refuse it now.
#[component]
pub fn ActionButton(kind: ActionKind, server: Signal<Server>) -> impl IntoView {
    let (auth, actions) = (use_auth(), use_actions());
    let refusal = move || server.with(|s| availability(kind, s, auth.microversion()).err().map(|r| refusal_words(&r)));
    let entry = entry(kind);
    view! {
        <button
            type="button"
            class:danger=entry.destructive
            disabled=move || refusal().is_some()
            title=move || refusal().unwrap_or_default()
            on:click=move |_| actions.start(kind, server.get_untracked())
        >
            {entry.label}
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
            <summary class="button" on:click=move |ev| { ev.prevent_default(); open.update(|o| *o = !*o) }
                aria-label=move || format!("Actions for {}", server.with(display_name))>
                "Actions ▾"
            </summary>
            <Show when=move || open.get()>
                // A chosen action closes the menu (greyed buttons send no click).
                <div class="popup" role="menu" on:click=move |_| open.set(false)>
                    {ActionKind::ALL
                        .into_iter()
                        .filter(|k| *k != ActionKind::ConsoleOutput)
                        .map(|kind| view! { <ActionButton kind server /> })
                        .collect_view()}
                    <a role="menuitem" class="button" href=move || metadata_page(&server.with(|s| s.id.clone()))>"Edit metadata"</a>
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
