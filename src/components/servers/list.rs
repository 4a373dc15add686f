use leptos::prelude::*;

#[component]
pub fn ServerListPage() -> impl IntoView {
    view! { <h1>"Servers"</h1> }
}
