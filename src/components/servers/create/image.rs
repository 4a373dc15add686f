//! Step 1: the image to boot from, searchable, base images and snapshots apart.

use leptos::prelude::*;

use crate::api::images::Image;
use crate::api::servers::create::Field;
use crate::components::{format, images};
use crate::components::table::{Column, DataTable};

use super::{load_failure, loaded, use_wizard, FieldErrors, Touch};

const COLUMNS: [Column; 4] = [
    Column::new("Name"),
    Column::new("Distribution"),
    Column::new("Size").class("col-size"),
    Column::new("Needs at least").class("col-needs"),
];

fn matches(image: &Image, needle: &str) -> bool {
    let needle = needle.trim().to_lowercase();
    needle.is_empty()
        || [image.display_name().to_string(), images::distro(image).unwrap_or_default(), image.id.clone()]
            .iter()
            .any(|text| text.to_lowercase().contains(&needle))
}

#[component]
pub fn ImageStep() -> impl IntoView {
    let wizard = use_wizard();
    let search = RwSignal::new(String::new());
    let shown = move |snapshots: bool| {
        let needle = search.get();
        loaded(wizard.cloud.images)
            .into_iter()
            .filter(|i| i.is_snapshot() == snapshots && matches(i, &needle))
            .collect::<Vec<_>>()
    };
    view! {
        <label for="image-search">"Search images"</label>
        <input id="image-search" type="search" placeholder="Name, distribution or ID" bind:value=search />
        <FieldErrors field=Field::Image />
        {load_failure("The images", wizard.cloud.images)}
        <Touch field=Field::Image>
            <h3>"Images"</h3>
            <ImageTable images=Signal::derive(move || shown(false)) empty="No image matches." />
            <h3>"Snapshots"</h3>
            <ImageTable images=Signal::derive(move || shown(true)) empty="No snapshot matches." />
        </Touch>
    }
}

#[component]
fn ImageTable(images: Signal<Vec<Image>>, empty: &'static str) -> impl IntoView {
    let wizard = use_wizard();
    let chosen = move |id: &str| wizard.draft.with(|d| d.image_ref == id);
    view! {
        <Show when=move || !images.with(Vec::is_empty) fallback=move || view! { <p class="empty">{empty}</p> }>
            <DataTable class="choices" columns=COLUMNS.to_vec()>
                <For each=move || images.get() key=|i| i.id.clone() let(image)>
                    {
                        let id = image.id.clone();
                        let input_id = format!("image-{id}");
                        let (pick, is) = (id.clone(), id.clone());
                        let needs = images::needs_text(&image);
                        view! {
                            <tr class:chosen=move || chosen(&is)>
                                <td>
                                    <input type="radio" name="image" id=input_id.clone() prop:checked=move || chosen(&id)
                                        on:change=move |_| wizard.draft.update(|d| d.image_ref = pick.clone()) />
                                    <label for=input_id class="choice">{image.display_name().to_string()}</label>
                                </td>
                                <td>{images::distro(&image).unwrap_or_default()}</td>
                                <td class="col-size">{image.size.map(format::bytes).unwrap_or_default()}</td>
                                <td class="col-needs">{needs}</td>
                            </tr>
                        }
                    }
                </For>
            </DataTable>
        </Show>
    }
}

