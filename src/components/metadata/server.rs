//! `/servers/:id/metadata`: the server's metadata in the editor, with the cloud's limit on
//! the number of items.

use leptos::prelude::*;

use super::editor::MetadataEditor;
use super::target::Target;
use crate::api::servers::{self, metadata};
use crate::api::{limits, ApiError};
use crate::components::format::display_name;
use crate::components::load::Loaded;
use crate::components::servers::server_page;
use crate::state::router::use_router;
use crate::state::session::{use_auth, Api};

#[component]
pub fn ServerMetadataPage() -> impl IntoView {
    let auth = use_auth();
    let id = use_router().id();
    let load = LocalResource::new(move || {
        let id = id.get();
        let (server_id, meta_id) = (id.clone(), id);
        let server = auth.call(Api::Compute, move |svc| servers::get(svc, &server_id), servers::parse_one);
        let items = auth.call(Api::Compute, move |svc| metadata::get(svc, &meta_id), metadata::parse);
        let max = auth.call(Api::Compute, limits::get, limits::parse);
        async move {
            let (server, items, max) = futures::join!(server, items, max);
            let max = max.ok().and_then(|l| l.usage("maxServerMeta", None)).and_then(|u| u.max);
            Ok::<_, ApiError>((server?, items?, max))
        }
    });
    view! {
        <p class="crumbs"><a href=move || server_page(&id.get())>"← Server"</a></p>
        <Loaded resource=load loading="Loading the metadata…" failed="The metadata could not be loaded. "
            view=move |(server, items, max)| {
                let name = display_name(&server);
                let locked = server.locked == Some(true);
                view! {
                    <h1>{format!("Metadata of {name}")}</h1>
                    {locked.then(|| view! {
                        <p class="muted">"This server is locked: Nova refuses metadata changes until it is unlocked."</p>
                    })}
                    <p class="hint">"Keys: letters A-Z, digits, spaces and - _ : . ; keys and values are 255 bytes at most."</p>
                    <MetadataEditor target=Target::Server(server.id.clone()) loaded=items max_items=max />
                }
            } />
    }
}
