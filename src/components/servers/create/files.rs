//! The Details step's injected files (Nova's `personality`): a path and a content per row,
//! each checked beside it against this cloud's limits. Nova takes them only up to compute API
//! 2.56, so a create with any goes out at 2.56.

use leptos::prelude::*;

use crate::api::servers::create::{Field, InjectedFile, LAST_WITH_PERSONALITY};
use crate::components::fields::{Binding, TextArea, TextField};
use crate::components::file_input::{FileRead, TextFileInput};

use super::{loaded, use_wizard, FieldErrors};

/// Larger files are not read into the box at all; the limit itself is checked as for typed text.
const MAX_READ_BYTES: u32 = 1024 * 1024;

/// The files' limits in words, as far as the cloud reports them.
fn limits_words(count: Option<i64>, size: Option<i64>) -> String {
    match (count, size) {
        (Some(count), Some(size)) => format!("This cloud takes {count} files of {size} bytes each at most."),
        (Some(count), None) => format!("This cloud takes {count} files at most."),
        (None, Some(size)) => format!("This cloud takes files of {size} bytes at most."),
        (None, None) => String::new(),
    }
}

#[component]
pub fn InjectedFiles() -> impl IntoView {
    let wizard = use_wizard();
    let draft = wizard.draft;
    let count = Memo::new(move |_| draft.with(|d| d.personality.len()));
    let limits = move || {
        let limits = loaded(wizard.cloud.limits);
        limits_words(limits.max_personality, limits.max_personality_size)
    };
    let add = move |_| draft.update(|d| d.personality.push(InjectedFile::default()));
    view! {
        <fieldset class="injected-files">
            <legend>"Files to inject"</legend>
            <p class="hint">
                {format!(
                    "Nova writes each file into the server's disk before it boots. Only compute API \
                     {LAST_WITH_PERSONALITY} and older take them, so with any file here the request is sent at \
                     {LAST_WITH_PERSONALITY}. "
                )}
                {limits}
            </p>
            <FieldErrors field=Field::Personality />
            <For each=move || 0..count.get() key=|i| *i let:item>
                <FileRow item />
            </For>
            <button type="button" on:click=add>"Add a file"</button>
        </fieldset>
    }
}

/// One file of the draft's list, by its position.
#[component]
fn FileRow(item: usize) -> impl IntoView {
    let wizard = use_wizard();
    let draft = wizard.draft;
    let field = move |get: fn(&InjectedFile) -> &String, set: fn(&mut InjectedFile, String)| {
        Binding::new(
            move || draft.with(|d| d.personality.get(item).map(|f| get(f).clone()).unwrap_or_default()),
            move |v| draft.update(|d| d.personality.get_mut(item).into_iter().for_each(|f| set(f, v.clone()))),
        )
    };
    let size = move || draft.with(|d| d.personality.get(item).map_or(0, |f| f.contents.len()));
    let read_error = RwSignal::new(None::<String>);
    let on_read = Callback::new(move |read: FileRead| match read {
        Ok(text) => {
            read_error.set(None);
            draft.update(|d| d.personality.get_mut(item).into_iter().for_each(|f| f.contents = text.clone()));
        }
        Err(message) => read_error.set(Some(message)),
    });
    let remove = move |_| {
        draft.update(|d| {
            if item < d.personality.len() {
                d.personality.remove(item);
            }
        })
    };
    view! {
        <div class="file-row" role="group" aria-label=format!("File {}", item + 1)>
            <TextField id=format!("file-{item}-path") label="Path on the server" placeholder="/etc/motd"
                value=field(|f| &f.path, |f, v| f.path = v) />
            <TextArea id=format!("file-{item}-contents") label="Content" rows=4
                value=field(|f| &f.contents, |f, v| f.contents = v) />
            <p class="muted small" aria-live="polite">{move || format!("{} bytes", size())}</p>
            <div class="file-row-actions">
                <TextFileInput id=format!("file-{item}-read") label="Read from a file…" max_bytes=MAX_READ_BYTES on_read />
                <button type="button" on:click=remove>{format!("Remove file {}", item + 1)}</button>
            </div>
            {move || read_error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
            <FieldErrors field=Field::Personality item />
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn limits_in_words() {
        assert_eq!(super::limits_words(Some(5), Some(10240)), "This cloud takes 5 files of 10240 bytes each at most.");
        assert_eq!(super::limits_words(None, None), "");
    }
}
