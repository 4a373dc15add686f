//! The address bar as state. The panel's pages are a fixed list (`Page`), so one signal holds
//! the path and query, links and the browser's back and forward buttons move it, and a page
//! reads its `:id` and query from it. In place of leptos_router, whose generic route matching
//! and async route views weighed 47 KB of the main wasm's 319 KB gzip (issue #12,
//! docs/size.md).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{decode_component, query_param};

/// The pages, by address. `id` is the `:id` segment where there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Login,
    Servers,
    NewServer,
    Server,
    ServerMetadata,
    Images,
    Image,
    ImageMetadata,
    Keypairs,
    Limits,
    NotFound,
}

impl Page {
    /// The page at `path` (no query) and its `:id`.
    pub fn at(path: &str) -> (Page, Option<String>) {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let id = |s: &str| (!s.is_empty()).then(|| decode_component(s));
        let one = |page: Page, s: &str| id(s).map_or((Page::NotFound, None), |id| (page, Some(id)));
        match segments.as_slice() {
            [""] => (Page::Home, None),
            ["login"] => (Page::Login, None),
            ["servers"] => (Page::Servers, None),
            ["servers", "new"] => (Page::NewServer, None),
            ["servers", s] => one(Page::Server, s),
            ["servers", s, "metadata"] => one(Page::ServerMetadata, s),
            ["images"] => (Page::Images, None),
            ["images", s] => one(Page::Image, s),
            ["images", s, "metadata"] => one(Page::ImageMetadata, s),
            ["keypairs"] => (Page::Keypairs, None),
            ["limits"] => (Page::Limits, None),
            _ => (Page::NotFound, None),
        }
    }
}

/// The query of the address, read by key (`None` when absent).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query(String);

impl Query {
    pub fn get(&self, key: &str) -> Option<String> {
        query_param(&self.0, key)
    }
}

/// The current address and the page it shows; `Copy`, in context (`use_router`).
#[derive(Clone, Copy)]
pub struct Router {
    /// Path and query, e.g. `/servers?name=web`: no origin, no `#`.
    url: RwSignal<String>,
    page: Memo<Page>,
}

impl Router {
    /// Follow the browser's address from now on: back and forward, and clicks on links to the
    /// panel's own pages (other links, new-tab clicks and downloads are the browser's).
    pub fn start() -> Self {
        let url = RwSignal::new(browser_url());
        let page = Memo::new(move |_| url.with(|u| Page::at(path_of(u)).0));
        let router = Router { url, page };
        let back_or_forward = window_event_listener(leptos::ev::popstate, move |_| url.set(browser_url()));
        let clicks = window_event_listener(leptos::ev::click, move |ev| router.follow_link(&ev));
        on_cleanup(move || {
            back_or_forward.remove();
            clicks.remove();
        });
        router
    }

    /// The page shown; changes only when another page is opened.
    pub fn page(self) -> Page {
        self.page.get()
    }

    /// The current path (tracked).
    pub fn path(self) -> String {
        self.url.with(|u| path_of(u).to_string())
    }

    /// The current path and query, without tracking.
    pub fn url_untracked(self) -> String {
        self.url.get_untracked()
    }

    /// Open `to` (a path and query on the panel), as a new history entry.
    pub fn go(self, to: &str) {
        self.open(to, false);
    }

    /// Open `to` in place of the current history entry.
    pub fn replace(self, to: &str) {
        self.open(to, true);
    }

    fn open(self, to: &str, replace: bool) {
        if let Ok(history) = window().history() {
            // Opening the address already shown adds no history entry.
            let _ = if replace || self.url.with_untracked(|u| u == to) {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(to))
            };
        }
        self.url.set(to.to_string());
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }

    /// The query of the page this is called on. It keeps its last value once another page
    /// opens, so the page does not react to an address it is about to leave.
    pub fn query(self) -> Memo<Query> {
        self.on_this_page(|url| Query(url.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default()))
    }

    /// The `:id` of the page this is called on (e.g. `/servers/:id`), kept like `query`.
    pub fn id(self) -> Memo<String> {
        self.on_this_page(|url| Page::at(path_of(url)).1.unwrap_or_default())
    }

    fn on_this_page<T: Clone + PartialEq + Send + Sync + 'static>(self, read: fn(&str) -> T) -> Memo<T> {
        let here = self.page.get_untracked();
        Memo::new(move |last: Option<&T>| match last {
            Some(last) if self.page.get() != here => last.clone(),
            _ => self.url.with(|u| read(u)),
        })
    }

    /// A click on a link to one of the panel's pages opens it here, without reloading.
    fn follow_link(self, ev: &web_sys::MouseEvent) {
        if ev.default_prevented() || ev.button() != 0 || ev.meta_key() || ev.alt_key() || ev.ctrl_key() || ev.shift_key() {
            return;
        }
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
        else {
            return;
        };
        let href = link.get_attribute("href").unwrap_or_default();
        if link.has_attribute("target") || link.has_attribute("download") {
            return;
        }
        // `#main` (the skip link): with <base>, the browser would load `/#main`.
        if let Some(id) = href.strip_prefix('#') {
            ev.prevent_default();
            if let Some(target) = document().get_element_by_id(id) {
                target.scroll_into_view();
            }
            return;
        }
        let Ok(url) = web_sys::Url::new_with_base(&href, &document().base_uri().ok().flatten().unwrap_or_default()) else {
            return;
        };
        if window().location().origin().ok().as_deref() != Some(url.origin().as_str()) || !url.hash().is_empty() {
            return;
        }
        ev.prevent_default();
        self.go(&format!("{}{}", url.pathname(), url.search()));
    }
}

pub fn use_router() -> Router {
    expect_context()
}

fn browser_url() -> String {
    let location = window().location();
    format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
}

fn path_of(url: &str) -> &str {
    url.split_once('?').map_or(url, |(path, _)| path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_by_address() {
        assert_eq!(Page::at("/"), (Page::Home, None));
        assert_eq!(Page::at("/servers"), (Page::Servers, None));
        assert_eq!(Page::at("/servers/new"), (Page::NewServer, None));
        assert_eq!(Page::at("/servers/ab-1"), (Page::Server, Some("ab-1".into())));
        assert_eq!(Page::at("/servers/ab-1/metadata"), (Page::ServerMetadata, Some("ab-1".into())));
        assert_eq!(Page::at("/images/a%20b"), (Page::Image, Some("a b".into())));
        assert_eq!(Page::at("/images/x/metadata"), (Page::ImageMetadata, Some("x".into())));
        assert_eq!(Page::at("/keypairs"), (Page::Keypairs, None));
        assert_eq!(Page::at("/limits"), (Page::Limits, None));
        assert_eq!(Page::at("/login"), (Page::Login, None));
        for missing in ["/servers/", "/nowhere", "/servers/x/y", "/images//metadata", "/limits/x"] {
            assert_eq!(Page::at(missing), (Page::NotFound, None), "{missing}");
        }
    }

    #[test]
    fn the_query_reads_by_key() {
        let q = Query("?name=web%201&page=2".into());
        assert_eq!(q.get("name").as_deref(), Some("web 1"));
        assert_eq!(q.get("marker"), None);
        assert_eq!(Query::default().get("name"), None);
    }

    #[test]
    fn the_path_leaves_the_query() {
        assert_eq!(path_of("/servers?name=x"), "/servers");
        assert_eq!(path_of("/limits"), "/limits");
    }
}
