//! Modal dialogs: the frame (overlay, title, Escape closes) and a confirmation built on it.
//! A dialog takes the focus when it opens, so Escape and Tab work in it at once.

use leptos::prelude::*;

/// A modal dialog titled `title`; Escape or `on_close` closes it.
#[component]
pub fn Dialog(
    /// The title's DOM id (the dialog is labelled by it).
    title_id: &'static str,
    #[prop(into)] title: Signal<String>,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            // Next frame: a dialog whose code was just fetched (split build) is built before
            // it is in the document, and a detached element cannot take focus.
            request_animation_frame(move || {
                let _ = dialog.focus();
            });
        }
    });
    view! {
        <div class="overlay" on:keydown=move |ev| if ev.key() == "Escape" { on_close.run(()) }>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby=title_id tabindex="-1" node_ref=dialog>
                <h2 id=title_id>{title}</h2>
                {children()}
            </div>
        </div>
    }
}

/// Asks before something that cannot be undone: `message`, then Cancel or `confirm`.
#[component]
pub fn ConfirmDialog(
    title_id: &'static str,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] message: Signal<String>,
    /// The confirming button's text.
    #[prop(into)] confirm: Signal<String>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    view! {
        <Dialog title_id title on_close=on_cancel>
            <p class="confirm">{message}</p>
            <div class="dialog-buttons">
                <button type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button type="button" class="primary danger" on:click=move |_| on_confirm.run(())>{confirm}</button>
            </div>
        </Dialog>
    }
}
