//! Edit the image's own fields: name, visibility, protected, minimum disk and RAM. Checked
//! beside each field before sending; what was typed stays (and is kept in this tab's
//! sessionStorage) until Glance accepts it.

use leptos::prelude::*;

use crate::api::image_patch;
use crate::api::images::update::{check, operations, ImageEdit};
use crate::api::images::upload::VISIBILITIES;
use crate::api::images::{self, Image};
use crate::components::fields::{Binding, CheckboxField, SelectField, TextField};
use crate::components::images::visibility_label;
use crate::components::load::failure;
use crate::state::session::{use_auth, Api};
use crate::state::storage;
use crate::state::toasts::use_toasts;

fn draft_key(id: &str) -> String {
    format!("nephele.draft.image-edit.{id}")
}

#[component]
pub fn EditImage(image: Signal<Image>, current: RwSignal<Vec<Image>>) -> impl IntoView {
    let auth = use_auth();
    let toasts = use_toasts();
    let id = image.with_untracked(|i| i.id.clone());
    let key = draft_key(&id);
    let start = storage::get::<ImageEdit>(&key).unwrap_or_else(|| image.with_untracked(ImageEdit::of));
    let name = RwSignal::new(start.name);
    let visibility = RwSignal::new(start.visibility);
    let protected = RwSignal::new(start.protected.to_string());
    let min_disk = RwSignal::new(start.min_disk);
    let min_ram = RwSignal::new(start.min_ram);
    let edit = move || ImageEdit {
        name: name.get(),
        visibility: visibility.get(),
        protected: protected.get() == "true",
        min_disk: min_disk.get(),
        min_ram: min_ram.get(),
    };
    let problems = RwSignal::new(Vec::<(&'static str, String)>::new());
    let problem = move |field: &'static str| {
        Signal::derive(move || problems.with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone())))
    };
    let result = RwSignal::new(None::<crate::api::ApiError>);
    {
        let key = key.clone();
        Effect::new(move |_| {
            let draft = edit();
            // Only what differs from the image is a draft.
            if image.with_untracked(|i| ImageEdit::of(i) == draft) {
                storage::remove(&key);
            } else {
                storage::set(&key, &draft);
            }
        });
    }

    let save = Action::new_local(move |ops: &Vec<serde_json::Value>| {
        let (ops, id) = (ops.clone(), image.with_untracked(|i| i.id.clone()));
        auth.call(Api::Image, move |svc| image_patch::patch(svc, &id, ops), images::parse_one)
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(fresh)) => {
            storage::remove(&draft_key(&fresh.id));
            result.set(None);
            toasts.info("Image saved.");
            current.set(vec![fresh]);
        }
        Some(Err(e)) => result.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = edit();
        let found = check(&draft);
        problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        let ops = image.with_untracked(|i| operations(i, &draft));
        if ops.is_empty() {
            toasts.info("Nothing to save: no field changed.");
            return;
        }
        save.dispatch(ops);
    };
    let reset = move |_| {
        let fresh = image.with_untracked(ImageEdit::of);
        name.set(fresh.name);
        visibility.set(fresh.visibility);
        protected.set(fresh.protected.to_string());
        min_disk.set(fresh.min_disk);
        min_ram.set(fresh.min_ram);
        problems.set(Vec::new());
        storage::remove(&key);
    };
    let choices = Signal::stored(VISIBILITIES.iter().map(|v| (v.to_string(), visibility_label(v).to_string())).collect::<Vec<_>>());

    view! {
        <section class="card" aria-labelledby="image-edit">
            <h2 id="image-edit">"Edit"</h2>
            <form class="edit-image" on:submit=submit novalidate>
                <TextField id="edit-name" label="Name" value=name error=problem("name") />
                <SelectField id="edit-visibility" label="Visibility" value=visibility options=choices />
                <TextField id="edit-min-disk" label="Minimum disk (GiB)" value=min_disk kind="number" error=problem("min_disk") />
                <TextField id="edit-min-ram" label="Minimum RAM (MiB)" value=min_ram kind="number" error=problem("min_ram") />
                <CheckboxField label="Protected (cannot be deleted)" value=Binding::from(protected) />
                <div class="dialog-buttons">
                    <button type="button" on:click=reset>"Undo changes"</button>
                    <button type="submit" class="primary" disabled=save.pending()>"Save"</button>
                </div>
            </form>
            {move || result.get().and_then(|e| failure("Not saved. ", &e))}
        </section>
    }
}
