//! Upload an image from a local file: make the record, then send the file with a progress
//! bar and Cancel. A cancelled or failed upload deletes the half-made record and says so.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{File, HtmlInputElement};

use crate::api::images::upload::{self as api, NewImage, CONTAINER_FORMATS, DISK_FORMATS, VISIBILITIES};
use crate::api::images::{self, Image};
use crate::api::ApiError;
use crate::components::dialog::Dialog;
use crate::components::fields::{Binding, SelectField, TextField};
use crate::components::format::bytes;
use crate::components::images::visibility_label;
use crate::state::session::{use_auth, Api, Auth};
use crate::state::upload::{send_file, Outcome, Transfer};

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Form,
    Sending,
    Finished { ok: bool, message: String },
}

fn choices(values: &[&str], label: fn(&str) -> String) -> Signal<Vec<(String, String)>> {
    Signal::stored(values.iter().map(|v| (v.to_string(), label(v))).collect())
}

/// The "Upload image" button and its dialog; a new image joins `shown` at the top.
#[component]
pub fn UploadButton(shown: RwSignal<Vec<Image>>) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button type="button" class="primary" on:click=move |_| open.set(true)>"Upload image"</button>
        <Show when=move || open.get()>
            <UploadDialog shown on_close=Callback::new(move |_| open.set(false)) />
        </Show>
    }
}

#[component]
fn UploadDialog(shown: RwSignal<Vec<Image>>, on_close: Callback<()>) -> impl IntoView {
    let auth = use_auth();
    let file = RwSignal::new(None::<SendWrapper<File>>);
    let fields = RwSignal::new(std::collections::BTreeMap::<String, String>::from([
        ("container_format".into(), "bare".into()),
        ("visibility".into(), "private".into()),
    ]));
    let field = move |k: &'static str| fields.with(|f| f.get(k).cloned().unwrap_or_default());
    let problems = RwSignal::new(Vec::<(&'static str, String)>::new());
    let problem = move |name: &'static str| {
        Signal::derive(move || problems.with(|p| p.iter().find(|(f, _)| *f == name).map(|(_, m)| m.clone())))
    };
    let file_problem = RwSignal::new(None::<String>);
    let phase = RwSignal::new(Phase::Form);
    let progress = RwSignal::new((0.0_f64, 0.0_f64));
    let transfer = RwSignal::new(None::<SendWrapper<Transfer>>);

    let pick = move |ev: leptos::ev::Event| {
        let picked = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).and_then(|i| i.files()).and_then(|f| f.get(0));
        if let Some(f) = &picked {
            let name = f.name();
            fields.update(|m| {
                if m.get("name").is_none_or(String::is_empty) {
                    m.insert("name".into(), name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem).to_string());
                }
                if let Some(format) = api::guess_disk_format(&name) {
                    m.insert("disk_format".into(), format.into());
                }
            });
            file_problem.set(None);
        }
        file.set(picked.map(SendWrapper::new));
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = NewImage {
            name: field("name"),
            disk_format: field("disk_format"),
            container_format: field("container_format"),
            visibility: field("visibility"),
            min_disk: field("min_disk"),
            min_ram: field("min_ram"),
        };
        let found = api::check(&draft);
        let chosen = file.get_untracked();
        file_problem.set(chosen.is_none().then(|| "Choose the file to upload.".to_string()));
        problems.set(found.clone());
        let Some(chosen) = chosen else { return };
        if !found.is_empty() {
            return;
        }
        phase.set(Phase::Sending);
        leptos::task::spawn_local(async move {
            let (ok, message) = upload(auth, draft, chosen.take(), shown, progress, transfer).await;
            transfer.try_set(None);
            phase.try_set(Phase::Finished { ok, message });
        });
    };
    let cancel = move |_| {
        if let Some(t) = transfer.get_untracked() {
            t.cancel();
        }
    };
    // Leaving the page mid-upload cancels it (and so deletes the record).
    on_cleanup(move || {
        if let Some(t) = transfer.try_get_untracked().flatten() {
            t.cancel();
        }
    });
    let percent = move || {
        let (sent, total) = progress.get();
        if total > 0.0 { (sent / total * 100.0).round() } else { 0.0 }
    };

    view! {
        <Dialog title_id="upload-title" title="Upload an image" on_close=Callback::new(move |_| {
            if phase.get_untracked() != Phase::Sending { on_close.run(()) }
        })>
            {move || match phase.get() {
                Phase::Form => view! {
                    <form class="upload" on:submit=submit novalidate>
                        <div class="field">
                            <label for="upload-file">"File"</label>
                            <input id="upload-file" type="file" on:change=pick
                                aria-invalid=move || file_problem.with(Option::is_some).then_some("true") />
                            {move || file_problem.get().map(|m| view! { <p role="alert" class="error">{m}</p> })}
                        </div>
                        <TextField id="upload-name" label="Name" value=Binding::key(fields, "name") error=problem("name") />
                        <SelectField id="upload-disk-format" label="Disk format" value=Binding::key(fields, "disk_format")
                            empty="Choose…" options=choices(&DISK_FORMATS, |f| f.to_string()) />
                        {move || problem("disk_format").get().map(|m| view! { <p role="alert" class="error">{m}</p> })}
                        <SelectField id="upload-container-format" label="Container format" value=Binding::key(fields, "container_format")
                            options=choices(&CONTAINER_FORMATS, |f| f.to_string()) />
                        <SelectField id="upload-visibility" label="Visibility" value=Binding::key(fields, "visibility")
                            options=choices(&VISIBILITIES, |v| visibility_label(v).to_string()) />
                        <TextField id="upload-min-disk" label="Minimum disk (GiB)" kind="number" value=Binding::key(fields, "min_disk") error=problem("min_disk") />
                        <TextField id="upload-min-ram" label="Minimum RAM (MiB)" kind="number" value=Binding::key(fields, "min_ram") error=problem("min_ram") />
                        <div class="dialog-buttons">
                            <button type="button" on:click=move |_| on_close.run(())>"Close"</button>
                            <button type="submit" class="primary">"Upload"</button>
                        </div>
                    </form>
                }.into_any(),
                Phase::Sending => view! {
                    <div class="upload">
                        <label for="upload-progress">
                            {move || {
                                let (sent, total) = progress.get();
                                format!("Uploading… {} of {} ({}%)", bytes(sent as u64), bytes(total as u64), percent())
                            }}
                        </label>
                        <progress id="upload-progress" max="100" value=move || percent().to_string()></progress>
                        <div class="dialog-buttons">
                            <button type="button" class="danger" on:click=cancel>"Cancel upload"</button>
                        </div>
                    </div>
                }.into_any(),
                Phase::Finished { ok, message } => view! {
                    <p role=if ok { "status" } else { "alert" } class=if ok { "notice" } else { "error" }>{message}</p>
                    <div class="dialog-buttons">
                        <button type="button" class="primary" on:click=move |_| on_close.run(())>"Close"</button>
                    </div>
                }.into_any(),
            }}
        </Dialog>
    }
}

/// Create the record, send the file, and clean up after a cancel or failure. Returns whether
/// the image is there, and what to tell.
async fn upload(
    auth: Auth,
    draft: NewImage,
    file: File,
    shown: RwSignal<Vec<Image>>,
    progress: RwSignal<(f64, f64)>,
    transfer: RwSignal<Option<SendWrapper<Transfer>>>,
) -> (bool, String) {
    let image = match auth.call_with_signal(Api::Image, |svc| api::create(svc, &draft), api::parse_created, None).await {
        Ok(image) => image,
        Err(e) => return (false, format!("The image record could not be created. {}", e.plain_words())),
    };
    let name = image.display_name().to_string();
    shown.try_update(|all| all.insert(0, image.clone()));
    let Some(svc) = auth.session.with_untracked(|s| s.as_ref().and_then(|s| s.endpoint(Api::Image))) else {
        return (false, "You are logged out.".into());
    };
    let request = api::upload_file(&svc, &image.id);
    let outcome = match send_file(&request, &file, move |sent, total| {
        progress.try_set((sent, total));
    }) {
        Ok((t, done)) => {
            transfer.try_set(Some(SendWrapper::new(t)));
            done.await
        }
        Err(e) => Outcome::Failed(e),
    };
    let why = match outcome {
        Outcome::Answered(resp) if resp.is_success() => {
            let id = image.id.clone();
            if let Ok(fresh) = auth.call_with_signal(Api::Image, |svc| images::get(svc, &id), images::parse_one, None).await {
                shown.try_update(|all| all.iter_mut().filter(|i| i.id == fresh.id).for_each(|i| *i = fresh.clone()));
            }
            return (true, format!("\"{name}\" is uploaded."));
        }
        // A 401 here ends the session at the delete below, through the usual path.
        Outcome::Answered(resp) => format!("Glance refused the data: {}", ApiError::from_response(&resp).plain_words()),
        Outcome::Cancelled => "Upload cancelled.".to_string(),
        Outcome::Failed(e) => format!("The upload failed: {}", e.plain_words()),
    };
    let id = image.id.clone();
    let removed = auth.call_with_signal(Api::Image, |svc| images::delete(svc, &id), images::parse_empty, None).await;
    shown.try_update(|all| all.retain(|i| i.id != image.id));
    match removed {
        Ok(()) | Err(ApiError::NotFound(_)) => (false, format!("{why} The unfinished image \"{name}\" was deleted.")),
        Err(e) => (
            false,
            format!("{why} The unfinished image \"{name}\" could not be deleted ({}); delete it from the gallery.", e.plain_words()),
        ),
    }
}
