//! Servers: the live list and the detail page (each a route of its own), and what both use:
//! the action controls, the action dialog, the action catalogue and the status badge.

pub mod action_form;
pub mod actions;
pub mod catalogue;
pub mod create;
pub mod detail;
pub mod list;
pub mod status;

use crate::api::encode_component;

/// The panel's address of a server's page.
pub fn server_page(id: &str) -> String {
    format!("/servers/{}", encode_component(id))
}

/// The panel's address of a server's metadata editor.
pub fn metadata_page(id: &str) -> String {
    format!("{}/metadata", server_page(id))
}
