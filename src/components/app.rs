//! The root: load `config.json`, then either the setup page or the routed panel.

use leptos::prelude::*;

use crate::api::encode_component;
use crate::components::{images, keypairs, limits::LimitsPage, login::LoginPage, metadata, servers, shell::Shell};
use crate::state::actions::Actions;
use crate::state::clock::Clock;
use crate::state::config::{self, Config};
use crate::state::poller;
use crate::state::router::{use_router, Page, Router};
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
    // A signal and a task, not a `LocalResource`: the answer comes once (and a resource's
    // async machinery weighs ~8 KB of the first load).
    let config = RwSignal::new(None);
    leptos::task::spawn_local(async move { config.set(Some(load_config().await)) });
    move || match config.get() {
        None => view! { <p class="boot">"Loading nephele…"</p> }.into_any(),
        Some(Ok(config)) => view! { <App config /> }.into_any(),
        Some(Err(message)) => view! { <SetupPage message /> }.into_any(),
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
    provide_context(Clock::start(auth));
    provide_context(Actions::new(auth, toasts, poller));
    let router = Router::start();
    provide_context(router);
    view! {
        <Shell>
            {move || match router.page() {
                Page::Home => {
                    router.replace("/servers");
                    ().into_any()
                }
                Page::Login => view! { <LoginPage /> }.into_any(),
                Page::Servers => guarded(servers::list::ServerListPage).into_any(),
                Page::NewServer => create_server_page::view(),
                Page::Server => server_detail_page::view(),
                Page::ServerMetadata => server_metadata_page::view(),
                Page::Images => image_gallery_page::view(),
                Page::Image => image_detail_page::view(),
                Page::ImageMetadata => image_metadata_page::view(),
                Page::Keypairs => keypairs_page::view(),
                Page::Limits => limits_page::view(),
                Page::NotFound => view! { <NotFound /> }.into_any(),
            }}
        </Shell>
    }
}

/// A page (`$page`, a view function) that a split release build (`split_routes`, see
/// build.rs) moves into a wasm module of its own, fetched when the page is first opened;
/// other builds link it in. `$name::view()` renders it.
macro_rules! lazy_page {
    ($name:ident, $page:expr) => {
        mod $name {
            use super::*;

            #[cfg(split_routes)]
            pub fn view() -> AnyView {
                super::fetched(Box::pin(page()))
            }

            // `fallible`: a module that fails to load (a redeploy removed it, the network
            // dropped) must not abort the whole wasm.
            #[cfg(split_routes)]
            #[leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn page() -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
                Ok(($page)().into_any())
            }

            #[cfg(not(split_routes))]
            pub fn view() -> AnyView {
                ($page)().into_any()
            }
        }
    };
}

// The login page and the server list, where visits start, stay in the main wasm (the shell
// and the server state they share are most of it anyway, and their own chunks would cost
// more than they save; see docs/size.md); every other page is fetched when first opened.
lazy_page!(create_server_page, || guarded(servers::create::CreateServerPage));
lazy_page!(server_detail_page, || guarded(servers::detail::ServerDetailPage));
lazy_page!(server_metadata_page, || guarded(metadata::server::ServerMetadataPage));
lazy_page!(image_gallery_page, || guarded(images::gallery::GalleryPage));
lazy_page!(image_detail_page, || guarded(images::detail::ImageDetailPage));
lazy_page!(image_metadata_page, || guarded(metadata::image::ImageMetadataPage));
lazy_page!(keypairs_page, || guarded(keypairs::KeypairsPage));
lazy_page!(limits_page, || guarded(LimitsPage));

/// A lazy page once its module is fetched, or why it could not be. One function for all of
/// them, so the async view code is not repeated for each.
#[cfg(split_routes)]
fn fetched(page: std::pin::Pin<Box<dyn std::future::Future<Output = Result<AnyView, leptos::wasm_split::SplitLoaderError>> + Send>>) -> AnyView {
    Suspend::new(async move { page.await.unwrap_or_else(|_| view! { <NotLoaded /> }.into_any()) }).into_any()
}

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
    let router = use_router();
    let logged_in = Memo::new(move |_| auth.session.with(Option::is_some));
    Effect::new(move |_| {
        if !logged_in.get() {
            router.go(&format!("/login?next={}", encode_component(&router.url_untracked())));
        }
    });
    move || logged_in.get().then(page)
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"There is nothing at this address. " <a href="/servers">"Go to the servers"</a> "."</p>
    }
}
