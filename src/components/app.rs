//! The root: load `config.json`, then either the setup page or the routed panel.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;
use leptos_router::ChooseView;

use crate::api::encode_component;
use crate::components::{images, keypairs, limits::LimitsPage, login::LoginPage, metadata, servers, shell::Shell};
use crate::state::actions::Actions;
use crate::state::clock::Clock;
use crate::state::config::{self, Config};
use crate::state::poller;
use crate::state::servers::ServerStore;
use crate::state::session::{use_auth, Auth};
use crate::state::toasts::Toasts;

async fn load_config() -> Result<Config, String> {
    // Relative to <base>: the panel may be served from a sub-path.
    let resp = gloo_net::http::Request::get("config.json")
        .send()
        .await
        .map_err(|e| format!("config.json could not be fetched: {e}"))?;
    match resp.status() {
        200 => config::parse(&resp.text().await.unwrap_or_default()),
        404 => Err("config.json is missing next to index.html.".into()),
        s => Err(format!("config.json could not be fetched: the web server answered {s}.")),
    }
}

#[component]
pub fn Root() -> impl IntoView {
    let config = LocalResource::new(load_config);
    view! {
        <Suspense fallback=|| view! { <p class="boot">"Loading nephele…"</p> }>
            {move || {
                config
                    .get()
                    .map(|c| match c {
                        Ok(config) => view! { <App config /> }.into_any(),
                        Err(message) => view! { <SetupPage message /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// Shown instead of a blank screen when the deployment is not configured.
#[component]
fn SetupPage(message: String) -> impl IntoView {
    view! {
        <main class="setup" id="main">
            <h1>"nephele needs a configuration"</h1>
            <p role="alert" class="error">{message}</p>
            <p>"Put a " <code>"config.json"</code> " next to " <code>"index.html"</code> " that names your Keystone, for example:"</p>
            <pre>
                {r#"{
  "authUrl": "https://cloud.example.com:5000/v3",
  "region": "RegionOne",
  "interface": "public",
  "userDomain": "Default",
  "projectDomain": "Default"
}"#}
            </pre>
            <p>"The README lists every key, including named clouds and same-origin endpoint maps."</p>
        </main>
    }
}

#[component]
pub fn App(config: Config) -> impl IntoView {
    let timing = config.poll;
    crate::state::transport::set_deadline(config.request_timeout);
    provide_context(config);
    let auth = Auth::restore();
    let store = ServerStore::new();
    let poller = poller::start(auth, store, timing);
    let toasts = Toasts::new();
    provide_context(auth);
    provide_context(store);
    provide_context(poller);
    provide_context(toasts);
    provide_context(Clock::start());
    provide_context(Actions::new(auth, toasts, poller));
    view! {
        <Router>
            <Shell>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/") view=|| view! { <Redirect path="/servers" /> } />
                    <Route path=path!("/servers") view=|| guarded(servers::list::ServerListPage) />
                    <Route path=path!("/servers/new") view=create_server_page::view() />
                    <Route path=path!("/servers/:id") view=server_detail_page::view() />
                    <Route path=path!("/servers/:id/metadata") view=server_metadata_page::view() />
                    <Route path=path!("/images") view=image_gallery_page::view() />
                    <Route path=path!("/images/:id") view=image_detail_page::view() />
                    <Route path=path!("/keypairs") view=keypairs_page::view() />
                    <Route path=path!("/limits") view=limits_page::view() />
                    <Route path=path!("/images/:id/metadata") view=image_metadata_page::view() />
                </Routes>
            </Shell>
        </Router>
    }
}

/// A route whose page (`$page`, a view function) a split release build (`split_routes`, see
/// build.rs) moves into a wasm module of its own, fetched when the page is first opened; other
/// builds link it in. `$name::view()` is the route's view.
macro_rules! lazy_page {
    ($name:ident, $page:expr) => {
        mod $name {
            use super::*;

            #[cfg(split_routes)]
            pub struct Route;

            #[cfg(split_routes)]
            impl leptos_router::LazyRoute for Route {
                fn data() -> Self {
                    Self
                }

                async fn view(_: Self) -> AnyView {
                    page().await.unwrap_or_else(|_| view! { <NotLoaded /> }.into_any())
                }

                async fn preload() {
                    // a failure shows in view()
                    let _ = fetch().await;
                }
            }

            // `fallible`: a module that fails to load (a redeploy removed it, the network
            // dropped) must not abort the whole wasm.
            #[cfg(split_routes)]
            #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch))]
            fn page() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                Ok(($page)().into_any())
            }

            pub fn view() -> impl ChooseView {
                #[cfg(split_routes)]
                return leptos_router::Lazy::<Route>::new();
                #[cfg(not(split_routes))]
                return $page;
            }
        }
    };
}

// The login page and the server list, where visits start, stay in the main wasm (split out,
// the shell and the server state they share still weigh ~290 KiB gzip, and their own
// chunks cost more than they save; see docs/size.md); every other page is fetched when
// first opened.
lazy_page!(create_server_page, || guarded(servers::create::CreateServerPage));
lazy_page!(server_detail_page, || guarded(servers::detail::ServerDetailPage));
lazy_page!(server_metadata_page, || guarded(metadata::server::ServerMetadataPage));
lazy_page!(image_gallery_page, || guarded(images::gallery::GalleryPage));
lazy_page!(image_detail_page, || guarded(images::detail::ImageDetailPage));
lazy_page!(image_metadata_page, || guarded(metadata::image::ImageMetadataPage));
lazy_page!(keypairs_page, || guarded(keypairs::KeypairsPage));
lazy_page!(limits_page, || guarded(LimitsPage));

/// In place of a page whose code could not be fetched.
#[cfg(split_routes)]
#[component]
fn NotLoaded() -> impl IntoView {
    view! {
        <h1>"This page could not be loaded"</h1>
        <p role="alert" class="error">{crate::components::load::NOT_FETCHED}</p>
    }
}

/// Render `page` only with a session; without one, go to the login page and come back here
/// afterwards (also when the session ends while the page is open).
fn guarded<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let navigate = use_navigate();
    let logged_in = Memo::new(move |_| auth.session.with(Option::is_some));
    Effect::new(move |_| {
        if !logged_in.get() {
            let here = path_and_query(&location.pathname.get_untracked(), &location.search.get_untracked());
            navigate(&format!("/login?next={}", encode_component(&here)), Default::default());
        }
    });
    move || logged_in.get().then(page)
}

/// The address to come back to: the router's `search` comes without its leading `?`.
fn path_and_query(path: &str, search: &str) -> String {
    match search.trim_start_matches('?') {
        "" => path.to_string(),
        query => format!("{path}?{query}"),
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"There is nothing at this address. " <a href="/servers">"Go to the servers"</a> "."</p>
    }
}

#[cfg(test)]
mod tests {
    use super::path_and_query;

    #[test]
    fn the_way_back_keeps_the_query() {
        assert_eq!(path_and_query("/servers", "name=web&page=2"), "/servers?name=web&page=2");
        assert_eq!(path_and_query("/servers", "?name=web"), "/servers?name=web");
        assert_eq!(path_and_query("/limits", ""), "/limits");
    }
}
