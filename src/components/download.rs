//! Saving text the panel holds as a file: a Blob behind an object URL, released when the link
//! goes away. Nothing is sent anywhere; the text never leaves the browser's memory but as the
//! file the user saves.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// An object URL for `content` as a file of type `mime`, or `None` when the browser refuses.
fn object_url(content: &str, mime: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// A link that saves `content` as `filename`; `on_saved` runs when it is clicked.
#[component]
pub fn DownloadLink(
    filename: String,
    content: String,
    mime: &'static str,
    #[prop(optional)] on_saved: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    let url = object_url(&content, mime);
    if let Some(url) = url.clone() {
        on_cleanup(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
    }
    view! {
        <a class="button primary" href=url download=filename on:click=move |_| {
            if let Some(saved) = on_saved {
                saved.run(());
            }
        }>{children()}</a>
    }
}
