//! The Console log tab: the serial console's last lines, and a one-time address of the
//! server's screen (noVNC).

use leptos::prelude::*;

use crate::api::servers::actions::ActionKind;
use crate::api::servers::console;
use crate::api::servers::states::availability;
use crate::api::servers::Server;
use crate::api::ApiError;
use crate::components::load::{alert, failure};
use crate::components::servers::catalogue::refusal_words;
use crate::state::session::{use_auth, Api};

/// The console length field: empty asks for the whole log.
fn parse_length(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(format!(
            "\"{text}\" is not a number of lines. Enter a whole number above 0, or leave it empty for the whole log."
        )),
    }
}

/// Why Nova gave no console URL, in words for someone who only wanted to see the screen.
fn console_refusal(e: &ApiError) -> String {
    match e {
        ApiError::BadRequest(m) | ApiError::NotFound(m) if m.to_lowercase().contains("console") => format!(
            "This cloud does not offer a browser console (noVNC) for this server; its operators have not \
             enabled one. Nova said: {m}"
        ),
        ApiError::Http { status: 501, message } => format!(
            "This cloud's hypervisor cannot provide a browser console for this server. Nova said: {message}"
        ),
        ApiError::Conflict(m) => format!("The server cannot give a console in its current state. Nova said: {m}"),
        e => format!("No console URL: {}", e.plain_words()),
    }
}

/// A console URL is only made a link when it is a web address (never `javascript:` or `data:`).
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[component]
pub fn ConsoleTab(server: Signal<Server>, id: String) -> impl IntoView {
    let auth = use_auth();
    let id = StoredValue::new(id);
    let length = RwSignal::new("100".to_string());
    let input_error = RwSignal::new(None::<String>);
    let unavailable = move || server.with(|s| availability(ActionKind::ConsoleOutput, s, auth.microversion()).err().map(|r| refusal_words(&r)));

    let log = Action::new_local(move |length: &Option<u32>| {
        let (length, id) = (*length, id.get_value());
        auth.call(Api::Compute, move |svc| console::output(svc, &id, length), console::parse_output)
    });
    let url = Action::new_local(move |_: &()| {
        let id = id.get_value();
        auth.call(Api::Compute, move |svc| console::remote(svc, &id), console::parse_remote)
    });

    let load = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_length(&length.get_untracked()) {
            Ok(n) => {
                input_error.set(None);
                log.dispatch(n);
            }
            Err(e) => input_error.set(Some(e)),
        }
    };

    view! {
        <section class="card console-log" aria-labelledby="console-title">
            <h2 id="console-title">"Console log"</h2>
            <form class="console-controls" on:submit=load>
                <label for="console-length">"Lines"</label>
                <input type="number" id="console-length" min="1" inputmode="numeric"
                    aria-describedby="console-length-hint"
                    prop:value=move || length.get()
                    on:input=move |ev| length.set(event_target_value(&ev)) />
                <button type="submit" class="primary" disabled=move || unavailable().is_some() || log.pending().get()>
                    {move || if log.pending().get() { "Loading…" } else { "Load" }}
                </button>
                <span id="console-length-hint" class="muted small">"The last lines of the log; leave empty for all of it."</span>
            </form>
            {move || unavailable().map(|why| view! { <p class="muted">{why}</p> })}
            {move || input_error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
            {move || log.value().get().map(|result| match result {
                Ok(output) if output.is_empty() => view! { <p class="muted">"The console log is empty."</p> }.into_any(),
                Ok(output) => view! { <pre class="console" tabindex="0" aria-label="Console output">{output}</pre> }.into_any(),
                Err(e) => failure("The console log could not be read. ", &e).into_any(),
            })}
        </section>
        <section class="card console-url" aria-labelledby="console-url-title">
            <h2 id="console-url-title">"Graphical console"</h2>
            <p class="muted">"Ask Nova for a one-time address of the server's screen (noVNC), to open in a new tab."</p>
            <button type="button" on:click=move |_| { url.dispatch(()); } disabled=move || url.pending().get()>
                {move || if url.pending().get() { "Asking Nova…" } else { "Get console URL" }}
            </button>
            {move || url.value().get().map(|result| match result {
                Ok(link) if is_web_url(&link) => view! {
                    <p class="console-link">
                        "Console: "
                        <a href=link.clone() target="_blank" rel="noopener noreferrer">{link.clone()}</a>
                    </p>
                }
                .into_any(),
                Ok(link) => view! {
                    <p role="alert" class="error">
                        {format!("Nova answered with an address that is not a web page, so the panel will not open it: {link}")}
                    </p>
                }
                .into_any(),
                Err(e) => alert(&e, console_refusal).into_any(),
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_length_is_a_positive_count_or_everything() {
        assert_eq!(parse_length("100"), Ok(Some(100)));
        assert_eq!(parse_length(" "), Ok(None));
        assert!(parse_length("0").is_err());
        assert!(parse_length("-5").unwrap_err().contains("\"-5\""));
        assert!(parse_length("ten").is_err());
    }

    #[test]
    fn console_refusals_read_plainly() {
        let no_console = ApiError::BadRequest("Unavailable console type novnc.".into());
        assert!(console_refusal(&no_console).starts_with("This cloud does not offer a browser console"));
        assert!(console_refusal(&no_console).ends_with("Nova said: Unavailable console type novnc."));
        let unsupported = ApiError::Http { status: 501, message: "Unable to get vnc console".into() };
        assert!(console_refusal(&unsupported).contains("hypervisor cannot provide"));
        let busy = ApiError::Conflict("Instance not yet ready".into());
        assert!(console_refusal(&busy).contains("current state"));
        assert!(console_refusal(&ApiError::Forbidden("policy".into())).starts_with("No console URL: Not allowed"));
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert!(is_web_url("http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3Dx"));
        assert!(is_web_url("HTTPS://console.example.com/"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("data:text/html,hi"));
    }
}
