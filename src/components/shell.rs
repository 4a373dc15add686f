//! The frame around every page: brand, navigation, who is logged in and for how long, the
//! logout button and the global message area. On a narrow screen the navigation and the
//! session fold behind a Menu button.

use leptos::prelude::*;
use std::time::Duration;

use crate::components::servers::action_form::ActionDialog;
use crate::state::clock::use_now;
use crate::state::router::use_router;
use crate::state::session::{now_secs, use_auth};
use crate::state::toasts::{use_toasts, ToastKind};

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let auth = use_auth();
    let logged_in = Memo::new(move |_| auth.session.with(Option::is_some));
    // On a narrow screen the links and the session fold behind a button; going anywhere
    // folds them again.
    let menu_open = RwSignal::new(false);
    let router = use_router();
    Effect::new(move |_| {
        router.path();
        menu_open.set(false);
    });
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="topbar" class:open=move || menu_open.get()>
            <a href="/servers" class="brand">
                <span class="logo" aria-hidden="true"></span>
                "nephele"
            </a>
            <Show when=move || logged_in.get()>
                <button type="button" class="nav-toggle quiet" aria-controls="topbar-menu"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)>
                    <span class="bars" aria-hidden="true"></span>
                    "Menu"
                </button>
                <div class="topbar-menu" id="topbar-menu">
                    <nav aria-label="Main">
                        <NavLink href="/servers" label="Servers" />
                        <NavLink href="/images" label="Images" />
                        <NavLink href="/keypairs" label="Key pairs" />
                        <NavLink href="/limits" label="Limits" />
                    </nav>
                    <SessionInfo />
                </div>
            </Show>
        </header>
        <ToastArea />
        <main id="main">{children()}</main>
        <ActionDialog />
    }
}

/// A link of the main navigation, marked as the current page on its own page and below it
/// (`/servers` on a server's detail too).
#[component]
fn NavLink(href: &'static str, label: &'static str) -> impl IntoView {
    let router = use_router();
    let current = move || router.path().strip_prefix(href).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    view! { <a href=href aria-current=move || current().then_some("page")>{label}</a> }
}

/// User, project, the time left on the token, and logout. Sends to login when the token
/// expires, before any call fails with it.
#[component]
fn SessionInfo() -> impl IntoView {
    let auth = use_auth();
    let now = use_now();
    let seconds_left = move || auth.session.with(|s| s.as_ref().map(|s| s.expires_at - now.get()));
    // The clock ticks once a minute; the session ends to the second.
    let expires_in = Memo::new(move |_| auth.session.with(|s| s.as_ref().map(|s| s.seconds_left(now_secs()))));
    Effect::new(move |_| {
        let Some(left) = expires_in.get() else { return };
        let expire = move || auth.expire("Your session has ended (its token expired). Log in again to continue where you were.");
        if left <= 0.0 {
            expire();
        } else if let Ok(handle) = set_timeout_with_handle(expire, Duration::from_secs_f64(left)) {
            on_cleanup(move || handle.clear());
        }
    });
    let expiry_text = move || {
        seconds_left().map(|left| {
            let minutes = (left / 60.0).ceil().max(0.0) as u64;
            if minutes >= 120 {
                format!("Session ends in {} h", minutes / 60)
            } else {
                format!("Session ends in {minutes} min")
            }
        })
    };
    // A task and a signal, not an `Action`: the only one the first load would have (its
    // machinery weighed ~1.5 KB gzip, issue #12), as for the login.
    let logging_out = RwSignal::new(false);
    let logout = move |_| {
        logging_out.set(true);
        leptos::task::spawn_local(async move {
            auth.logout().await;
            logging_out.set(false);
        });
    };
    view! {
        <div class="session">
            <span class="who">
                {move || auth.session.with(|s| s.as_ref().map(|s| view! {
                    <span class="user" title="User">{s.user_name.clone()}</span>
                    " @ "
                    <span class="project" title="Project">{s.project_name.clone()}</span>
                }))}
            </span>
            <span id="session-expiry" class:soon=move || seconds_left().is_some_and(|l| l < 300.0)>
                {expiry_text}
            </span>
            <button type="button" class="quiet" on:click=logout disabled=move || logging_out.get()>
                "Log out"
            </button>
        </div>
    }
}

#[component]
fn ToastArea() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let(toast)>
                <div class="toast" class:error=toast.kind == ToastKind::Error
                    role=if toast.kind == ToastKind::Error { "alert" } else { "status" }>
                    <span>{toast.text}</span>
                    <button type="button" class="quiet" aria-label="Dismiss message"
                        on:click=move |_| toasts.dismiss(toast.id)>"×"</button>
                </div>
            </For>
        </div>
    }
}
