//! The status badge: colour, text and a plain-words tooltip (never colour alone), the task
//! in progress beneath it, and a progress bar while Nova reports one.

use leptos::prelude::*;

use crate::api::servers::{status_info, Server, Tone};

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

/// "resize_migrating" -> "resize migrating".
fn task_words(task: &str) -> String {
    task.replace(['_', '-'], " ")
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
        {move || task.get().map(|t| view! { <span class="task">{task_words(&t)}"…"</span> })}
        {move || progress.get().map(|p| view! {
            <progress max="100" value=p.to_string() aria-label="Build progress">{format!("{p}%")}</progress>
        })}
    }
}
