//! The metadata editor (`editor`, with its `review` of the diff and the `target` it saves to:
//! a server's metadata or an image's properties) and its two pages, `server`
//! (`/servers/:id/metadata`) and `image` (`/images/:id/metadata`).

pub mod editor;
pub mod image;
pub mod review;
pub mod server;
pub mod target;

use crate::api::encode_component;

/// The panel's address of an image's property editor.
pub fn image_metadata_page(id: &str) -> String {
    format!("/images/{}/metadata", encode_component(id))
}
