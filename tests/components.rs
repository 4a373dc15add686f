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
async fn keypair_form_checks_the_public_key_beside_the_field_and_keeps_the_draft() {
    use nephele::components::keypair_form::KeyPairForm;
    use nephele::state::session::Auth;
    let storage = window().session_storage().unwrap().unwrap();
    storage.remove_item("nephele.draft.keypair").unwrap();
    let created = RwSignal::new(0);
    let el = container();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(Auth::restore());
        view! { <KeyPairForm on_created=Callback::new(move |_| created.update(|n| *n += 1)) /> }
    });
    leptos::task::tick().await;
    let import: web_sys::HtmlElement =
        el.query_selector("fieldset label:nth-of-type(2) input[name=keypair-mode]").unwrap().unwrap().unchecked_into();
    import.click();
    wait_for(1000, || el.query_selector("#keypair-public-key").unwrap().is_some()).await;
    type_in(&el, "#keypair-name", "laptop");
    // Cut short while copying.
    type_in(&el, "#keypair-public-key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJt5VykMIYR0W5vR6jDge610");
    leptos::task::tick().await;
    let key_field = el.query_selector("#keypair-public-key").unwrap().unwrap();
    let beside = key_field.parent_element().unwrap().query_selector("[role=alert]").unwrap().expect("an error beside the key");
    assert_eq!(beside.text_content().unwrap(), "The ssh-ed25519 key data is incomplete or damaged; copy the whole key again.");
    assert_eq!(key_field.get_attribute("aria-invalid").as_deref(), Some("true"));
    // Sending is refused before any request: nothing created, the text still there.
    let button: web_sys::HtmlElement = el.query_selector("button[type=submit]").unwrap().unwrap().unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Import key pair");
    button.click();
    leptos::task::tick().await;
    assert_eq!(created.get_untracked(), 0);
    assert_eq!(button.text_content().unwrap(), "Import key pair", "nothing is being sent");
    // The draft outlives the form (a reload, a new login).
    let draft = storage.get_item("nephele.draft.keypair").unwrap().expect("a draft");
    assert!(draft.contains("laptop") && draft.contains("AAAAC3Nz"), "{draft}");
    drop(handle);
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        provide_context(Auth::restore());
        view! { <KeyPairForm on_created=Callback::new(|_| ()) /> }
    });
    leptos::task::tick().await;
    let name: web_sys::HtmlInputElement = el.query_selector("#keypair-name").unwrap().unwrap().unchecked_into();
    assert_eq!(name.value(), "laptop");
    let key: web_sys::HtmlTextAreaElement = el.query_selector("#keypair-public-key").unwrap().unwrap().unchecked_into();
    assert!(key.value().starts_with("ssh-ed25519 AAAAC3Nz"));
    // A good key clears the error.
    type_in(&el, "#keypair-public-key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJt5VykMIYR0W5vR6jDge610gWaSgGxSA5dTM0uUNcIu me");
    leptos::task::tick().await;
    assert!(key.parent_element().unwrap().query_selector("[role=alert]").unwrap().is_none());
    storage.remove_item("nephele.draft.keypair").unwrap();
}

/// Type `value` into the input or textarea `selector` finds in `el`, as a user would.
fn type_in(el: &web_sys::HtmlElement, selector: &str, value: &str) {
    let field = el.query_selector(selector).unwrap().unwrap();
    match field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(area) => area.set_value(value),
        None => field.unchecked_ref::<web_sys::HtmlInputElement>().set_value(value),
    }
    field.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn key_value_rows_enter_adds_a_row_and_moves_the_focus_and_errors_sit_beside_their_row() {
    use nephele::components::fields::{KeyValue, KeyValueRows};
    let rows = RwSignal::new(KeyValue::rows([("role".to_string(), "web".to_string()), ("zone".to_string(), "a".to_string())]));
    let errors = RwSignal::new(vec![(1usize, "Keys may not contain '/'.".to_string())]);
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || view! { <KeyValueRows id="kvt" rows errors /> });
    wait_for(2000, || el.query_selector("#kvt-1-key").unwrap().is_some()).await;

    // The error sits in the second row, which is marked invalid; the first row is not.
    let row_text = |id: u32| {
        let key = el.query_selector(&format!("#kvt-{id}-key")).unwrap().unwrap();
        key.parent_element().unwrap().text_content().unwrap()
    };
    let row_count = || el.query_selector(".kv-rows").unwrap().unwrap().child_element_count() - 2; // the head and the Add button
    assert!(row_text(1).contains("Keys may not contain '/'."), "{}", row_text(1));
    assert!(!row_text(0).contains("Keys may not"));
    let invalid = |id: &str| el.query_selector(id).unwrap().unwrap().get_attribute("aria-invalid");
    assert_eq!(invalid("#kvt-1-key").as_deref(), Some("true"));
    assert_eq!(invalid("#kvt-0-value"), None);

    // Enter in the first row's value: an empty row right below it, its key focused.
    js_sys::eval(
        "document.getElementById('kvt-0-value').dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}))",
    )
    .unwrap();
    wait_for(2000, || row_count() == 3).await;
    let focused = || document().active_element().map(|e| e.id()).unwrap_or_default();
    wait_for(2000, || focused() == "kvt-2-key").await;
    assert_eq!(focused(), "kvt-2-key");
    let keys: Vec<String> = rows.get_untracked().into_iter().map(|r| r.key).collect();
    assert_eq!(keys, ["role", "", "zone"]);

    // Typing edits the row in place; Remove drops it.
    js_sys::eval(
        "const i = document.getElementById('kvt-2-key'); i.value = 'tier'; i.dispatchEvent(new Event('input', {bubbles: true}))",
    )
    .unwrap();
    assert_eq!(rows.get_untracked()[1].key, "tier");
    let remove: web_sys::HtmlElement = el.query_selector("[aria-label='Remove role']").unwrap().unwrap().unchecked_into();
    remove.click();
    wait_for(2000, || row_count() == 2).await;
    assert_eq!(KeyValue::pairs(&rows.get_untracked()), [("tier".to_string(), String::new()), ("zone".to_string(), "a".to_string())]);
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

#[wasm_bindgen_test]
async fn a_link_to_a_panel_page_opens_it_in_place_and_back_returns() {
    use nephele::state::router::{Page, Router};
    let start = window().location().pathname().unwrap();
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        let router = Router::start();
        let query = router.query();
        view! {
            <a id="to-server" href="/servers/ab%20c?tab=log">"a server"</a>
            <p id="page">{move || format!("{:?}", router.page())}</p>
            <p id="query">{move || query.with(|q| q.get("tab").unwrap_or_default())}</p>
        }
    });
    let page = el.query_selector("#page").unwrap().unwrap();
    let link: web_sys::HtmlElement = el.query_selector("#to-server").unwrap().unwrap().unchecked_into();
    link.click();
    wait_for(1000, || page.text_content().unwrap() == "Server").await;
    let location = window().location();
    assert_eq!(location.pathname().unwrap(), "/servers/ab%20c", "the address bar follows, and this page was not reloaded");
    assert_eq!(location.search().unwrap(), "?tab=log");
    // The query read on the first page keeps its value once another page is open.
    assert_eq!(el.query_selector("#query").unwrap().unwrap().text_content().unwrap(), "");
    assert_eq!(Page::at("/servers/ab%20c").1.as_deref(), Some("ab c"));
    window().history().unwrap().back().unwrap();
    wait_for(2000, || window().location().pathname().unwrap() == start).await;
    wait_for(1000, || page.text_content().unwrap() != "Server").await;
    assert_eq!(page.text_content().unwrap(), format!("{:?}", Page::at(&start).0));
}
