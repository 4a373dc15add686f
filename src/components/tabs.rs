//! A tab strip and its panel, as the WAI-ARIA tabs pattern has it: arrow keys, Home and End
//! move between tabs; only the selected tab is in the tab order.

use leptos::html;
use leptos::prelude::*;

/// One tab: its value, its text and the DOM id the panel points back to.
pub struct Tab<T: 'static> {
    pub value: T,
    pub label: &'static str,
    pub id: &'static str,
}

#[component]
pub fn TabStrip<T>(
    tabs: &'static [Tab<T>],
    selected: RwSignal<T>,
    /// The tab list's accessible name.
    label: &'static str,
    /// The panel's DOM id.
    panel: &'static str,
    /// The selected tab's content.
    children: ChildrenFn,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let refs: Vec<NodeRef<html::Button>> = tabs.iter().map(|_| NodeRef::new()).collect();
    let focus = refs.clone();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let current = tabs.iter().position(|t| t.value == selected.get_untracked()).unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % tabs.len(),
            "ArrowLeft" => (current + tabs.len() - 1) % tabs.len(),
            "Home" => 0,
            "End" => tabs.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        selected.set(tabs[next].value);
        if let Some(button) = focus[next].get() {
            let _ = button.focus();
        }
    };
    let labelled_by = move || tabs.iter().find(|t| t.value == selected.get()).map_or("", |t| t.id);
    view! {
        <div class="tabs" role="tablist" aria-label=label on:keydown=on_key>
            {tabs
                .iter()
                .zip(refs)
                .map(|(tab, node_ref)| {
                    let value = tab.value;
                    view! {
                        <button type="button" role="tab" id=tab.id node_ref=node_ref
                            aria-controls=panel
                            aria-selected=move || (selected.get() == value).to_string()
                            tabindex=move || if selected.get() == value { "0" } else { "-1" }
                            on:click=move |_| selected.set(value)>
                            {tab.label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
        <div class="tabpanel" role="tabpanel" id=panel aria-labelledby=labelled_by>
            {children()}
        </div>
    }
}
