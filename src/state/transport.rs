//! The thin browser transport: runs an `api::Request` with fetch (gloo-net) and hands back an
//! `api::Response`. Everything else about the APIs lives in `crate::api`. Every request has a
//! deadline: a service that takes the connection and never answers must not stall the panel.

use std::cell::Cell;

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use web_sys::{AbortSignal, RequestMode};

use crate::api::{ApiError, Method, Request, Response, UNNAMED_SERVICE};
use crate::state::config::DEFAULT_REQUEST_TIMEOUT_SECS;

thread_local! {
    /// Seconds any request may take, set once from `config.json` (`set_deadline`).
    static DEADLINE_SECS: Cell<f64> = const { Cell::new(DEFAULT_REQUEST_TIMEOUT_SECS) };
}

/// Use `seconds` as the deadline of every request from now on.
pub fn set_deadline(seconds: f64) {
    DEADLINE_SECS.with(|d| d.set(seconds));
}

fn deadline_secs() -> f64 {
    DEADLINE_SECS.with(Cell::get)
}

fn http_method(m: Method) -> HttpMethod {
    match m {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
        Method::Put => HttpMethod::PUT,
        Method::Patch => HttpMethod::PATCH,
        Method::Delete => HttpMethod::DELETE,
    }
}

/// Send `req`; `signal` cancels it (the caller's page unmounted). Without a complete reply
/// within the deadline it ends in `ApiError::Timeout`.
pub async fn send(req: &Request, signal: Option<&AbortSignal>) -> Result<Response, ApiError> {
    let seconds = deadline_secs();
    let deadline = AbortSignal::timeout_with_f64(seconds * 1000.0);
    let combined = match signal {
        Some(caller) => AbortSignal::any(&js_sys::Array::of2(caller, &deadline)),
        None => deadline.clone(),
    };
    let why_aborted = || {
        if signal.is_some_and(AbortSignal::aborted) {
            Some(ApiError::Aborted)
        } else if deadline.aborted() {
            Some(ApiError::Timeout { service: UNNAMED_SERVICE.into(), seconds: seconds.round() as u32 })
        } else {
            None
        }
    };
    let mut builder = RequestBuilder::new(&req.url).method(http_method(req.method)).abort_signal(Some(&combined));
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    let sent = match &req.body {
        Some(body) => builder.body(crate::api::json::to_string(body)).map_err(|e| ApiError::Decode(e.to_string()))?.send().await,
        None => builder.send().await,
    };
    let resp = match sent {
        Ok(resp) => resp,
        Err(_) => return Err(match why_aborted() {
            Some(e) => e,
            None => diagnose_network_failure(&req.url).await,
        }),
    };
    let headers = resp.headers().entries().collect();
    // The deadline covers the body too: a reply can stall half-way.
    let body = match resp.text().await {
        Ok(body) => body,
        Err(_) => match why_aborted() {
            Some(e) => return Err(e),
            None => String::new(),
        },
    };
    Ok(Response { status: resp.status(), headers, body })
}

/// fetch fails the same way for a dead host and for a CORS refusal. An opaque `no-cors`
/// request tells them apart: it succeeds whenever the host answers at all.
async fn diagnose_network_failure(url: &str) -> ApiError {
    let origin = origin_of(url);
    let probe = RequestBuilder::new(url)
        .mode(RequestMode::NoCors)
        .abort_signal(Some(&AbortSignal::timeout_with_f64(deadline_secs() * 1000.0)));
    match probe.send().await {
        Ok(_) => ApiError::Cors(origin),
        Err(_) => ApiError::unreachable(origin),
    }
}

/// `scheme://host:port` of an absolute URL, or the URL itself when relative.
fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest)),
        None => url.to_string(),
    }
}
