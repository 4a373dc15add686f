//! A sans-IO OpenStack client: functions here build [`Request`]s and parse [`Response`]s into
//! types. Nothing in this module touches the browser, so it is tested natively with
//! `cargo test` on the JSON shapes the services really return. The browser transport that
//! runs these requests lives in `crate::state::transport`.
//!
//! One file per resource, named after its URL: `identity` (`/v3/auth/tokens`), `versions`
//! (the compute root `/`), `limits` (`/limits`), `flavors`, `images` (Glance `/v2/images`),
//! and `servers/` (`/servers` and what hangs below it). The words a person reads (labels,
//! status names) belong to the views, not here; only errors are put into words here.

pub mod availability_zones;
pub mod fields;
pub mod flavors;
pub mod identity;
pub mod image_patch;
pub mod images;
pub mod ip;
pub mod json;
pub mod keypairs;
pub mod limits;
pub mod metadata;
pub mod names;
pub mod networks;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod never_panics;
pub mod quota;
pub mod security_groups;
pub mod server_groups;
pub mod servers;
pub mod subnets;
#[cfg(test)]
pub mod test_support;
pub mod time;
pub mod versions;

use serde::de::DeserializeOwned;
use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// An HTTP request, ready for any transport.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Request {
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Request { method, url: url.into(), headers: Vec::new(), body: None }
    }

    pub fn get(url: impl Into<String>) -> Self {
        Self::new(Method::Get, url)
    }

    pub fn post(url: impl Into<String>, body: Value) -> Self {
        Self::new(Method::Post, url).json(body)
    }

    pub fn put(url: impl Into<String>, body: Value) -> Self {
        Self::new(Method::Put, url).json(body)
    }

    pub fn delete(url: impl Into<String>) -> Self {
        Self::new(Method::Delete, url)
    }

    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self.header("Content-Type", "application/json")
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// What a transport hands back: the status, the headers it could read, and the body text.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as `T` on a 2xx, otherwise the service's error in plain words.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        self.check()?;
        serde_json::from_str(&self.body).map_err(|e| ApiError::Decode(e.to_string()))
    }

    /// The body as a JSON value on a 2xx, like `json`, for what the first load parses (by
    /// `Fields`): a broken body is told by where it breaks (`json::parse`).
    pub fn value(&self) -> Result<Value, ApiError> {
        self.check()?;
        json::parse(&self.body).map_err(ApiError::Decode)
    }

    /// `Ok(())` on a 2xx, otherwise the error the service reported.
    pub fn check(&self) -> Result<(), ApiError> {
        if self.is_success() {
            Ok(())
        } else {
            Err(ApiError::from_response(self))
        }
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// Why a call failed, sorted by what the user can do about it.
#[derive(Clone, PartialEq)]
pub enum ApiError {
    /// 400: the request was refused as invalid; the message says which field.
    BadRequest(String),
    /// 401: the token is missing, expired or revoked (or the credentials are wrong at login).
    Unauthorized(String),
    /// 403: policy forbids it, or a quota is exhausted.
    Forbidden(String),
    /// 404: the resource is gone.
    NotFound(String),
    /// 409: the resource is in a state that does not allow this.
    Conflict(String),
    /// 413/429: over a rate or absolute limit; retry after this many seconds when given.
    OverLimit { message: String, retry_after: Option<u32> },
    /// 5xx: the service failed.
    Server { status: u16, message: String },
    /// Any other status.
    Http { status: u16, message: String },
    /// The service could not be reached at all (nothing listens there, DNS, network): at `url`.
    Unreachable { service: String, url: String },
    /// The service took the request but gave no reply within the panel's deadline.
    Timeout { service: String, seconds: u32 },
    /// A proxy in front of the service answered for it (its own 502/503/504 page): the
    /// service behind it is down or not answering.
    Gateway { service: String, status: u16 },
    /// The service is reachable but the browser blocked the answer (CORS not configured).
    Cors(String),
    /// A 2xx whose body was not what the API documents.
    Decode(String),
    /// The panel cancelled the request (its page went away); nobody needs to be told.
    Aborted,
}

impl ApiError {
    pub fn from_response(resp: &Response) -> Self {
        let message = error_message(&resp.body).unwrap_or_else(|| default_message(resp.status));
        match resp.status {
            400 => ApiError::BadRequest(message),
            401 => ApiError::Unauthorized(message),
            403 => ApiError::Forbidden(message),
            404 => ApiError::NotFound(message),
            409 => ApiError::Conflict(message),
            413 | 429 => {
                // A proxy's own page (nginx limit_req) says nothing a user needs but its title.
                let message = if is_proxy_page(&resp.body) {
                    format!("{} ({} from the proxy).", capitalized(&default_message(resp.status)), resp.status)
                } else {
                    message
                };
                ApiError::OverLimit { message, retry_after: retry_after(resp) }
            }
            502..=504 if is_proxy_page(&resp.body) => {
                ApiError::Gateway { service: UNNAMED_SERVICE.into(), status: resp.status }
            }
            500..=599 => ApiError::Server { status: resp.status, message },
            status => ApiError::Http { status, message },
        }
    }

    /// Nothing answered at `url`; the caller names the service (`for_service`).
    pub fn unreachable(url: impl Into<String>) -> Self {
        ApiError::Unreachable { service: UNNAMED_SERVICE.into(), url: url.into() }
    }

    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Unauthorized(_))
    }

    /// Worth retrying later on its own: the network or the service had a passing fault.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Unreachable { .. }
                | ApiError::Server { .. }
                | ApiError::OverLimit { .. }
                | ApiError::Timeout { .. }
                | ApiError::Gateway { .. }
        )
    }

    /// Say which service failed, for the errors that cannot tell by themselves (a transport
    /// or a proxy knows an address, not what the user calls the service).
    /// A name given once stays.
    pub fn for_service(self, name: &str) -> Self {
        match self {
            ApiError::Timeout { service, seconds } if service == UNNAMED_SERVICE => {
                ApiError::Timeout { service: name.into(), seconds }
            }
            ApiError::Gateway { service, status } if service == UNNAMED_SERVICE => {
                ApiError::Gateway { service: name.into(), status }
            }
            ApiError::Unreachable { service, url } if service == UNNAMED_SERVICE => {
                ApiError::Unreachable { service: name.into(), url }
            }
            e => e,
        }
    }

    /// Seconds the service asked us to wait before trying again (`Retry-After`).
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::OverLimit { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// What went wrong, in words a cloud user understands, including the service's own reason.
    pub fn plain_words(&self) -> String {
        match self {
            ApiError::BadRequest(m) => format!("The request was refused: {m}"),
            ApiError::Unauthorized(m) => format!("Not authorised: {m}"),
            ApiError::Forbidden(m) => format!("Not allowed (policy or quota): {m}"),
            ApiError::NotFound(m) => format!("Not found, it may have been deleted: {m}"),
            ApiError::Conflict(m) => format!("Not possible in the current state: {m}"),
            ApiError::OverLimit { message, retry_after: Some(s) } => {
                format!("Over a limit: {message} Try again in {s} s.")
            }
            ApiError::OverLimit { message, retry_after: None } => format!("Over a limit: {message}"),
            ApiError::Server { status, message } => format!("The service failed ({status}): {message}"),
            ApiError::Http { status, message } => format!("Unexpected answer ({status}): {message}"),
            ApiError::Unreachable { service, url } => format!(
                "{} cannot be reached at {url}: nothing answers there. Check the address and that the service is running.",
                capitalized(service)
            ),
            ApiError::Timeout { service, seconds } => {
                format!("{} is not answering: no reply within {seconds} s.", capitalized(service))
            }
            ApiError::Gateway { service, status } => {
                format!("{} is not answering ({status} from the proxy).", capitalized(service))
            }
            ApiError::Cors(url) => format!(
                "{url} answered, but the browser blocked the reply: the service's CORS settings \
                 must allow this panel's address."
            ),
            ApiError::Decode(m) => format!("The service sent an answer this panel cannot read: {m}"),
            ApiError::Aborted => "Cancelled.".into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.plain_words())
    }
}

/// The plain words: a derived `Debug` quotes its strings with `str`'s `Debug`, whose Unicode
/// tables would be in the first load only for this (`ErrorBoundary` needs `Debug`).
impl std::fmt::Debug for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for ApiError {}

/// What a transport or proxy error calls a service until the caller names it.
pub const UNNAMED_SERVICE: &str = "the service";

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A 502/503/504 written by a proxy (nginx's HTML page) rather than an OpenStack JSON error:
/// the service behind the proxy never answered.
fn is_proxy_page(body: &str) -> bool {
    let body = body.trim_start();
    body.starts_with('<') && serde_json::from_str::<Value>(body).is_err()
}

fn default_message(status: u16) -> String {
    match status {
        400 => "bad request".into(),
        401 => "authentication required".into(),
        403 => "forbidden".into(),
        404 => "not found".into(),
        409 => "conflict".into(),
        413 => "request too large".into(),
        429 => "too many requests".into(),
        s => format!("HTTP {s}"),
    }
}

fn retry_after(resp: &Response) -> Option<u32> {
    let header = resp.header("Retry-After").and_then(|v| v.trim().parse().ok());
    // Nova also puts it in the body: {"overLimit": {"retryAfter": "30", ...}}
    header.or_else(|| {
        let v: Value = serde_json::from_str(&resp.body).ok()?;
        let inner = v.as_object()?.values().next()?;
        match inner.get("retryAfter")? {
            Value::String(s) => s.parse().ok(),
            Value::Number(n) => n.as_u64().map(|n| n as u32),
            _ => None,
        }
    })
}

/// The human message inside an OpenStack error body. Each service has its own shape:
/// Nova `{"itemNotFound": {"code": 404, "message": "..."}}`, Keystone
/// `{"error": {"code": 401, "message": "...", "title": "..."}}`, Neutron
/// `{"NeutronError": {"type": "...", "message": "...", "detail": ""}}`, and Glance
/// (webob) plain text or HTML such as `<h1>404 Not Found</h1>No image found with ID x`.
pub fn error_message(body: &str) -> Option<String> {
    let body = body.trim();
    if body.is_empty() {
        return None;
    }
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        let obj = v.as_object()?;
        if let Some(m) = obj.get("message").and_then(Value::as_str) {
            return Some(m.trim().to_string());
        }
        return obj
            .values()
            .find_map(|inner| inner.get("message").and_then(Value::as_str))
            .map(|m| m.trim().to_string());
    }
    let text = strip_html(body);
    (!text.is_empty()).then_some(text)
}

/// Plain text of a webob error page: tags dropped, the status title line removed,
/// whitespace folded.
fn strip_html(body: &str) -> String {
    let body = match (body.find("<body>"), body.rfind("</body>")) {
        (Some(a), Some(b)) if a < b => &body[a + 6..b],
        _ => body,
    };
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let mut lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    // "404 Not Found" heads the page; the explanation follows it.
    if lines.len() > 1 && lines[0].split_whitespace().next().is_some_and(|w| w.parse::<u16>().is_ok()) {
        lines.remove(0);
    }
    lines.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where and as whom a request goes: a service endpoint from the catalog, the token, and for
/// Nova the negotiated microversion, which then goes on every call.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub endpoint: String,
    pub token: String,
    pub microversion: Option<versions::Microversion>,
}

impl Service {
    /// The microversion requests go out at: the negotiated one, or the base version.
    pub fn session_version(&self) -> versions::Microversion {
        self.microversion.unwrap_or(versions::BASE)
    }

    pub fn request(&self, method: Method, path: &str) -> Request {
        let mut req = Request::new(method, join_url(&self.endpoint, path)).header("X-Auth-Token", self.token.clone());
        if let Some(mv) = self.microversion {
            req = req
                .header("OpenStack-API-Version", format!("compute {mv}"))
                .header("X-OpenStack-Nova-API-Version", mv.to_string());
        }
        req
    }

    pub fn get(&self, path: &str) -> Request {
        self.request(Method::Get, path)
    }

    pub fn post(&self, path: &str, body: Value) -> Request {
        self.request(Method::Post, path).json(body)
    }

    pub fn put(&self, path: &str, body: Value) -> Request {
        self.request(Method::Put, path).json(body)
    }

    pub fn delete(&self, path: &str) -> Request {
        self.request(Method::Delete, path)
    }
}

/// Join a service endpoint and a path without doubling or dropping the slash.
pub fn join_url(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

/// `?a=1&b=x%20y` from pairs, skipping empty values; `""` when nothing is left.
pub fn query_string(pairs: &[(&str, String)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The decoded value of `key` in a URL's query: how a pagination link (Nova's `rel=next`,
/// Glance's `next`) carries the marker of the following page.
pub fn query_param(url: &str, key: &str) -> Option<String> {
    let (_, query) = url.split_once('?')?;
    let query = query.split('#').next().unwrap_or_default();
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_component(k) == key).then(|| decode_component(v))
    })
}

/// Undo percent-encoding, and `+` for a space as Python's `urlencode` writes it.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Serde `deserialize_with` for fields documented as a string, list or map that some services
/// or versions send as `null`: null reads as the empty value.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    Ok(<Option<T> as serde::Deserialize>::deserialize(deserializer)?.unwrap_or_default())
}

/// Percent-encode everything but RFC 3986 unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::test_support::resp;
    use super::*;

    #[test]
    fn nova_conflict_message_is_extracted() {
        let e = ApiError::from_response(&resp(
            409,
            r#"{"conflictingRequest": {"code": 409, "message": "Cannot 'stop' instance 6a8c while it is in vm_state stopped"}}"#,
        ));
        assert_eq!(
            e,
            ApiError::Conflict("Cannot 'stop' instance 6a8c while it is in vm_state stopped".into())
        );
        assert!(e.plain_words().starts_with("Not possible in the current state: Cannot 'stop'"));
    }

    #[test]
    fn keystone_error_message_is_extracted() {
        let e = ApiError::from_response(&resp(
            401,
            r#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#,
        ));
        assert_eq!(e, ApiError::Unauthorized("The request you have made requires authentication.".into()));
        assert!(e.is_unauthorized());
    }

    #[test]
    fn neutron_error_message_is_extracted() {
        let e = ApiError::from_response(&resp(
            404,
            r#"{"NeutronError": {"type": "NetworkNotFound", "message": "Network abc could not be found.", "detail": ""}}"#,
        ));
        assert_eq!(e, ApiError::NotFound("Network abc could not be found.".into()));
    }

    #[test]
    fn glance_html_error_becomes_text() {
        let body = "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID 123<br /><br />\n\n\n\n </body>\n</html>";
        assert_eq!(error_message(body).as_deref(), Some("No image found with ID 123"));
    }

    #[test]
    fn over_limit_reads_retry_after_from_header_then_body() {
        let body = r#"{"overLimit": {"code": 413, "message": "This request was rate-limited.", "retryAfter": "59"}}"#;
        let mut r = resp(413, body);
        assert_eq!(
            ApiError::from_response(&r),
            ApiError::OverLimit { message: "This request was rate-limited.".into(), retry_after: Some(59) }
        );
        r.headers.push(("retry-after".into(), "7".into()));
        r.status = 429;
        let e = ApiError::from_response(&r);
        assert_eq!(e, ApiError::OverLimit { message: "This request was rate-limited.".into(), retry_after: Some(7) });
        assert!(e.plain_words().ends_with("Try again in 7 s."));
        assert!(e.is_transient());
    }

    #[test]
    fn a_proxy_rate_limit_says_so() {
        // nginx limit_req with limit_req_status 429 and a Retry-After header added
        let page = "<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
        let mut r = resp(429, page);
        r.headers.push(("Retry-After".into(), "5".into()));
        let e = ApiError::from_response(&r);
        assert_eq!(e.retry_after(), Some(5));
        assert_eq!(e.plain_words(), "Over a limit: Too many requests (429 from the proxy). Try again in 5 s.");
    }

    #[test]
    fn empty_body_falls_back_to_status_words() {
        assert_eq!(ApiError::from_response(&resp(403, "")), ApiError::Forbidden("forbidden".into()));
        assert_eq!(
            ApiError::from_response(&resp(503, "")),
            ApiError::Server { status: 503, message: "HTTP 503".into() }
        );
    }

    #[test]
    fn proxy_pages_say_the_service_is_not_answering() {
        let nginx = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
        let e = ApiError::from_response(&resp(502, nginx));
        assert_eq!(e, ApiError::Gateway { service: UNNAMED_SERVICE.into(), status: 502 });
        assert!(e.is_transient());
        assert_eq!(
            e.for_service("the compute API (Nova)").plain_words(),
            "The compute API (Nova) is not answering (502 from the proxy)."
        );
        assert!(matches!(ApiError::from_response(&resp(504, nginx)), ApiError::Gateway { status: 504, .. }));
        // A service's own 503 in JSON keeps its message.
        let own = r#"{"error": {"code": 503, "message": "Keystone is in maintenance", "title": "x"}}"#;
        assert_eq!(
            ApiError::from_response(&resp(503, own)),
            ApiError::Server { status: 503, message: "Keystone is in maintenance".into() }
        );
        // Only the transport's and proxy's errors are named, and only once.
        assert_eq!(ApiError::Conflict("x".into()).for_service("Nova"), ApiError::Conflict("x".into()));
        let named = ApiError::from_response(&resp(502, nginx)).for_service("Nova");
        assert_eq!(named.clone().for_service("Keystone"), named);
    }

    #[test]
    fn a_timeout_names_the_service_and_the_deadline() {
        let e = ApiError::Timeout { service: UNNAMED_SERVICE.into(), seconds: 30 }.for_service("the compute API (Nova)");
        assert_eq!(e.plain_words(), "The compute API (Nova) is not answering: no reply within 30 s.");
        assert!(e.is_transient());
        assert_eq!(e.retry_after(), None);
    }

    #[test]
    fn a_dead_address_names_the_service() {
        let e = ApiError::unreachable("http://127.0.0.1:8774").for_service("the compute API (Nova)");
        assert_eq!(
            e.plain_words(),
            "The compute API (Nova) cannot be reached at http://127.0.0.1:8774: nothing answers there. \
             Check the address and that the service is running."
        );
        assert!(e.is_transient());
    }

    #[test]
    fn json_on_success_and_error() {
        assert_eq!(resp(200, r#"{"a": 1}"#).value(), Ok(serde_json::json!({"a": 1})));
        assert_eq!(resp(200, "nope").value(), Err(ApiError::Decode("not JSON at line 1, column 2".into())));
        assert!(matches!(resp(404, "").value(), Err(ApiError::NotFound(_))));
        let ok: Value = resp(200, r#"{"a": 1}"#).json().unwrap();
        assert_eq!(ok["a"], 1);
        assert!(matches!(resp(200, "nope").json::<Value>(), Err(ApiError::Decode(_))));
        assert!(matches!(resp(404, "").json::<Value>(), Err(ApiError::NotFound(_))));
    }

    #[test]
    fn urls_and_queries() {
        assert_eq!(join_url("http://h:8774/v2.1/", "/servers"), "http://h:8774/v2.1/servers");
        assert_eq!(
            query_string(&[("name", "web 1&".into()), ("status", String::new()), ("limit", "50".into())]),
            "?name=web%201%26&limit=50"
        );
        assert_eq!(query_string(&[("x", String::new())]), "");
    }

    #[test]
    fn query_params_are_found_and_decoded() {
        let next = "http://h/v2.1/servers/detail?limit=1&marker=f5dc173b&name=web%201";
        assert_eq!(query_param(next, "marker").as_deref(), Some("f5dc173b"));
        assert_eq!(query_param(next, "name").as_deref(), Some("web 1"));
        assert_eq!(query_param("/v2/images?name=a+b&marker=x#frag", "marker").as_deref(), Some("x"));
        assert_eq!(query_param("/v2/images?name=a+b", "name").as_deref(), Some("a b"));
        assert_eq!(query_param("/v2/images", "marker"), None);
        assert_eq!(decode_component("100%"), "100%");
    }

    #[test]
    fn headers_are_case_insensitive() {
        let r = Request::get("u").header("X-Auth-Token", "t");
        assert_eq!(r.header_value("x-auth-token"), Some("t"));
    }
}
