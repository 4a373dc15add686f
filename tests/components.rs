//! Component tests: real components mounted in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use nephele::api::servers::Server;
use nephele::components::app::{App, Root};
use nephele::components::servers::status::StatusBadge;
use nephele::state::config;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Let futures, timers and effects run, up to `ms` milliseconds, until `done` holds.
async fn wait_for(ms: u32, done: impl Fn() -> bool) {
    let mut waited = 0;
    while !done() && waited < ms {
        gloo_timers::future::TimeoutFuture::new(20).await;
        waited += 20;
    }
}

fn text(el: &web_sys::HtmlElement) -> String {
    el.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn missing_config_shows_a_setup_page_not_a_blank_screen() {
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), Root);
    wait_for(5000, || text(&el).contains("needs a configuration")).await;
    assert!(text(&el).contains("nephele needs a configuration"), "{}", text(&el));
    let alert = el.query_selector("[role=alert]").unwrap().expect("an alert");
    assert!(alert.text_content().unwrap().contains("config.json"));
}

#[wasm_bindgen_test]
async fn logged_out_visit_lands_on_a_labelled_login_form_and_explains_an_unreachable_keystone() {
    // Port 9 (discard) on loopback: nothing listens, so the fetch fails outright.
    let config = config::parse(r#"{"authUrl": "http://127.0.0.1:9/v3"}"#).unwrap();
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || view! { <App config=config.clone() /> });
    wait_for(5000, || el.query_selector("#login-user").unwrap().is_some()).await;
    assert!(window().location().search().unwrap().starts_with("?next="), "redirected to login with a way back");
    for (id, label) in [
        ("login-user", "User name"),
        ("login-password", "Password"),
        ("login-user-domain", "User domain"),
        ("login-project", "Project"),
        ("login-project-domain", "Project domain"),
    ] {
        let l = el.query_selector(&format!("label[for={id}]")).unwrap().expect(label);
        assert_eq!(l.text_content().unwrap(), label);
    }
    let set = |id: &str, v: &str| {
        let input: web_sys::HtmlInputElement = el.query_selector(&format!("#{id}")).unwrap().unwrap().unchecked_into();
        input.set_value(v);
        input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    };
    set("login-user", "demo");
    set("login-password", "secret");
    set("login-project", "demo");
    let button: web_sys::HtmlElement = el.query_selector("button[type=submit]").unwrap().unwrap().unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Log in");
    button.click();
    wait_for(8000, || el.query_selector("[role=alert]").unwrap().is_some()).await;
    let alert = el.query_selector("[role=alert]").unwrap().expect("an error message");
    assert!(alert.text_content().unwrap().contains("Cannot reach Keystone at http://127.0.0.1:9"));
    // Nothing the user typed is lost.
    let user: web_sys::HtmlInputElement = el.query_selector("#login-user").unwrap().unwrap().unchecked_into();
    assert_eq!(user.value(), "demo");
    // And nothing about the session was stored.
    let storage = window().session_storage().unwrap().unwrap();
    assert!(storage.get_item("nephele.session").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn status_badge_has_text_a_tooltip_and_build_progress() {
    let server = RwSignal::new(Server {
        status: "BUILD".into(),
        task_state: Some("spawning".into()),
        progress: Some(40),
        ..Default::default()
    });
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || view! { <StatusBadge server=server.into() /> });
    leptos::task::tick().await;
    let badge = el.query_selector(".badge").unwrap().unwrap();
    assert_eq!(badge.text_content().unwrap(), "Building");
    assert!(!badge.get_attribute("title").unwrap().is_empty());
    assert_eq!(badge.get_attribute("data-status").as_deref(), Some("BUILD"));
    assert!(text(&el).contains("spawning…"));
    let progress = el.query_selector("progress").unwrap().unwrap();
    assert_eq!(progress.get_attribute("value").as_deref(), Some("40"));

    server.update(|s| {
        s.status = "ACTIVE".into();
        s.task_state = None;
        s.progress = Some(100);
    });
    wait_for(1000, || text(&el).contains("Active")).await;
    assert_eq!(el.query_selector(".badge").unwrap().unwrap().text_content().unwrap(), "Active");
    assert!(el.query_selector("progress").unwrap().is_none(), "no progress bar once built");
    assert!(!text(&el).contains("spawning"));
}

#[wasm_bindgen_test]
async fn loaded_shows_nothing_for_a_cancelled_request_and_words_a_failure() {
    use nephele::api::ApiError;
    use nephele::components::load::Loaded;
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), || {
        let cancelled = LocalResource::new(|| async { Err::<String, _>(ApiError::Aborted) });
        let refused = LocalResource::new(|| async { Err::<String, _>(ApiError::Forbidden("policy".into())) });
        let fine = LocalResource::new(|| async { Ok::<_, ApiError>("loaded".to_string()) });
        view! {
            <div id="cancelled"><Loaded resource=cancelled view=|s: String| s /></div>
            <div id="refused"><Loaded resource=refused failed="The thing could not be loaded. " view=|s: String| s /></div>
            <div id="fine"><Loaded resource=fine view=|s: String| s /></div>
        }
    });
    wait_for(2000, || text(&el).contains("loaded")).await;
    let part = |id: &str| el.query_selector(&format!("#{id}")).unwrap().unwrap();
    assert_eq!(part("cancelled").text_content().unwrap(), "");
    assert!(part("cancelled").query_selector("[role=alert]").unwrap().is_none());
    let alert = part("refused").query_selector("[role=alert]").unwrap().expect("an alert");
    assert_eq!(alert.text_content().unwrap(), "The thing could not be loaded. Not allowed (policy or quota): policy");
    assert_eq!(part("fine").text_content().unwrap(), "loaded");
}

#[wasm_bindgen_test]
async fn tab_strip_selects_one_tab_and_labels_its_panel() {
    use nephele::components::tabs::{Tab, TabStrip};
    static TABS: [Tab<u8>; 2] = [Tab { value: 1, label: "One", id: "t-one" }, Tab { value: 2, label: "Two", id: "t-two" }];
    let selected = RwSignal::new(1u8);
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || view! {
        <TabStrip tabs=&TABS selected label="Test tabs" panel="t-panel">
            {move || format!("panel {}", selected.get())}
        </TabStrip>
    });
    leptos::task::tick().await;
    let tab = |id: &str| -> web_sys::HtmlElement { el.query_selector(&format!("#{id}")).unwrap().unwrap().unchecked_into() };
    assert_eq!(tab("t-one").get_attribute("aria-selected").as_deref(), Some("true"));
    tab("t-two").click();
    wait_for(1000, || text(&el).contains("panel 2")).await;
    assert_eq!(tab("t-two").get_attribute("aria-selected").as_deref(), Some("true"));
    assert_eq!(tab("t-one").get_attribute("tabindex").as_deref(), Some("-1"));
    let panel = el.query_selector("[role=tabpanel]").unwrap().unwrap();
    assert_eq!(panel.get_attribute("aria-labelledby").as_deref(), Some("t-two"));
}

#[wasm_bindgen_test]
async fn image_status_badge_follows_glance_in_words_and_colour() {
    use nephele::components::images::ImageStatus;
    let status = RwSignal::new("queued".to_string());
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || view! { <ImageStatus status /> });
    let badge = || el.query_selector(".badge").unwrap().expect("a badge");
    wait_for(1000, || el.query_selector(".badge").unwrap().is_some()).await;
    assert_eq!(badge().get_attribute("data-status").as_deref(), Some("queued"));
    assert_eq!(badge().text_content().as_deref(), Some("Queued"));
    assert!(badge().class_name().contains("tone-busy"));
    assert!(badge().get_attribute("title").unwrap().contains("no data has arrived"));
    status.set("active".into());
    wait_for(1000, || badge().text_content().as_deref() == Some("Active")).await;
    assert!(badge().class_name().contains("tone-good"));
}
