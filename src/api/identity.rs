//! Keystone v3 `/v3/auth/tokens`: log in (password or application credential), read the
//! token, its expiry and the service catalog, and revoke it at logout.

use serde_json::{json, Value};

use super::fields::Fields;
use super::json;
use super::{join_url, time, ApiError, Request, Response};

/// What the user typed to log in.
#[derive(Clone, Debug, PartialEq)]
pub enum Credentials {
    Password {
        user: String,
        password: String,
        user_domain: String,
        /// Empty: an unscoped token (used to tell a bad project from a bad password).
        project: String,
        project_domain: String,
    },
    ApplicationCredential { id: String, secret: String },
}

impl Credentials {
    /// The same password login without a project scope, or `None` when there is no scope.
    pub fn unscoped(&self) -> Option<Credentials> {
        match self {
            Credentials::Password { project, .. } if project.is_empty() => None,
            Credentials::Password { user, password, user_domain, .. } => Some(Credentials::Password {
                user: user.clone(),
                password: password.clone(),
                user_domain: user_domain.clone(),
                project: String::new(),
                project_domain: String::new(),
            }),
            Credentials::ApplicationCredential { .. } => None,
        }
    }
}

/// `POST /v3/auth/tokens`. `auth_url` is the Keystone v3 root, e.g. `http://host:5000/v3`.
pub fn issue_token(auth_url: &str, creds: &Credentials) -> Request {
    let auth = match creds {
        Credentials::Password { user, password, user_domain, project, project_domain } => {
            let mut auth = json!({
                "identity": {
                    "methods": ["password"],
                    "password": {"user": {"name": user, "domain": {"name": user_domain}, "password": password}}
                }
            });
            if !project.is_empty() {
                auth["scope"] = json!({"project": {"name": project, "domain": {"name": project_domain}}});
            }
            auth
        }
        // An application credential carries its own project scope.
        Credentials::ApplicationCredential { id, secret } => json!({
            "identity": {
                "methods": ["application_credential"],
                "application_credential": {"id": id, "secret": secret}
            }
        }),
    };
    Request::post(join_url(auth_url, "auth/tokens"), json::object("auth", auth))
}

/// `POST /v3/auth/tokens` with the `token` method: a token scoped to `project` for the user
/// an (unscoped) `token` proves. Login proves the password once, unscoped, then scopes that
/// token, so a wrong password counts only once toward Keystone's lockout.
pub fn scope_token(auth_url: &str, token: &str, project: &str, project_domain: &str) -> Request {
    let auth = json!({
        "identity": {"methods": ["token"], "token": {"id": token}},
        "scope": {"project": {"name": project, "domain": {"name": project_domain}}}
    });
    Request::post(join_url(auth_url, "auth/tokens"), json::object("auth", auth))
}

/// `DELETE /v3/auth/tokens`: revoke `token` (it authenticates its own revocation).
pub fn revoke_token(auth_url: &str, token: &str) -> Request {
    Request::delete(join_url(auth_url, "auth/tokens"))
        .header("X-Auth-Token", token)
        .header("X-Subject-Token", token)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub interface: String,
    pub region: Option<String>,
    pub region_id: Option<String>,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CatalogEntry {
    pub service_type: String,
    pub name: String,
    pub endpoints: Vec<Endpoint>,
}

impl Named {
    fn from_json(value: &Value) -> Named {
        let f = Fields::of(value);
        Named { id: f.string("id"), name: f.string("name") }
    }
}

impl CatalogEntry {
    fn from_json(value: &Value) -> CatalogEntry {
        let f = Fields::of(value);
        CatalogEntry {
            service_type: f.string("type"),
            name: f.string("name"),
            endpoints: f.list("endpoints", |e| {
                let e = Fields::of(e);
                Endpoint {
                    interface: e.string("interface"),
                    region: e.opt_string("region"),
                    region_id: e.opt_string("region_id"),
                    url: e.string("url"),
                }
            }),
        }
    }
}

/// An issued token and what came with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub id: String,
    pub expires_at: String,
    pub issued_at: String,
    pub user: Named,
    pub project: Option<Named>,
    pub roles: Vec<String>,
    pub catalog: Vec<CatalogEntry>,
}

impl Token {
    /// Seconds since the epoch at which Keystone stops accepting the token.
    pub fn expires_at_secs(&self) -> Option<f64> {
        time::parse_rfc3339(&self.expires_at)
    }
}

/// The answer to `issue_token`: the token id is the `X-Subject-Token` header, the rest the body.
pub fn parse_token(resp: &Response) -> Result<Token, ApiError> {
    // Read by hand like a server (see `api::fields`): this is on the first load.
    let body = resp.value()?;
    let t = Fields::of(&body).object("token");
    let expires_at = t.string("expires_at");
    let Some(user) = t.opt_object("user").filter(|_| !expires_at.is_empty()) else {
        return Err(ApiError::Decode("Keystone's answer has no token".into()));
    };
    let id = resp
        .header("X-Subject-Token")
        .ok_or_else(|| {
            ApiError::Decode(
                "Keystone issued a token but its X-Subject-Token header was not readable \
                 (CORS must expose it)"
                    .into(),
            )
        })?
        .to_string();
    Ok(Token {
        id,
        expires_at,
        issued_at: t.string("issued_at"),
        user: Named::from_json(user),
        project: t.opt_object("project").map(Named::from_json),
        roles: t.list("roles", |r| Fields::of(r).string("name")),
        catalog: t.list("catalog", CatalogEntry::from_json),
    })
}

/// The catalog URL of `service_type` for `interface` in `region` (any region when empty).
pub fn endpoint_url(catalog: &[CatalogEntry], service_type: &str, region: &str, interface: &str) -> Option<String> {
    catalog
        .iter()
        .filter(|s| s.service_type == service_type)
        .flat_map(|s| s.endpoints.iter())
        .find(|e| {
            e.interface == interface
                && (region.is_empty()
                    || e.region_id.as_deref() == Some(region)
                    || e.region.as_deref() == Some(region))
        })
        .map(|e| e.url.clone())
}

/// The regions the catalog names, for the login form's region choice.
pub fn regions(catalog: &[CatalogEntry]) -> Vec<String> {
    let mut out: Vec<String> = catalog
        .iter()
        .flat_map(|s| s.endpoints.iter())
        .filter_map(|e| e.region_id.clone().or_else(|| e.region.clone()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Rewrite a catalog URL through a same-origin proxy: with `{"http://host:8774": "/compute"}`,
/// `http://host:8774/v2.1` becomes `/compute/v2.1`. The catalog lists the services' own
/// ports; a deployment that proxies them under the panel's origin maps them here.
pub fn map_endpoint(url: &str, endpoint_map: &[(String, String)]) -> String {
    for (from, to) in endpoint_map {
        let from = from.trim_end_matches('/');
        if let Some(rest) = url.strip_prefix(from) {
            if rest.is_empty() || rest.starts_with('/') {
                return format!("{}{}", to.trim_end_matches('/'), rest);
            }
        }
    }
    url.to_string()
}

/// Keystone's JSON home is not needed: any JSON from the root proves it is Keystone.
pub fn looks_like_keystone(body: &str) -> bool {
    serde_json::from_str::<Value>(body).is_ok_and(|v| v.get("version").is_some() || v.get("versions").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN_BODY: &str = include_str!("../../tests/fixtures/keystone/token-password-scoped.json");

    fn password(project: &str) -> Credentials {
        Credentials::Password {
            user: "demo".into(),
            password: "s3cret".into(),
            user_domain: "Default".into(),
            project: project.into(),
            project_domain: "Default".into(),
        }
    }

    #[test]
    fn password_login_is_project_scoped() {
        let req = issue_token("http://127.0.0.1:5000/v3/", &password("demo"));
        assert_eq!(req.url, "http://127.0.0.1:5000/v3/auth/tokens");
        assert_eq!(req.method, super::super::Method::Post);
        let b = req.body.unwrap();
        assert_eq!(b["auth"]["identity"]["methods"], json!(["password"]));
        assert_eq!(b["auth"]["identity"]["password"]["user"]["name"], "demo");
        assert_eq!(b["auth"]["identity"]["password"]["user"]["domain"]["name"], "Default");
        assert_eq!(b["auth"]["identity"]["password"]["user"]["password"], "s3cret");
        assert_eq!(b["auth"]["scope"]["project"]["name"], "demo");
        assert_eq!(b["auth"]["scope"]["project"]["domain"]["name"], "Default");
    }

    #[test]
    fn unscoped_drops_only_the_scope() {
        let creds = password("demo").unscoped().unwrap();
        let b = issue_token("http://k/v3", &creds).body.unwrap();
        assert!(b["auth"].get("scope").is_none());
        assert_eq!(b["auth"]["identity"]["password"]["user"]["password"], "s3cret");
        assert_eq!(password("").unscoped(), None);
    }

    #[test]
    fn a_proven_token_is_scoped_without_the_password() {
        let req = scope_token("http://k/v3/", "gAAAAunscoped", "demo", "Default");
        assert_eq!(req.url, "http://k/v3/auth/tokens");
        let b = req.body.unwrap();
        assert_eq!(b["auth"]["identity"]["methods"], json!(["token"]));
        assert_eq!(b["auth"]["identity"]["token"]["id"], "gAAAAunscoped");
        assert!(b["auth"]["identity"].get("password").is_none());
        assert_eq!(b["auth"]["scope"]["project"]["name"], "demo");
        assert_eq!(b["auth"]["scope"]["project"]["domain"]["name"], "Default");
    }

    #[test]
    fn application_credential_login() {
        let creds = Credentials::ApplicationCredential { id: "423f19a4".into(), secret: "rEaqvJka".into() };
        let b = issue_token("http://k/v3", &creds).body.unwrap();
        assert_eq!(b["auth"]["identity"]["methods"], json!(["application_credential"]));
        assert_eq!(b["auth"]["identity"]["application_credential"]["id"], "423f19a4");
        assert_eq!(b["auth"]["identity"]["application_credential"]["secret"], "rEaqvJka");
        assert!(b["auth"].get("scope").is_none());
    }

    #[test]
    fn token_is_read_from_header_and_body() {
        let resp = Response {
            status: 201,
            headers: vec![("x-subject-token".into(), "gAAAAABtoken".into())],
            body: TOKEN_BODY.into(),
        };
        let t = parse_token(&resp).unwrap();
        assert_eq!(t.id, "gAAAAABtoken");
        assert_eq!(t.expires_at, "2015-11-07T02:58:43.578887Z");
        assert!((t.expires_at_secs().unwrap() - 1446865123.578887).abs() < 1e-3);
        assert_eq!(t.user.name, "admin");
        assert_eq!(t.project.as_ref().unwrap().name, "admin");
        assert_eq!(t.roles, vec!["admin".to_string()]);
        assert_eq!(
            endpoint_url(&t.catalog, "compute", "RegionOne", "public").as_deref(),
            Some("http://23.253.248.171:8774/v2.1/a6944d763bf64ee6a275f1263fae0352")
        );
        assert_eq!(endpoint_url(&t.catalog, "image", "RegionOne", "public").as_deref(), Some("http://23.253.248.171:9292"));
        assert_eq!(
            endpoint_url(&t.catalog, "identity", "", "internal").as_deref(),
            Some("http://23.253.248.171:5000/v2.0")
        );
        assert_eq!(endpoint_url(&t.catalog, "compute", "Elsewhere", "public"), None);
        assert_eq!(regions(&t.catalog), vec!["RegionOne".to_string()]);
    }

    #[test]
    fn token_without_readable_header_is_a_cors_hint() {
        let resp = Response { status: 201, headers: vec![], body: TOKEN_BODY.into() };
        match parse_token(&resp) {
            Err(ApiError::Decode(m)) => assert!(m.contains("X-Subject-Token")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_password_is_unauthorized() {
        let resp = Response {
            status: 401,
            headers: vec![],
            body: r#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#.into(),
        };
        assert!(parse_token(&resp).unwrap_err().is_unauthorized());
    }

    #[test]
    fn revoke_sends_the_token_twice() {
        let req = revoke_token("http://k/v3", "tok");
        assert_eq!(req.method, super::super::Method::Delete);
        assert_eq!(req.header_value("X-Auth-Token"), Some("tok"));
        assert_eq!(req.header_value("X-Subject-Token"), Some("tok"));
    }

    #[test]
    fn endpoints_map_onto_same_origin_prefixes() {
        let map = vec![
            ("http://127.0.0.1:8774".to_string(), "/compute".to_string()),
            ("http://127.0.0.1:5000/".to_string(), "/identity/".to_string()),
        ];
        assert_eq!(map_endpoint("http://127.0.0.1:8774/v2.1", &map), "/compute/v2.1");
        assert_eq!(map_endpoint("http://127.0.0.1:5000", &map), "/identity");
        // A longer port that merely starts the same is not the same service.
        assert_eq!(map_endpoint("http://127.0.0.1:87745/x", &map), "http://127.0.0.1:87745/x");
        assert_eq!(map_endpoint("http://127.0.0.1:9292", &map), "http://127.0.0.1:9292");
    }

    #[test]
    fn recognises_keystone_root() {
        assert!(looks_like_keystone(r#"{"version": {"id": "v3.14", "status": "stable"}}"#));
        assert!(!looks_like_keystone("<html>"));
    }
}
