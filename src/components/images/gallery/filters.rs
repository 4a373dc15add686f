//! The gallery's search and filters. They edit the URL: typing a name and pressing Enter, or
//! choosing in a list, shows the new view.

use leptos::prelude::*;

use crate::api::images::upload::{DISK_FORMATS, VISIBILITIES};
use crate::components::fields::{SelectField, TextField};
use crate::components::images::{status_info, visibility_label};
use super::query::{GalleryQuery, Sort};

const STATUSES: [&str; 6] = ["active", "queued", "saving", "importing", "deactivated", "killed"];

fn choices(values: impl IntoIterator<Item = (String, String)>) -> Signal<Vec<(String, String)>> {
    Signal::stored(values.into_iter().collect())
}

#[component]
pub fn Filters<G>(query: Memo<GalleryQuery>, go: G) -> impl IntoView
where
    G: Fn(GalleryQuery) + Copy + 'static,
{
    let q = query.get_untracked();
    let name = RwSignal::new(q.name);
    let os = RwSignal::new(q.os);
    let status = RwSignal::new(q.status);
    let visibility = RwSignal::new(q.visibility);
    let disk_format = RwSignal::new(q.disk_format);
    let sort = RwSignal::new(q.sort.key().to_string());
    // Follow the URL when it changes from outside (back button, a facet link).
    Effect::new(move |_| {
        let q = query.get();
        name.set(q.name);
        os.set(q.os);
        status.set(q.status);
        visibility.set(q.visibility);
        disk_format.set(q.disk_format);
        sort.set(q.sort.key().to_string());
    });
    let current = move || GalleryQuery {
        name: name.get_untracked().trim().to_string(),
        os: os.get_untracked().trim().to_string(),
        status: status.get_untracked(),
        visibility: visibility.get_untracked(),
        disk_format: disk_format.get_untracked(),
        sort: Sort::ALL.into_iter().find(|s| s.key() == sort.get_untracked()).unwrap_or_default(),
        ..query.get_untracked()
    };
    // A choice in a list applies at once.
    Effect::new(move |first: Option<()>| {
        (status.track(), visibility.track(), disk_format.track(), sort.track());
        if first.is_some() {
            let next = current();
            if next != query.get_untracked() {
                go(next);
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go(current());
    };
    let visibility_free = move || query.with(GalleryQuery::visibility_free);

    view! {
        <form class="filters" role="search" aria-label="Find images" on:submit=submit>
            <TextField id="image-name" label="Name" value=name kind="search" placeholder="the whole name" />
            <TextField id="image-os" label="OS" value=os kind="search" placeholder="ubuntu" />
            <SelectField id="image-status" label="Status" value=status empty="Any"
                options=choices(STATUSES.map(|s| (s.to_string(), status_info(s).0.to_string()))) />
            <Show when=visibility_free>
                <SelectField id="image-visibility" label="Visibility" value=visibility empty="Any"
                    options=choices(VISIBILITIES.map(|v| (v.to_string(), visibility_label(v).to_string()))) />
            </Show>
            <SelectField id="image-disk-format" label="Disk format" value=disk_format empty="Any"
                options=choices(DISK_FORMATS.map(|f| (f.to_string(), f.to_string()))) />
            <SelectField id="image-sort" label="Sort" value=sort
                options=choices(Sort::ALL.map(|s| (s.key().to_string(), s.label().to_string()))) />
            <div class="actions"><button type="submit" class="primary">"Search"</button></div>
        </form>
    }
}
