//! The image's properties, every one as text, and the servers booted from it.

use leptos::prelude::*;
use serde_json::Value;

use crate::api::images::Image;
use crate::api::servers::{self, ListQuery, Server};
use crate::components::format::{bytes, display_name, when, NONE};
use crate::components::images::{formats, min_disk_text, min_ram_text, ownership, visibility_label};
use crate::components::load::Loaded;
use crate::components::servers::server_page;
use crate::components::servers::status::status_info;
use crate::state::session::{use_auth, Api};

/// A free-form value as text: strings bare, anything else as JSON.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) if s.is_empty() => NONE.into(),
        Value::String(s) => s.clone(),
        Value::Null => NONE.into(),
        other => other.to_string(),
    }
}

/// Glance's own fields in words, then every other key as Glance sent it.
fn rows(image: &Image, project_id: &str, now: f64) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = vec![
        ("Name".into(), image.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| NONE.into())),
        ("ID".into(), image.id.clone()),
        ("Status".into(), image.status.clone()),
        ("Visibility".into(), visibility_label(&image.visibility).into()),
        ("Protected".into(), if image.protected { "Yes" } else { "No" }.into()),
        ("Owner".into(), format!("{} ({})", ownership(image, project_id), image.owner.as_deref().unwrap_or(NONE))),
        ("Size".into(), image.size.map_or_else(|| NONE.to_string(), |s| format!("{} ({s} bytes)", bytes(s)))),
        ("Disk / container format".into(), formats(image)),
        ("Minimum disk".into(), min_disk_text(image)),
        ("Minimum RAM".into(), min_ram_text(image)),
        ("Created".into(), when(&image.created_at, now)),
        ("Updated".into(), when(&image.updated_at, now)),
        ("Tags".into(), if image.tags.is_empty() { NONE.into() } else { image.tags.join(", ") }),
    ];
    // Links back into the API are of no use to a reader.
    let skip = ["self", "file", "schema"];
    rows.extend(image.properties.iter().filter(|(k, _)| !skip.contains(&k.as_str())).map(|(k, v)| (k.clone(), value_text(v))));
    rows
}

#[component]
pub fn Properties(image: Signal<Image>) -> impl IntoView {
    let auth = use_auth();
    let project_id = auth.session.with_untracked(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default());
    view! {
        <section class="card props" aria-labelledby="image-props">
            <h2 id="image-props">"Properties"</h2>
            <dl class="kv">
                {move || image.with(|i| rows(i, &project_id, auth.cloud_now())).into_iter().map(|(k, v)| view! {
                    <dt>{k}</dt><dd>{v}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

#[component]
pub fn BootedServers(image: Signal<Image>) -> impl IntoView {
    let auth = use_auth();
    let id = Memo::new(move |_| image.with(|i| i.id.clone()));
    let servers = LocalResource::new(move || {
        let q = ListQuery { image: id.get(), limit: Some(100), ..Default::default() };
        let list = auth.call(Api::Compute, move |svc| servers::list_detail(svc, &q), servers::parse_list);
        async move { list.await.map(|page| page.servers) }
    });
    view! {
        <section class="card" aria-labelledby="image-servers">
            <h2 id="image-servers">"Servers booted from it"</h2>
            <Loaded resource=servers loading="Loading the servers…" failed="The servers could not be listed. " view=server_list />
        </section>
    }
}

fn server_list(list: Vec<Server>) -> AnyView {
    if list.is_empty() {
        return view! { <p class="muted">"No server of this project was booted from this image."</p> }.into_any();
    }
    view! {
        <ul class="plain">
            {list.into_iter().map(|s| {
                view! {
                    <li><a href=server_page(&s.id)>{display_name(&s)}</a> " " <span class="muted small">{status_info(&s.status).label}</span></li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
