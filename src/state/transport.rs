//! The thin browser transport: runs an `api::Request` with fetch (gloo-net) and hands back an
//! `api::Response`. Everything else about the APIs lives in `crate::api`.

use gloo_net::http::{Method as HttpMethod, RequestBuilder};
use web_sys::{AbortSignal, RequestMode};

use crate::api::{ApiError, Method, Request, Response};

fn http_method(m: Method) -> HttpMethod {
    match m {
        Method::Get => HttpMethod::GET,
        Method::Post => HttpMethod::POST,
        Method::Put => HttpMethod::PUT,
        Method::Patch => HttpMethod::PATCH,
        Method::Delete => HttpMethod::DELETE,
    }
}

/// Send `req`; `signal` cancels it (the caller's page unmounted).
pub async fn send(req: &Request, signal: Option<&AbortSignal>) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(&req.url).method(http_method(req.method)).abort_signal(signal);
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    let sent = match &req.body {
        Some(body) => builder.body(body.to_string()).map_err(|e| ApiError::Decode(e.to_string()))?.send().await,
        None => builder.send().await,
    };
    let resp = match sent {
        Ok(resp) => resp,
        Err(_) if signal.is_some_and(AbortSignal::aborted) => return Err(ApiError::Aborted),
        Err(_) => return Err(diagnose_network_failure(&req.url).await),
    };
    let headers = resp.headers().entries().collect();
    let body = resp.text().await.unwrap_or_default();
    Ok(Response { status: resp.status(), headers, body })
}

/// fetch fails the same way for a dead host and for a CORS refusal. An opaque `no-cors`
/// request tells them apart: it succeeds whenever the host answers at all.
async fn diagnose_network_failure(url: &str) -> ApiError {
    let origin = origin_of(url);
    match RequestBuilder::new(url).mode(RequestMode::NoCors).send().await {
        Ok(_) => ApiError::Cors(origin),
        Err(_) => ApiError::Unreachable(origin),
    }
}

/// `scheme://host:port` of an absolute URL, or the URL itself when relative.
fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest)),
        None => url.to_string(),
    }
}
