//! How failed loads show: the service's reason in plain words, as text.

use leptos::prelude::*;

/// Fallback for `<ErrorBoundary>`: every error as a readable alert.
pub fn error_list(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div class="errors">
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|(_, e)| view! { <p role="alert" class="error">{e.to_string()}</p> })
                    .collect_view()
            }}
        </div>
    }
}
