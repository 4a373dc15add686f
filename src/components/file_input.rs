//! Reading a local text file with the File API: the text stays in the browser (nothing is
//! uploaded) and goes wherever the caller puts it, e.g. into a field the user can still edit.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What a read gives: the file's text, or why it could not be read, in words.
pub type FileRead = Result<String, String>;

/// A labelled file picker that reads the chosen file as UTF-8 text into `on_read`. Files
/// over `max_bytes` are refused before they are read.
#[component]
pub fn TextFileInput(
    #[prop(into)] id: String,
    label: &'static str,
    max_bytes: u32,
    on_read: Callback<FileRead>,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        // Let the same file be chosen again after an edit.
        input.set_value("");
        let name = file.name();
        if file.size() > f64::from(max_bytes) {
            on_read.run(Err(format!(
                "\"{name}\" is {} bytes; a file here may have {max_bytes} bytes at most. Is it the right file?",
                file.size()
            )));
            return;
        }
        leptos::task::spawn_local(async move {
            let read = match JsFuture::from(file.text()).await {
                Ok(text) => text.as_string().ok_or_else(|| format!("\"{name}\" is not a text file.")),
                Err(e) => Err(format!(
                    "\"{name}\" could not be read: {}",
                    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default()
                )),
            };
            on_read.run(read);
        });
    };
    let label_for = id.clone();
    view! {
        <label class="file-input" for=label_for>
            {label}
            <input id=id type="file" on:change=on_change />
        </label>
    }
}
