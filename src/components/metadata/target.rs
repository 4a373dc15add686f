//! What the metadata editor edits, and how: a server's metadata (Nova) or an image's
//! properties (Glance JSON patch). The editor itself knows neither API.

use leptos::prelude::WithUntracked;
use std::collections::BTreeMap;

use crate::api::metadata::{diff, MetadataError};
use crate::api::servers::metadata;
use crate::api::{image_patch, ApiError};
use crate::state::session::{Api, Auth};

pub type Items = BTreeMap<String, String>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Server(String),
    Image(String),
}

/// How a save goes: only the differences, or the whole set (servers only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveMode {
    Changes,
    ReplaceAll,
}

/// How a save ended: whether any call went through (the resource changed), and the first
/// failure in plain words.
pub struct Saved {
    pub changed_any: bool,
    pub result: Result<(), String>,
}

impl Target {
    /// Where unsaved edits wait in sessionStorage.
    pub fn draft_key(&self) -> String {
        match self {
            Target::Server(id) => format!("nephele.draft.metadata.server.{id}"),
            Target::Image(id) => format!("nephele.draft.metadata.image.{id}"),
        }
    }

    pub fn offers_replace_all(&self) -> bool {
        matches!(self, Target::Server(_))
    }

    /// Problems of the edited rows on top of Nova's rules (Glance's reserved keys).
    pub fn extra_problems(&self, entries: &[(String, String)]) -> Vec<MetadataError> {
        match self {
            Target::Server(_) => Vec::new(),
            Target::Image(_) => entries
                .iter()
                .enumerate()
                .filter_map(|(row, (key, _))| {
                    image_patch::key_problem(key).map(|message| MetadataError { row: Some(row), message })
                })
                .collect(),
        }
    }

    /// The resource's items as they are now.
    pub async fn read(&self, auth: Auth) -> Result<Items, ApiError> {
        match self.clone() {
            Target::Server(id) => auth.call(Api::Compute, move |svc| metadata::get(svc, &id), metadata::parse).await,
            Target::Image(id) => {
                let image = auth.call(Api::Image, move |svc| crate::api::images::get(svc, &id), image_patch::parse).await?;
                Ok(image.properties)
            }
        }
    }

    /// Turn `base` into `edited` with the fewest calls, or replace the whole set.
    pub async fn save(&self, auth: Auth, base: Items, edited: Items, mode: SaveMode) -> Saved {
        let changes = diff(&base, &edited);
        match (self.clone(), mode) {
            (Target::Server(id), SaveMode::ReplaceAll) => {
                let result = auth.call(Api::Compute, move |svc| metadata::replace(svc, &id, &edited), metadata::parse).await;
                Saved { changed_any: result.is_ok(), result: result.map(drop).map_err(|e| server_words(&e)) }
            }
            (Target::Server(id), SaveMode::Changes) => {
                // One call after the other, in the plan's order; stop at the first refusal.
                let count = auth.session.with_untracked(|s| {
                    s.as_ref().map_or(0, |s| metadata::plan(&s.compute(), &id, &changes).len())
                });
                for step in 0..count {
                    let (id, changes) = (id.clone(), changes.clone());
                    let call = auth.call(Api::Compute, move |svc| metadata::plan(svc, &id, &changes).remove(step), |r| r.check());
                    if let Err(e) = call.await {
                        return Saved { changed_any: step > 0, result: Err(server_words(&e)) };
                    }
                }
                Saved { changed_any: count > 0, result: Ok(()) }
            }
            (Target::Image(id), _) => {
                let operations = image_patch::operations(&changes);
                let result = auth.call(Api::Image, move |svc| image_patch::patch(svc, &id, operations), |r| r.check()).await;
                Saved { changed_any: result.is_ok(), result: result.map_err(|e| e.plain_words()) }
            }
        }
    }
}

fn server_words(e: &ApiError) -> String {
    metadata::conflict_words(e).unwrap_or_else(|| format!("{} Your edits are kept.", e.plain_words()))
}
