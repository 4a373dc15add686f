//! Areas whose pages come with later work; the navigation already leads somewhere honest.

use leptos::prelude::*;

use crate::components::servers::server_page;

#[component]
pub fn KeypairsPage() -> impl IntoView {
    view! {
        <h1>"Key pairs"</h1>
        <p class="muted">"Key pair management is not built yet."</p>
    }
}

#[component]
pub fn MetadataEditorPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let back = move || server_page(&params.with(|p| p.get("id").unwrap_or_default()));
    view! {
        <h1>"Edit metadata"</h1>
        <p class="muted">"The metadata editor is not built yet. The server page shows its metadata."</p>
        <p><a href=back>"Back to the server"</a></p>
    }
}
