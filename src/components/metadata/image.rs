//! `/images/:id/metadata`: an image's free-form properties in the editor, Glance's own fields
//! beside them read-only. A protected image, or one of another project, says why it cannot
//! be edited instead of offering the editor.

use leptos::prelude::*;

use super::editor::MetadataEditor;
use super::target::Target;
use crate::api::image_patch::{self, ImageProperties};
use crate::api::images;
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::state::router::use_router;
use crate::state::session::{use_auth, Api};

#[component]
pub fn ImageMetadataPage() -> impl IntoView {
    let auth = use_auth();
    let id = use_router().id();
    let load = LocalResource::new(move || {
        let id = id.get();
        auth.call(Api::Image, move |svc| images::get(svc, &id), image_patch::parse)
    });
    let project = move || auth.session.with(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default());
    view! {
        <p class="crumbs"><a href="/images">"← Images"</a></p>
        <Loaded resource=load loading="Loading the image…" failed="The image could not be loaded. "
            view=move |image: ImageProperties| {
                let reason = image.read_only_reason(&project());
                let title = format!("Properties of {}", if image.name.is_empty() { &image.id } else { &image.name });
                view! {
                    <h1>{title}</h1>
                    {match reason {
                        Some(reason) => view! {
                            <p class="notice" role="status">{reason}</p>
                            <Table label="Properties" items=image.properties.clone() />
                        }.into_any(),
                        None => view! {
                            <MetadataEditor target=Target::Image(image.id.clone()) loaded=image.properties.clone() max_items=None />
                        }.into_any(),
                    }}
                    <h2 id="base-title">"Glance's own fields (read-only)"</h2>
                    <Table label="Glance's own fields" items=image.base />
                }
            } />
    }
}

#[component]
fn Table(label: &'static str, items: std::collections::BTreeMap<String, String>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted">"None."</p> }.into_any();
    }
    view! {
        <div aria-label=label role="region">
            <DataTable class="metadata" columns=[Column::new("Key"), Column::new("Value")]>
                {items.into_iter().map(|(k, v)| view! { <tr><td class="mono">{k}</td><td>{v}</td></tr> }).collect_view()}
            </DataTable>
        </div>
    }
    .into_any()
}
