//! `/images`: the gallery. Facet, search, filters, sort and the cards-or-table choice live in
//! the URL. Glance pages by `next` link: the first page loads with the view, each "Load more"
//! asks for the one after, never everything at once. Images still changing (a snapshot being
//! saved, an upload) are kept current by the image watcher.

mod filters;
mod query;
mod upload;

use leptos::prelude::*;

use crate::api::images::{self, Facet, Image};
use crate::api::ApiError;
use crate::components::format::{age_of, when, NONE};
use crate::components::images::{
    distro, distro_mark, formats, image_page, min_disk_text, min_ram_text, needs_text, ownership, size_text, visibility_label,
    ImageStatus,
};
use crate::components::load::failure;
use crate::components::table::{Column, DataTable};
use crate::state::image_watch;
use crate::state::router::use_router;
use crate::state::session::{use_auth, Api};
use filters::Filters;
use query::GalleryQuery;

#[derive(Clone, Debug, PartialEq)]
enum Loading {
    Page,
    Done,
    Failed(ApiError),
}

fn facet_label(facet: Facet) -> &'static str {
    match facet {
        Facet::All => "All",
        Facet::Base => "Base images",
        Facet::Snapshots => "Snapshots",
        Facet::Shared => "Shared with me",
        Facet::Community => "Community",
    }
}

#[component]
pub fn GalleryPage() -> impl IntoView {
    let auth = use_auth();
    let router = use_router();
    let params = router.query();
    let query = Memo::new(move |_| params.with(|p| GalleryQuery::from_params(|k| p.get(k))));

    let shown = RwSignal::new(Vec::<Image>::new());
    let next_marker = RwSignal::new(None::<String>);
    let loading = RwSignal::new(Loading::Page);
    // Answers to an older view are dropped.
    let generation = StoredValue::new(0u64);
    let owner = Owner::current().expect("a component has an owner");

    let fetch = Callback::new(move |(q, marker): (GalleryQuery, Option<String>)| {
        let asked = generation.get_value();
        loading.set(Loading::Page);
        let mut glance = q.glance();
        glance.marker = marker.unwrap_or_default();
        // Under the page's owner: leaving the page cancels the request.
        let call = owner.with(|| auth.call(Api::Image, move |svc| images::list(svc, &glance), images::parse_list));
        leptos::task::spawn_local(async move {
            let result = call.await;
            if generation.try_get_value() != Some(asked) {
                return;
            }
            match result {
                Ok(page) => {
                    shown.update(|all| all.extend(page.images.into_iter().filter(|i| q.facet.admits(i))));
                    next_marker.set(page.next_marker);
                    loading.set(Loading::Done);
                }
                Err(e) => loading.set(Loading::Failed(e)),
            }
        });
    });
    // Cards or table is only how the loaded images look: switching loads nothing again.
    let wanted = Memo::new(move |_| GalleryQuery { table: false, ..query.get() });
    Effect::new(move |_| {
        let q = wanted.get();
        generation.update_value(|g| *g += 1);
        shown.set(Vec::new());
        next_marker.set(None);
        fetch.run((q, None));
    });
    image_watch::watch(auth, shown);

    let go = move |q: GalleryQuery| router.go(&q.url());
    let project_id = Memo::new(move |_| auth.session.with(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default()));
    let load_more = move |_| {
        if let Some(marker) = next_marker.get_untracked() {
            fetch.run((query.get_untracked(), Some(marker)));
        }
    };

    view! {
        <div class="page-head">
            <h1>"Images"</h1>
            <span class="muted small" aria-live="polite">
                {move || match shown.with(Vec::len) {
                    1 => "1 image shown".to_string(),
                    n => format!("{n} images shown"),
                }}
            </span>
            <span class="spacer"></span>
            <upload::UploadButton shown />
        </div>
        <nav class="facets" aria-label="Which images">
            {Facet::ALL.into_iter().map(|facet| view! {
                <a href=move || GalleryQuery { facet, ..query.get() }.url()
                    aria-current=move || (query.with(|q| q.facet) == facet).then_some("page")>
                    {facet_label(facet)}
                </a>
            }).collect_view()}
        </nav>
        <Filters query go />
        <div class="view-toggle" role="group" aria-label="Show as">
            <a href=move || GalleryQuery { table: false, ..query.get() }.url()
                aria-current=move || (!query.with(|q| q.table)).then_some("page")>"Cards"</a>
            <a href=move || GalleryQuery { table: true, ..query.get() }.url()
                aria-current=move || query.with(|q| q.table).then_some("page")>"Table"</a>
        </div>
        {move || match loading.get() {
            Loading::Failed(e) => failure("The images could not be loaded. ", &e),
            _ => None,
        }}
        {move || {
            let done = loading.with(|l| *l != Loading::Page);
            (done && shown.with(Vec::is_empty) && next_marker.with(Option::is_none))
                .then(|| view! { <p class="empty">"No images match this view."</p> })
        }}
        {move || if query.with(|q| q.table) {
            view! { <ImageTable shown project_id /> }.into_any()
        } else {
            view! { <ImageCards shown project_id /> }.into_any()
        }}
        <div class="pager">
            {move || (loading.get() == Loading::Page).then(|| view! { <p class="loading">"Loading images…"</p> })}
            <Show when=move || next_marker.with(Option::is_some) && loading.with(|l| *l != Loading::Page)>
                <button type="button" on:click=load_more>"Load more"</button>
            </Show>
        </div>
    }
}

/// A card's key: the id, and what changes when Glance changes the image.
fn card_key(image: &Image) -> (String, String, String) {
    (image.id.clone(), image.status.clone(), image.updated_at.clone())
}

#[component]
fn ImageCards(shown: RwSignal<Vec<Image>>, project_id: Memo<String>) -> impl IntoView {
    view! {
        <ul class="gallery">
            <For each=move || shown.get() key=card_key let(image)>
                <ImageCard image project_id />
            </For>
        </ul>
    }
}

#[component]
fn ImageCard(image: Image, project_id: Memo<String>) -> impl IntoView {
    let auth = use_auth();
    let now = auth.cloud_now();
    let os = distro(&image).unwrap_or_else(|| "OS not given".into());
    let owner = ownership(&image, &project_id.get_untracked());
    view! {
        <li class="image-card" data-id=image.id.clone()>
            <div class="image-card-head">
                <span class="distro-mark" aria-hidden="true">{distro_mark(&image)}</span>
                <div>
                    <h2><a href=image_page(&image.id)>{image.display_name().to_string()}</a></h2>
                    <p class="muted small">{os}</p>
                </div>
            </div>
            <p class="image-badges">
                <ImageStatus status=image.status.clone() />
                {image.is_snapshot().then(|| view! { <span class="tag">"Snapshot"</span> })}
                {image.protected.then(|| view! { <span class="tag">"Protected"</span> })}
            </p>
            <dl class="kv small">
                <dt>"Size"</dt><dd>{size_text(&image)}</dd>
                <dt>"Format"</dt><dd>{formats(&image)}</dd>
                <dt>"Needs"</dt><dd>{needs_text(&image)}</dd>
                <dt>"Visibility"</dt><dd>{visibility_label(&image.visibility)}</dd>
                <dt>"Owner"</dt><dd>{owner}</dd>
                <dt>"Created"</dt><dd title=when(&image.created_at, now)>{age_ago(&image.created_at, now)}</dd>
                <dt>"Updated"</dt><dd title=when(&image.updated_at, now)>{age_ago(&image.updated_at, now)}</dd>
            </dl>
        </li>
    }
}

/// "3 min ago", or `—` without a time.
fn age_ago(timestamp: &str, now: f64) -> String {
    match age_of(timestamp, now) {
        age if age.is_empty() => NONE.into(),
        age => format!("{age} ago"),
    }
}

const COLUMNS: [Column; 12] = [
    Column::new("Name"),
    Column::new("OS"),
    Column::new("Status"),
    Column::new("Size").class("num"),
    Column::new("Format"),
    Column::new("Min disk").class("num"),
    Column::new("Min RAM").class("num"),
    Column::new("Visibility"),
    Column::new("Protected"),
    Column::new("Owner"),
    Column::new("Created"),
    Column::new("Updated"),
];

#[component]
fn ImageTable(shown: RwSignal<Vec<Image>>, project_id: Memo<String>) -> impl IntoView {
    let auth = use_auth();
    view! {
        <div class="table-scroll">
            <DataTable class="images" columns=COLUMNS>
                <For each=move || shown.get() key=card_key let(image)>
                    {
                        let now = auth.cloud_now();
                        let owner = ownership(&image, &project_id.get_untracked());
                        view! {
                            <tr data-id=image.id.clone()>
                                <td><a href=image_page(&image.id)>{image.display_name().to_string()}</a></td>
                                <td>{distro(&image).unwrap_or_else(|| NONE.into())}</td>
                                <td><ImageStatus status=image.status.clone() /></td>
                                <td class="num">{size_text(&image)}</td>
                                <td>{formats(&image)}</td>
                                <td class="num">{min_disk_text(&image)}</td>
                                <td class="num">{min_ram_text(&image)}</td>
                                <td>{visibility_label(&image.visibility)}</td>
                                <td>{if image.protected { "Yes" } else { "No" }}</td>
                                <td>{owner}</td>
                                <td title=when(&image.created_at, now)>{age_ago(&image.created_at, now)}</td>
                                <td title=when(&image.updated_at, now)>{age_ago(&image.updated_at, now)}</td>
                            </tr>
                        }
                    }
                </For>
            </DataTable>
        </div>
    }
}
