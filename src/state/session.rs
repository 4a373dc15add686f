//! The logged-in session: token, expiry, catalog endpoints and the negotiated compute
//! microversion. It lives in sessionStorage only (never localStorage, cookies or URLs), so it
//! dies with the tab.

use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::api::fields::Fields;
use crate::api::identity::{self, Credentials, Token};
use crate::api::versions::{self, Microversion};
use crate::api::{ApiError, Request, Response, Service};
use crate::state::config::Cloud;
use crate::state::{storage, transport};

const STORAGE_KEY: &str = "nephele.session";

/// What errors call each service: words a user knows, and the name the cloud's docs use.
pub const IDENTITY: &str = "the identity API (Keystone)";
pub const COMPUTE: &str = "the compute API (Nova)";

/// The services a view calls after login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    Compute,
    Image,
    Network,
}

impl Api {
    /// What errors call it.
    pub fn name(self) -> &'static str {
        match self {
            Api::Compute => COMPUTE,
            Api::Image => "the image API (Glance)",
            Api::Network => "the network API (Neutron)",
        }
    }

    /// Its catalog type.
    fn catalog_type(self) -> &'static str {
        match self {
            Api::Compute => "compute",
            Api::Image => "image",
            Api::Network => "network",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub token: String,
    /// Seconds since the epoch, by the cloud's clock.
    pub expires_at: f64,
    /// The cloud's clock minus this browser's, in seconds: `changes-since` and the expiry
    /// countdown must be computed in the cloud's time.
    pub clock_offset: f64,
    pub user_name: String,
    pub user_id: String,
    pub project_name: String,
    pub project_id: String,
    pub roles: Vec<String>,
    pub cloud_name: String,
    pub auth_url: String,
    pub compute_url: String,
    pub image_url: Option<String>,
    pub network_url: Option<String>,
    pub microversion: Microversion,
}

impl Session {
    pub fn compute(&self) -> Service {
        self.service(&self.compute_url, Some(self.microversion))
    }

    /// `api`'s endpoint with this session's token, if the catalog lists it (Glance and
    /// Neutron are optional).
    pub fn endpoint(&self, api: Api) -> Option<Service> {
        match api {
            Api::Compute => Some(self.compute()),
            Api::Image => self.image_url.as_deref().map(|url| self.service(url, None)),
            Api::Network => self.network_url.as_deref().map(|url| self.service(url, None)),
        }
    }

    fn service(&self, endpoint: &str, microversion: Option<Microversion>) -> Service {
        Service { endpoint: endpoint.to_string(), token: self.token.clone(), microversion }
    }

    /// The cloud's time now, given this browser's.
    pub fn cloud_now(&self, local_now: f64) -> f64 {
        local_now + self.clock_offset
    }

    pub fn seconds_left(&self, local_now: f64) -> f64 {
        self.expires_at - self.cloud_now(local_now)
    }

    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == "admin")
    }

    /// The session as this tab's sessionStorage keeps it; `from_json` reads it back. By hand,
    /// not by serde's derive: the first load is smaller (docs/size.md).
    fn to_json(&self) -> Value {
        let text = |s: &str| Value::String(s.to_string());
        let optional = |s: &Option<String>| s.as_deref().map_or(Value::Null, text);
        let mut map = Map::new();
        for (key, value) in [
            ("token", text(&self.token)),
            ("expires_at", Value::from(self.expires_at)),
            ("clock_offset", Value::from(self.clock_offset)),
            ("user_name", text(&self.user_name)),
            ("user_id", text(&self.user_id)),
            ("project_name", text(&self.project_name)),
            ("project_id", text(&self.project_id)),
            ("roles", Value::Array(self.roles.iter().map(|r| text(r)).collect())),
            ("cloud_name", text(&self.cloud_name)),
            ("auth_url", text(&self.auth_url)),
            ("compute_url", text(&self.compute_url)),
            ("image_url", optional(&self.image_url)),
            ("network_url", optional(&self.network_url)),
            ("microversion", Value::String(self.microversion.to_string())),
        ] {
            map.insert(key.to_string(), value);
        }
        Value::Object(map)
    }

    /// `None` when something it needs is missing (e.g. stored by an older panel): log in again.
    fn from_json(value: &Value) -> Option<Session> {
        let f = Fields::of(value);
        Some(Session {
            token: f.opt_string("token")?,
            expires_at: f.get("expires_at").as_f64()?,
            clock_offset: f.get("clock_offset").as_f64()?,
            user_name: f.string("user_name"),
            user_id: f.string("user_id"),
            project_name: f.string("project_name"),
            project_id: f.string("project_id"),
            roles: f.strings("roles"),
            cloud_name: f.string("cloud_name"),
            auth_url: f.string("auth_url"),
            compute_url: f.opt_string("compute_url")?,
            image_url: f.opt_string("image_url"),
            network_url: f.opt_string("network_url"),
            microversion: Microversion::parse(&f.string("microversion"))?,
        })
    }
}

/// Why logging in failed, each with its own advice.
#[derive(Clone, Debug, PartialEq)]
pub enum LoginError {
    WrongCredentials { user: String, domain: String },
    NoAccessToProject { project: String, domain: String },
    ApplicationCredentialRejected,
    Unreachable(String),
    Cors(String),
    MissingService { service: &'static str, region: String, interface: String },
    Other(ApiError),
}

impl LoginError {
    pub fn plain_words(&self) -> String {
        match self {
            LoginError::WrongCredentials { user, domain } => {
                format!("The user name or password is wrong (user \"{user}\" in domain \"{domain}\").")
            }
            LoginError::NoAccessToProject { project, domain } => format!(
                "Your password is right, but project \"{project}\" in domain \"{domain}\" does not exist \
                 or you have no role in it."
            ),
            LoginError::ApplicationCredentialRejected => {
                "The application credential ID or secret is wrong, or the credential has expired.".into()
            }
            LoginError::Unreachable(url) => format!(
                "Cannot reach Keystone at {url}. Check the address in config.json and that the \
                 identity service is running."
            ),
            LoginError::Cors(url) => format!(
                "Keystone at {url} answered, but the browser blocked the reply: its CORS settings \
                 must allow this panel's address."
            ),
            LoginError::MissingService { service, region, interface } => format!(
                "Logged in, but the catalog has no {service} endpoint for region \"{region}\" and \
                 interface \"{interface}\"."
            ),
            LoginError::Other(e) => e.plain_words(),
        }
    }
}

impl From<ApiError> for LoginError {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Unreachable { url, .. } => LoginError::Unreachable(url),
            ApiError::Cors(url) => LoginError::Cors(url),
            // Login talks to Keystone, unless the error already names another service.
            e => LoginError::Other(e.for_service(IDENTITY)),
        }
    }
}

/// Keystone answers 401 both to a wrong password and to a project the user cannot use.
/// Whether the same password works unscoped tells which one it was.
pub fn diagnose_refusal(creds: &Credentials, unscoped_worked: Option<bool>) -> LoginError {
    match creds {
        Credentials::ApplicationCredential { .. } => LoginError::ApplicationCredentialRejected,
        Credentials::Password { project, project_domain, .. } if unscoped_worked == Some(true) => {
            LoginError::NoAccessToProject { project: project.clone(), domain: project_domain.clone() }
        }
        Credentials::Password { user, user_domain, .. } => {
            LoginError::WrongCredentials { user: user.clone(), domain: user_domain.clone() }
        }
    }
}

/// The session a token gives on `cloud`, with the clock offset measured around the request
/// (`sent_at`/`received_at` are this browser's clock, `issued_at` Keystone's).
pub fn session_from_token(
    token: Token,
    cloud: &Cloud,
    sent_at: f64,
    received_at: f64,
    microversion: Microversion,
) -> Result<Session, LoginError> {
    let find = |service: &'static str| {
        identity::endpoint_url(&token.catalog, service, &cloud.region, &cloud.interface)
            .map(|url| identity::map_endpoint(&url, &cloud.endpoint_map))
    };
    let compute_url = find("compute").ok_or_else(|| LoginError::MissingService {
        service: "compute",
        region: cloud.region.clone(),
        interface: cloud.interface.clone(),
    })?;
    let issued = crate::api::time::parse_rfc3339(&token.issued_at).unwrap_or((sent_at + received_at) / 2.0);
    let expires_at = token.expires_at_secs().ok_or_else(|| {
        LoginError::Other(ApiError::Decode(format!("unreadable token expiry \"{}\"", token.expires_at)))
    })?;
    let project = token.project.clone().unwrap_or(identity::Named { id: String::new(), name: String::new() });
    Ok(Session {
        expires_at,
        clock_offset: issued - (sent_at + received_at) / 2.0,
        user_name: token.user.name.clone(),
        user_id: token.user.id.clone(),
        project_name: project.name,
        project_id: project.id,
        roles: token.roles.clone(),
        cloud_name: cloud.name.clone(),
        auth_url: cloud.auth_url.clone(),
        image_url: find("image"),
        network_url: find("network"),
        compute_url,
        microversion,
        token: token.id,
    })
}

pub fn now_secs() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// Log in to `cloud`: issue a token, read the catalog, negotiate the compute microversion.
/// A password with a project is proven once without a scope, and that token is then scoped:
/// each wrong password costs one failure toward Keystone's lockout, and a refusal of the
/// second step means the project, not the password. The unscoped token is left to expire:
/// revoking it would revoke the scoped token made from it too.
pub async fn login(cloud: &Cloud, creds: &Credentials) -> Result<Session, LoginError> {
    let refused = |unscoped_worked| {
        move |e: ApiError| if e.is_unauthorized() { diagnose_refusal(creds, unscoped_worked) } else { e.into() }
    };
    let issue = |req: Request| async move {
        let sent_at = now_secs();
        let resp = transport::send(&req, None).await?;
        Ok::<_, ApiError>((sent_at, now_secs(), identity::parse_token(&resp)))
    };
    let (sent_at, received_at, token) = match (creds, creds.unscoped()) {
        (Credentials::Password { project, project_domain, .. }, Some(unscoped)) => {
            let (_, _, proven) = issue(identity::issue_token(&cloud.auth_url, &unscoped)).await?;
            let proven = proven.map_err(refused(Some(false)))?;
            let (sent_at, received_at, scoped) =
                issue(identity::scope_token(&cloud.auth_url, &proven.id, project, project_domain)).await?;
            (sent_at, received_at, scoped.map_err(refused(Some(true)))?)
        }
        _ => {
            let (sent_at, received_at, token) = issue(identity::issue_token(&cloud.auth_url, creds)).await?;
            (sent_at, received_at, token.map_err(refused(None))?)
        }
    };
    let token_id = token.id.clone();
    let result = async {
        let mut session = session_from_token(token, cloud, sent_at, received_at, versions::BASE)?;
        let discovery = transport::send(&versions::discover(&session.compute_url), None)
            .await
            .map_err(|e| e.for_service(COMPUTE))?;
        session.microversion =
            versions::negotiate(&versions::parse_discovery(&discovery).map_err(|e| e.for_service(COMPUTE))?);
        Ok(session)
    }
    .await;
    if result.is_err() {
        // The token is of no use; do not leave it valid behind us.
        let _ = transport::send(&identity::revoke_token(&cloud.auth_url, &token_id), None).await;
    }
    result
}

/// The session shared by every page, and what happens when it ends.
#[derive(Clone, Copy)]
pub struct Auth {
    pub session: RwSignal<Option<Session>>,
    /// Why the user was sent back to the login page, shown there.
    pub notice: RwSignal<Option<String>>,
    /// Nova's clock minus this browser's, from the `Date` of its latest answer.
    compute_offset: StoredValue<Option<f64>>,
}

impl Auth {
    /// The session saved in this tab, unless it has expired.
    pub fn restore() -> Self {
        let session = storage::get::<Value>(STORAGE_KEY)
            .and_then(|v| Session::from_json(&v))
            .filter(|s| s.seconds_left(now_secs()) > 0.0);
        if session.is_none() {
            storage::remove(STORAGE_KEY);
        }
        Auth { session: RwSignal::new(session), notice: RwSignal::new(None), compute_offset: StoredValue::new(None) }
    }

    pub fn start(&self, session: Session) {
        storage::set_value(STORAGE_KEY, &session.to_json());
        self.compute_offset.set_value(None);
        self.notice.set(None);
        self.session.set(Some(session));
    }

    /// End the session without asking Keystone (it already refused the token).
    pub fn expire(&self, why: &str) {
        storage::remove(STORAGE_KEY);
        self.notice.set(Some(why.to_string()));
        self.session.set(None);
    }

    /// Forget the session and the drafts in this tab, then revoke the token. Forgetting comes
    /// first: a Keystone that does not answer must not keep the user logged in.
    pub async fn logout(&self) {
        let ended = self.session.get_untracked();
        storage::remove(STORAGE_KEY);
        storage::remove_drafts();
        self.notice.set(Some("You have logged out.".into()));
        self.session.set(None);
        if let Some(s) = ended {
            let _ = transport::send(&identity::revoke_token(&s.auth_url, &s.token), None).await;
        }
    }

    /// Send an API request as this session; a 401 ends the session (the caller still gets
    /// the response to parse into `ApiError::Unauthorized`).
    pub async fn send(&self, req: &Request, signal: Option<&web_sys::AbortSignal>) -> Result<Response, ApiError> {
        let resp = transport::send(req, signal).await?;
        let current = self.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
        if resp.status == 401 && refusal_ends_session(req.header_value("X-Auth-Token"), current.as_deref()) {
            // Once the caller is done with this answer, not now: ending the session unmounts
            // the page that made the call, and a caller still running on a disposed page
            // panics ("a reactive value that has already been disposed").
            let auth = *self;
            leptos::task::spawn_local(async move {
                auth.expire("Your session has ended (the cloud no longer accepts its token). Log in again to continue where you were.");
            });
        }
        Ok(resp)
    }

    /// Build a request for `api`, send it and parse the answer. Nova's `Date` header keeps
    /// the compute clock (see `compute_time_at`).
    pub async fn call_with_signal<T>(
        &self,
        api: Api,
        build: impl FnOnce(&Service) -> Request,
        parse: impl FnOnce(&Response) -> Result<T, ApiError>,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<T, ApiError> {
        let svc = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.endpoint(api)))
            .ok_or_else(logged_out)?
            .ok_or_else(|| ApiError::NotFound(format!("the catalog lists no {} service", api.catalog_type())))?;
        let resp = self.send(&build(&svc), signal).await.map_err(|e| e.for_service(api.name()))?;
        if api == Api::Compute {
            if let Some(offset) = resp.header("Date").and_then(|d| clock_offset_from_date(d, now_secs())) {
                self.compute_offset.set_value(Some(offset));
            }
        }
        parse(&resp).map_err(|e| e.for_service(api.name()))
    }

    /// Nova's time at `local` (this browser's clock): by the `Date` of Nova's latest answer
    /// when it sends one, else by Keystone's clock measured at login. `changes-since` is
    /// asked in this time, so a browser clock that jumps (sleep, NTP) or a Nova on another
    /// host than Keystone does not blind the poller.
    pub fn compute_time_at(&self, local: f64) -> f64 {
        let offset = self.compute_offset.get_value();
        offset.map_or_else(|| self.session.with_untracked(|s| s.as_ref().map_or(local, |s| s.cloud_now(local))), |o| {
            local + o
        })
    }

    /// The cloud's time now (for `changes-since` and ages).
    pub fn cloud_now(&self) -> f64 {
        self.session.with_untracked(|s| s.as_ref().map_or(now_secs(), |s| s.cloud_now(now_secs())))
    }

    pub fn microversion(&self) -> Microversion {
        self.session.with(|s| s.as_ref().map_or(versions::BASE, |s| s.microversion))
    }
}

/// A 401 ends the session only if it refused the session's own token: an answer to a call
/// made with an older token (sent before the user logged in again) must not end the new one.
pub fn refusal_ends_session(sent_token: Option<&str>, current_token: Option<&str>) -> bool {
    current_token.is_some() && sent_token == current_token
}

/// The service's clock minus this browser's, from a response's `Date` header received at
/// `received_at` (local). `Date` is cut to the second: the middle of that second is the best
/// guess.
pub fn clock_offset_from_date(date: &str, received_at: f64) -> Option<f64> {
    crate::api::time::parse_http_date(date).map(|t| t + 0.5 - received_at)
}

fn logged_out() -> ApiError {
    ApiError::Unauthorized("you are logged out".into())
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::identity::{CatalogEntry, Endpoint, Named};

    fn cloud() -> Cloud {
        Cloud {
            name: "default".into(),
            auth_url: "/identity/v3".into(),
            region: "RegionOne".into(),
            interface: "public".into(),
            user_domain: "Default".into(),
            project_domain: "Default".into(),
            endpoint_map: vec![("http://127.0.0.1:8774".into(), "/compute".into())],
        }
    }

    fn entry(service_type: &str, url: &str) -> CatalogEntry {
        CatalogEntry {
            service_type: service_type.into(),
            name: service_type.into(),
            endpoints: vec![Endpoint {
                interface: "public".into(),
                region: Some("RegionOne".into()),
                region_id: Some("RegionOne".into()),
                url: url.into(),
            }],
        }
    }

    fn token(catalog: Vec<CatalogEntry>) -> Token {
        Token {
            id: "tok".into(),
            expires_at: "2026-11-23T22:36:00Z".into(),
            issued_at: "2026-11-23T21:36:10Z".into(),
            user: Named { id: "u1".into(), name: "demo".into() },
            project: Some(Named { id: "p1".into(), name: "demo".into() }),
            roles: vec!["member".into()],
            catalog,
        }
    }

    #[test]
    fn session_maps_endpoints_and_measures_clock_offset() {
        let catalog = vec![entry("compute", "http://127.0.0.1:8774/v2.1"), entry("image", "http://127.0.0.1:9292")];
        let issued = crate::api::time::parse_rfc3339("2026-11-23T21:36:10Z").unwrap();
        // The browser's clock runs 10 s behind the cloud's.
        let s = session_from_token(token(catalog), &cloud(), issued - 11.0, issued - 9.0, Microversion::new(2, 96))
            .unwrap();
        assert_eq!(s.compute_url, "/compute/v2.1");
        assert_eq!(s.image_url.as_deref(), Some("http://127.0.0.1:9292"));
        assert_eq!(s.network_url, None);
        assert_eq!(s.clock_offset, 10.0);
        assert_eq!(s.seconds_left(issued - 10.0), 3590.0);
        let svc = s.compute();
        assert_eq!(svc.microversion, Some(Microversion::new(2, 96)));
        assert_eq!(svc.token, "tok");
        assert!(s.endpoint(Api::Image).unwrap().microversion.is_none());
        assert!(s.endpoint(Api::Network).is_none());
        assert!(!s.is_admin());
    }

    #[test]
    fn a_stored_session_reads_back_the_same() {
        let catalog = vec![entry("compute", "http://127.0.0.1:8774/v2.1"), entry("network", "http://127.0.0.1:9696")];
        let mut s = session_from_token(token(catalog), &cloud(), 1.5, 2.25, Microversion::new(2, 96)).unwrap();
        s.roles.push("admin".into());
        let stored = crate::api::json::to_string(&s.to_json());
        assert_eq!(Session::from_json(&serde_json::from_str(&stored).unwrap()), Some(s.clone()));
        // what an older panel stored, or anything else without a token or microversion: log in again
        let mut older = s.to_json();
        older["microversion"] = serde_json::json!({ "major": 2, "minor": 96 });
        assert_eq!(Session::from_json(&older), None);
        assert_eq!(Session::from_json(&serde_json::json!({})), None);
    }

    #[test]
    fn only_a_refusal_of_the_current_token_ends_the_session() {
        assert!(refusal_ends_session(Some("new"), Some("new")));
        assert!(!refusal_ends_session(Some("old"), Some("new")), "a late 401 for the previous session");
        assert!(!refusal_ends_session(Some("old"), None), "already logged out");
        assert!(!refusal_ends_session(None, Some("new")));
    }

    #[test]
    fn nova_date_header_gives_the_clock_offset() {
        let date = crate::api::time::parse_http_date("Thu, 03 Dec 2026 08:27:19 GMT").unwrap();
        // This browser runs 10 minutes fast.
        assert_eq!(clock_offset_from_date("Thu, 03 Dec 2026 08:27:19 GMT", date + 600.5), Some(-600.0));
        assert_eq!(clock_offset_from_date("yesterday", date), None);
    }

    #[test]
    fn catalog_without_compute_is_refused() {
        let err = session_from_token(token(vec![]), &cloud(), 0.0, 0.0, versions::BASE).unwrap_err();
        assert!(err.plain_words().contains("no compute endpoint for region \"RegionOne\""));
    }

    #[test]
    fn refusals_are_told_apart() {
        let creds = Credentials::Password {
            user: "demo".into(),
            password: "x".into(),
            user_domain: "Default".into(),
            project: "nope".into(),
            project_domain: "Default".into(),
        };
        assert!(matches!(diagnose_refusal(&creds, Some(false)), LoginError::WrongCredentials { .. }));
        let e = diagnose_refusal(&creds, Some(true));
        assert!(e.plain_words().contains("project \"nope\""));
        let app = Credentials::ApplicationCredential { id: "a".into(), secret: "b".into() };
        assert_eq!(diagnose_refusal(&app, None), LoginError::ApplicationCredentialRejected);
        assert_ne!(
            LoginError::Unreachable("http://k".into()).plain_words(),
            LoginError::Cors("http://k".into()).plain_words()
        );
    }
}
