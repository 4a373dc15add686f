//! Loading and failure, shown the same way everywhere: a muted "loading" line, the service's
//! reason as an alert, and nothing at all for a request the panel cancelled itself.

use leptos::prelude::*;

use crate::api::ApiError;

/// Why a part of a split release build (a page, a dialog) could not be shown: the module
/// with its code could not be fetched.
#[cfg(split_routes)]
pub const NOT_FETCHED: &str =
    "Its code could not be fetched: the network dropped, or the panel was updated meanwhile. Try again; if it keeps failing, reload the page.";

/// The error put into `words` as an alert; `None` for a cancelled request.
pub fn alert(e: &ApiError, words: impl FnOnce(&ApiError) -> String) -> Option<AnyView> {
    match e {
        ApiError::Aborted => None,
        e => {
            let text = words(e);
            Some(view! { <p role="alert" class="error">{text}</p> }.into_any())
        }
    }
}

/// `prefix` and the error in plain words as an alert; `None` for a cancelled request.
pub fn failure(prefix: &str, e: &ApiError) -> Option<AnyView> {
    alert(e, |e| format!("{prefix}{}", e.plain_words()))
}

/// Fallback for `<ErrorBoundary>`: every error but a cancellation as an alert.
fn error_list(prefix: &'static str, errors: ArcRwSignal<Errors>) -> impl IntoView {
    move || {
        errors
            .get()
            .into_iter()
            .filter_map(|(_, e)| match (**e).downcast_ref::<ApiError>() {
                Some(api) => failure(prefix, api),
                None => Some(view! { <p role="alert" class="error">{format!("{prefix}{e}")}</p> }.into_any()),
            })
            .collect_view()
    }
}

/// A resource's value through `view` once loaded; meanwhile `loading`, and on failure the
/// error after `failed` (e.g. "The action log could not be loaded. ").
#[component]
pub fn Loaded<T, F, V>(
    resource: LocalResource<Result<T, ApiError>>,
    #[prop(default = "Loading…")] loading: &'static str,
    #[prop(default = "")] failed: &'static str,
    view: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=move || view! { <p class="loading">{loading}</p> }>
            <ErrorBoundary fallback=move |errors| error_list(failed, errors)>
                {
                    let view = view.clone();
                    move || resource.get().map(|result| result.map(view.clone()))
                }
            </ErrorBoundary>
        </Transition>
    }
}
