//! The list's filter form (it edits the URL's query) and the column chooser.

use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::api::servers::{ListQuery, ALL_STATUSES};
use crate::api::time;
use crate::components::fields::{SelectField, TextField};
use crate::components::servers::list::row::OPTIONAL_COLUMNS;
use crate::components::servers::status::status_info;

/// Nova sort keys a person would sort by, with their labels.
const SORT_KEYS: [(&str, &str); 5] = [
    ("created_at", "Created"),
    ("updated_at", "Updated"),
    ("display_name", "Name"),
    ("vm_state", "State"),
    ("availability_zone", "Availability zone"),
];

fn choices(pairs: impl IntoIterator<Item = (&'static str, &'static str)>) -> Signal<Vec<(String, String)>> {
    Signal::stored(pairs.into_iter().map(|(v, t)| (v.to_string(), t.to_string())).collect())
}

/// Named ids (images, flavors) as choices, sorted by name.
fn by_name(names: ReadSignal<BTreeMap<String, String>>) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        let mut v: Vec<(String, String)> = names.with(|n| n.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    })
}

#[component]
pub fn Filters<G>(
    query: Memo<ListQuery>,
    go: G,
    image_names: ReadSignal<BTreeMap<String, String>>,
    flavor_names: ReadSignal<BTreeMap<String, String>>,
) -> impl IntoView
where
    G: Fn(ListQuery) + Copy + 'static,
{
    let q = query.get_untracked();
    let name = RwSignal::new(q.name);
    let status = RwSignal::new(q.status);
    let image = RwSignal::new(q.image);
    let flavor = RwSignal::new(q.flavor);
    let since = RwSignal::new(q.changes_since);
    let sort_key = RwSignal::new(q.sort_key);
    let sort_dir = RwSignal::new(q.sort_dir);
    // A changes-since that is not a time, said beside its field.
    let problem = RwSignal::new(None::<String>);
    // Follow the URL when it changes from outside (back button, a pasted link).
    Effect::new(move |_| {
        let q = query.get();
        name.set(q.name);
        status.set(q.status);
        image.set(q.image);
        flavor.set(q.flavor);
        since.set(q.changes_since);
        sort_key.set(q.sort_key);
        sort_dir.set(q.sort_dir);
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let since_text = since.get_untracked().trim().to_string();
        if !since_text.is_empty() && time::parse_rfc3339(&since_text).is_none() {
            problem.set(Some(format!(
                "\"{since_text}\" is not a date and time. Use the form 2026-11-23T21:00:00Z."
            )));
            return;
        }
        problem.set(None);
        go(ListQuery {
            name: name.get_untracked().trim().to_string(),
            status: status.get_untracked(),
            image: image.get_untracked(),
            flavor: flavor.get_untracked(),
            changes_since: since_text,
            sort_key: sort_key.get_untracked(),
            sort_dir: sort_dir.get_untracked(),
            marker: String::new(),
            ..query.get_untracked()
        });
    };
    let clear = move |_| go(ListQuery { limit: query.get_untracked().limit, ..Default::default() });
    let statuses = choices(ALL_STATUSES.into_iter().map(|s| (s, status_info(s).label)));
    view! {
        <form class="filters" on:submit=apply aria-label="Filter servers">
            <TextField id="filter-name" label="Name (regular expression)" value=name />
            <SelectField id="filter-status" label="Status" value=status options=statuses empty="Any" />
            <SelectField id="filter-image" label="Image" value=image options=by_name(image_names) empty="Any" />
            <SelectField id="filter-flavor" label="Flavor" value=flavor options=by_name(flavor_names) empty="Any" />
            <TextField id="filter-since" label="Changed since (UTC)" value=since placeholder="2026-11-23T21:00:00Z"
                error=problem />
            <SelectField id="sort-key" label="Sort by" value=sort_key options=choices(SORT_KEYS) empty="Newest first" />
            <SelectField id="sort-dir" label="Order" value=sort_dir
                options=choices([("asc", "Ascending"), ("desc", "Descending")]) empty="Default" />
            <div class="actions">
                <button type="submit" class="primary">"Apply filters"</button>
                <button type="button" on:click=clear>"Clear"</button>
            </div>
        </form>
    }
}

/// Which optional columns show. Hiding one is a class on the table: no row re-renders.
#[component]
pub fn ColumnChooser(hidden: RwSignal<BTreeSet<String>>) -> impl IntoView {
    view! {
        <details class="columns">
            <summary class="button">"Columns ▾"</summary>
            <div class="popup">
                {OPTIONAL_COLUMNS.iter().map(|(key, label, _)| {
                    let key = key.to_string();
                    let shown = { let key = key.clone(); move || hidden.with(|h| !h.contains(&key)) };
                    view! {
                        <label>
                            <input type="checkbox" prop:checked=shown on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                hidden.update(|h| { if on { h.remove(&key); } else { h.insert(key.clone()); } });
                            } />
                            {*label}
                        </label>
                    }
                }).collect_view()}
            </div>
        </details>
    }
}
