//! Form fields with their label, hint and error in one place, bound to a string value: a
//! signal of its own, or one key of a form's map (a dialog's draft).

use leptos::prelude::*;
use std::collections::BTreeMap;

/// Where a field reads and writes its value.
#[derive(Clone, Copy)]
pub struct Binding {
    get: Signal<String>,
    set: Callback<String>,
}

impl Binding {
    /// Read with `get`, write with `set` (one field of a larger value, say).
    pub fn new(get: impl Fn() -> String + Send + Sync + 'static, set: impl Fn(String) + Send + Sync + 'static) -> Self {
        Binding { get: Signal::derive(get), set: Callback::new(set) }
    }

    /// `fields[key]`, empty when absent.
    pub fn key(fields: RwSignal<BTreeMap<String, String>>, key: &'static str) -> Self {
        Binding {
            get: Signal::derive(move || fields.with(|f| f.get(key).cloned().unwrap_or_default())),
            set: Callback::new(move |v| fields.update(|f| {
                f.insert(key.to_string(), v);
            })),
        }
    }

    fn get(&self) -> String {
        self.get.get()
    }

    fn set(&self, value: String) {
        self.set.run(value);
    }
}

impl From<RwSignal<String>> for Binding {
    fn from(value: RwSignal<String>) -> Self {
        Binding { get: value.into(), set: Callback::new(move |v| value.set(v)) }
    }
}

/// The hint and error below a field, linked to it by `aria-describedby`.
fn notes(id: &str, hint: Option<&'static str>, error: Option<Signal<Option<String>>>) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
        {error.map(|e| move || e.get().map(|e| view! { <p role="alert" class="error">{e}</p> }))}
    }
}

fn described_by(id: &str, hint: Option<&'static str>) -> Option<String> {
    hint.map(|_| format!("{id}-hint"))
}

/// A labelled `<input>`: text, password, number, search.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    label: &'static str,
    #[prop(into)] value: Binding,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    /// What the browser may fill in (`username`, `current-password`); nothing by default.
    #[prop(default = "off")]
    autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id.clone() type=kind autocomplete=autocomplete placeholder=placeholder required=required autofocus=autofocus
                disabled=disabled
                aria-describedby=described_by(&id, hint)
                aria-invalid=move || error.and_then(|e| e.get()).map(|_| "true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
            {notes(&id, hint, error)}
        </div>
    }
}

/// A labelled `<textarea>`.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    label: &'static str,
    #[prop(into)] value: Binding,
    #[prop(default = 4)] rows: u32,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea id=id.clone() rows=rows aria-describedby=described_by(&id, hint)
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            {notes(&id, hint, None)}
        </div>
    }
}

/// A labelled `<select>` over `(value, text)` options; `empty` names the choice of none.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    label: &'static str,
    #[prop(into)] value: Binding,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional)] empty: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {empty.map(|text| view! { <option value="" selected=move || value.get().is_empty()>{text}</option> })}
                {move || options.get().into_iter().map(|(v, text)| {
                    let chosen = v.clone();
                    view! { <option value=v selected=move || value.get() == chosen>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A checkbox whose value is `"true"` or `"false"`, its label beside it.
#[component]
pub fn CheckboxField(label: &'static str, #[prop(into)] value: Binding) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" prop:checked=move || value.get() == "true"
                on:change=move |ev| value.set(event_target_checked(&ev).to_string()) />
            {label}
        </label>
    }
}

/// One row of a [`KeyValueRows`] field; `id` keeps the row's inputs (and their focus) while
/// other rows come and go.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeyValue {
    pub id: u32,
    pub key: String,
    pub value: String,
}

impl KeyValue {
    /// `pairs` as rows numbered from 0.
    pub fn rows(pairs: impl IntoIterator<Item = (String, String)>) -> Vec<KeyValue> {
        pairs.into_iter().enumerate().map(|(id, (key, value))| KeyValue { id: id as u32, key, value }).collect()
    }

    /// The rows as `(key, value)` pairs, in order.
    pub fn pairs(rows: &[KeyValue]) -> Vec<(String, String)> {
        rows.iter().map(|r| (r.key.clone(), r.value.clone())).collect()
    }
}

/// Insert an empty row after the row `after` (at the end when `None`); its id.
fn insert_row(rows: RwSignal<Vec<KeyValue>>, after: Option<u32>) -> u32 {
    let mut new_id = 0;
    rows.update(|rows| {
        new_id = rows.iter().map(|r| r.id + 1).max().unwrap_or(0);
        let at = after.and_then(|id| rows.iter().position(|r| r.id == id)).map_or(rows.len(), |i| i + 1);
        rows.insert(at, KeyValue { id: new_id, ..KeyValue::default() });
    });
    new_id
}

/// Editable key/value rows: edit in place, remove a row, add one. Enter in a row adds an
/// empty row below it and moves the focus to its key. `errors` holds each row's problems by
/// its position, shown beside the row.
#[component]
pub fn KeyValueRows(
    /// Prefix of the inputs' ids.
    id: &'static str,
    rows: RwSignal<Vec<KeyValue>>,
    #[prop(into)] errors: Signal<Vec<(usize, String)>>,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    // The row whose key input takes the focus once it is in the page.
    let focus = RwSignal::new(None::<u32>);
    let add = move || focus.set(Some(insert_row(rows, None)));
    view! {
        <div class="kv-rows" role="group" aria-label="Items">
            <div class="kv-head" aria-hidden="true"><span>"Key"</span><span>"Value"</span></div>
            <For each=move || rows.get() key=|row| row.id let:row>
                <KeyValueRow id row=row.id rows errors focus disabled />
            </For>
            <button type="button" class="kv-add" disabled=disabled on:click=move |_| add()>"Add item"</button>
        </div>
    }
}

#[component]
fn KeyValueRow(
    id: &'static str,
    row: u32,
    rows: RwSignal<Vec<KeyValue>>,
    errors: Signal<Vec<(usize, String)>>,
    focus: RwSignal<Option<u32>>,
    disabled: bool,
) -> impl IntoView {
    let read = move |pick: fn(&KeyValue) -> String| {
        move || rows.with(|rows| rows.iter().find(|r| r.id == row).map(pick).unwrap_or_default())
    };
    let write = move |value: String, is_key: bool| {
        rows.update(|rows| {
            if let Some(r) = rows.iter_mut().find(|r| r.id == row) {
                if is_key { r.key = value } else { r.value = value }
            }
        })
    };
    let position = Memo::new(move |_| rows.with(|rows| rows.iter().position(|r| r.id == row)));
    let mine = Memo::new(move |_| {
        let at = position.get();
        errors.with(|errors| errors.iter().filter(|(i, _)| Some(*i) == at).map(|(_, e)| e.clone()).collect::<Vec<_>>())
    });
    let invalid = move || (!mine.with(Vec::is_empty)).then_some("true");
    let error_id = format!("{id}-{row}-error");
    let on_enter = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            focus.set(Some(insert_row(rows, Some(row))));
        }
    };
    let key_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = key_input.get() {
            if focus.get_untracked() == Some(row) {
                let _ = input.focus();
                focus.set(None);
            }
        }
    });
    let key_label = move || match position.get() {
        Some(i) => format!("Key {}", i + 1),
        None => "Key".into(),
    };
    let value_label = move || match position.get() {
        Some(i) => format!("Value {}", i + 1),
        None => "Value".into(),
    };
    let remove = move |_| rows.update(|rows| rows.retain(|r| r.id != row));
    view! {
        <div class="kv-row">
            <input type="text" id=format!("{id}-{row}-key") class="kv-key" placeholder="key" node_ref=key_input autocomplete="off" spellcheck="false"
                aria-label=key_label aria-invalid=invalid aria-describedby=error_id.clone() disabled=disabled
                prop:value=read(|r| r.key.clone())
                on:input=move |ev| write(event_target_value(&ev), true)
                on:keydown=on_enter />
            <input type="text" id=format!("{id}-{row}-value") class="kv-value" placeholder="value" autocomplete="off"
                aria-label=value_label aria-invalid=invalid aria-describedby=error_id.clone() disabled=disabled
                prop:value=read(|r| r.value.clone())
                on:input=move |ev| write(event_target_value(&ev), false)
                on:keydown=on_enter />
            <button type="button" class="kv-remove" disabled=disabled on:click=remove
                aria-label=move || format!("Remove {}", read(|r| r.key.clone())())>"Remove"</button>
            <div class="kv-errors" id=error_id>
                {move || mine.get().into_iter().map(|e| view! { <p class="error">{e}</p> }).collect_view()}
            </div>
        </div>
    }
}
