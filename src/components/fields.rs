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
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id.clone() type=kind autocomplete=autocomplete placeholder=placeholder required=required autofocus=autofocus
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
