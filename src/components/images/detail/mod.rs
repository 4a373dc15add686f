//! `/images/:id`: one image in full. Every property as text, the servers booted from it, the
//! edit form, and the actions: launch a server from it (the create wizard), edit its
//! properties (the metadata editor), deactivate or reactivate, delete. An image still changing
//! (a snapshot being saved) is watched until it settles.

mod actions;
mod edit;
mod facts;

use leptos::prelude::*;

use crate::api::images::{self, Image};
use crate::api::ApiError;
use crate::components::images::{distro, ImageStatus};
use crate::components::load::failure;
use crate::state::image_watch;
use crate::state::session::{use_auth, Api};
use crate::state::router::use_router;

#[component]
pub fn ImageDetailPage() -> impl IntoView {
    let auth = use_auth();
    let id = use_router().id();
    // The image as a one-element list, the shape the watcher keeps current; empty once gone.
    let current = RwSignal::new(Vec::<Image>::new());
    let load = LocalResource::new(move || {
        let id = id.get();
        let get = auth.call(Api::Image, move |svc| images::get(svc, &id), images::parse_one);
        async move { get.await.map(|image| current.set(vec![image])) }
    });
    image_watch::watch(auth, current);
    let image = Signal::derive(move || current.with(|c| c.first().cloned()).unwrap_or_default());

    view! {
        <p class="crumbs"><a href="/images">"← Images"</a></p>
        <Transition fallback=|| view! { <p class="loading">"Loading the image…"</p> }>
            {move || load.get().map(|result| match result {
                Err(ApiError::NotFound(_)) => view! { <Gone id=id.get_untracked() /> }.into_any(),
                Err(e) => failure("The image could not be loaded. ", &e).map(|alert| view! {
                    <h1>"Image"</h1>
                    {alert}
                    <p><button type="button" on:click=move |_| load.refetch()>"Try again"</button></p>
                }).into_any(),
                Ok(()) => view! {
                    <Show when=move || current.with(|c| !c.is_empty()) fallback=move || view! { <Gone id=id.get_untracked() /> }>
                        <ImageView image current />
                    </Show>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Gone(id: String) -> impl IntoView {
    view! {
        <div class="gone">
            <h1>"Image"</h1>
            <p role="alert" class="error">"This image no longer exists (deleted)."</p>
            <p class="muted">{format!("ID {id}")}</p>
            <p><a href="/images">"Back to the images"</a></p>
        </div>
    }
}

#[component]
fn ImageView(image: Signal<Image>, current: RwSignal<Vec<Image>>) -> impl IntoView {
    view! {
        <div class="detail-head">
            <h1>{move || image.with(|i| i.display_name().to_string())}</h1>
            <ImageStatus status=Signal::derive(move || image.with(|i| i.status.clone())) />
            {move || image.with(|i| i.is_snapshot()).then(|| view! { <span class="tag">"Snapshot"</span> })}
            {move || image.with(distro).map(|d| view! { <span class="muted">{d}</span> })}
        </div>
        <actions::ImageActions image current />
        <div class="facts">
            <facts::Properties image />
            <edit::EditImage image current />
            <facts::BootedServers image />
        </div>
    }
}
