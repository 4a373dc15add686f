//! Areas whose pages come with later work; the navigation already leads somewhere honest.

use leptos::prelude::*;

#[component]
pub fn ImagesPage() -> impl IntoView {
    view! {
        <h1>"Images"</h1>
        <p class="muted">"The image gallery (base images and snapshots) is not built yet."</p>
    }
}
