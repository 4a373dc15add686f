//! The data table scaffold: a header row from column descriptions, rows from the caller.
//! Each column's class is also on its cells, so CSS can hide a column or lay rows out as
//! cards on a narrow screen without the rows knowing.

use leptos::prelude::*;

/// One column's header.
#[derive(Clone, Copy)]
pub struct Column {
    pub label: &'static str,
    /// On the header and the column's cells, e.g. `col-age`.
    pub class: &'static str,
    /// Only for screen readers (a checkbox or a menu column).
    pub hidden_label: bool,
}

impl Column {
    pub const fn new(label: &'static str) -> Self {
        Column { label, class: "", hidden_label: false }
    }

    pub const fn class(self, class: &'static str) -> Self {
        Column { class, ..self }
    }

    pub const fn visually_hidden(self) -> Self {
        Column { hidden_label: true, ..self }
    }
}

#[component]
pub fn DataTable(
    #[prop(into)] class: Signal<String>,
    #[prop(into)] columns: Vec<Column>,
    /// The `<tr>`s.
    children: Children,
) -> impl IntoView {
    view! {
        <table class=class>
            <thead>
                <tr>
                    {columns.into_iter().map(|c| view! {
                        <th scope="col" class=(!c.class.is_empty()).then_some(c.class)>
                            {if c.hidden_label {
                                view! { <span class="visually-hidden">{c.label}</span> }.into_any()
                            } else {
                                c.label.into_any()
                            }}
                        </th>
                    }).collect_view()}
                </tr>
            </thead>
            <tbody>{children()}</tbody>
        </table>
    }
}
