//! The image's actions: launch a server from it, edit its properties, deactivate or
//! reactivate, delete (after a confirm that names it; a protected image says why not).

use leptos::prelude::*;

use crate::api::images::actions::{can_deactivate, can_reactivate, deactivate, reactivate};
use crate::api::images::{self, delete_refusal, Image};
use crate::api::{ApiError, Request, Service};
use crate::components::dialog::ConfirmDialog;
use crate::components::images::{image_metadata_page, launch_page};
use crate::components::load::failure;
use crate::state::router::use_router;
use crate::state::session::{use_auth, Api};
use crate::state::toasts::use_toasts;

#[derive(Clone, Copy, PartialEq)]
enum Act {
    Deactivate,
    Reactivate,
    Delete,
}

#[component]
pub fn ImageActions(image: Signal<Image>, current: RwSignal<Vec<Image>>) -> impl IntoView {
    let auth = use_auth();
    let toasts = use_toasts();
    let router = use_router();
    let error = RwSignal::new(None::<ApiError>);
    let confirm = RwSignal::new(false);
    let id = move || image.with(|i| i.id.clone());
    let name = move || image.with(|i| i.display_name().to_string());

    let run = Action::new_local(move |act: &Act| {
        let (act, id) = (*act, id());
        let build = move |svc: &Service| -> Request {
            match act {
                Act::Deactivate => deactivate(svc, &id),
                Act::Reactivate => reactivate(svc, &id),
                Act::Delete => images::delete(svc, &id),
            }
        };
        // Not tied to the dialog that asked: closing it must not cancel the call.
        async move { (act, auth.call_with_signal(Api::Image, build, images::parse_empty, None).await) }
    });
    Effect::new(move |_| match run.value().get() {
        Some((Act::Delete, Ok(()))) => {
            toasts.info(format!("Image \"{}\" deleted.", name()));
            router.go("/images");
        }
        Some((_, Ok(()))) => {
            error.set(None);
            let id = id();
            let get = auth.call(Api::Image, move |svc| images::get(svc, &id), images::parse_one);
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = get.await {
                    current.try_set(vec![fresh]);
                }
            });
        }
        Some((_, Err(e))) => error.set(Some(e)),
        None => {}
    });
    let busy = run.pending();
    let refusal = move || image.with(|i| delete_refusal(i));

    view! {
        <div class="image-actions" role="group" aria-label="Image actions">
            <a class="button primary" href=move || launch_page(&id())>"Launch"</a>
            <a class="button" href=move || image_metadata_page(&id())>"Edit properties"</a>
            <Show when=move || image.with(|i| can_deactivate(&i.status))>
                <button type="button" disabled=busy on:click=move |_| { run.dispatch(Act::Deactivate); }>"Deactivate"</button>
            </Show>
            <Show when=move || image.with(|i| can_reactivate(&i.status))>
                <button type="button" disabled=busy on:click=move |_| { run.dispatch(Act::Reactivate); }>"Reactivate"</button>
            </Show>
            <button type="button" class="danger" aria-describedby="delete-refusal"
                disabled=move || busy.get() || refusal().is_some()
                on:click=move |_| confirm.set(true)>"Delete"</button>
            {move || refusal().map(|why| view! { <p class="refusal" id="delete-refusal">{format!("Cannot delete: {why}")}</p> })}
        </div>
        {move || error.get().and_then(|e| failure("", &e))}
        <Show when=move || confirm.get()>
            <ConfirmDialog
                title_id="delete-image-title"
                title=Signal::derive(move || format!("Delete image \"{}\"?", name()))
                message=Signal::derive(move || format!(
                    "Delete \"{}\"? Its data is destroyed: this cannot be undone. Servers already booted from it keep running.",
                    name()
                ))
                confirm=Signal::derive(move || format!("Delete \"{}\"", name()))
                on_confirm=Callback::new(move |_| {
                    confirm.set(false);
                    run.dispatch(Act::Delete);
                })
                on_cancel=Callback::new(move |_| confirm.set(false))
            />
        </Show>
    }
}
