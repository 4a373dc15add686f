//! The review before a save: what the save will add, change and remove, and what was
//! changed elsewhere since the editor loaded. Keys and values from the API render as text.

use leptos::prelude::*;

use crate::api::metadata::Diff;

/// A diff as a list: `+ key = value`, `~ key: old → new`, `− key`.
#[component]
pub fn DiffList(diff: Diff, #[prop(into)] label: String) -> impl IntoView {
    let added = diff.added.into_iter().map(|(key, value)| {
        view! { <li class="diff-added"><span class="diff-sign">"Add"</span><code>{key}</code>" = "<code>{value}</code></li> }
    });
    let changed = diff.changed.into_iter().map(|(key, (old, new))| {
        view! {
            <li class="diff-changed">
                <span class="diff-sign">"Change"</span><code>{key}</code>": "
                <del><code>{old}</code></del>" → "<ins><code>{new}</code></ins>
            </li>
        }
    });
    let removed = diff.removed.into_iter().map(|(key, old)| {
        view! { <li class="diff-removed"><span class="diff-sign">"Remove"</span><code>{key}</code>" (was "<code>{old}</code>")"</li> }
    });
    view! {
        <ul class="diff" aria-label=label>
            {added.collect_view()}
            {changed.collect_view()}
            {removed.collect_view()}
        </ul>
    }
}

/// Counted in words: "2 added, 1 changed, 1 removed".
pub fn summary(diff: &Diff) -> String {
    let parts = [(diff.added.len(), "added"), (diff.changed.len(), "changed"), (diff.removed.len(), "removed")];
    let words: Vec<String> = parts.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect();
    if words.is_empty() {
        "no changes".into()
    } else {
        words.join(", ")
    }
}
