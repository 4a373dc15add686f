use leptos::prelude::*;

#[component]
pub fn ServerDetailPage() -> impl IntoView {
    view! { <h1>"Server"</h1> }
}
