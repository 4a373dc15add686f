//! `config.json`, fetched at start so one build serves any cloud. Parsing is pure and tested
//! natively; the fetch is in `load`.

use serde_json::{Map, Value};

/// One cloud the panel can log in to.
#[derive(Clone, Debug, PartialEq)]
pub struct Cloud {
    pub name: String,
    /// Keystone v3 root, e.g. `https://cloud.example.com:5000/v3` or `/identity/v3`.
    pub auth_url: String,
    /// Catalog region; empty takes the first the catalog offers.
    pub region: String,
    /// Catalog interface: `public` unless the panel runs inside the cloud's network.
    pub interface: String,
    pub user_domain: String,
    pub project_domain: String,
    /// Catalog URL prefix -> same-origin prefix, for a web server that proxies the services.
    pub endpoint_map: Vec<(String, String)>,
}

/// How often the server list asks Nova for changes, in seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PollTiming {
    /// While a server is changing state.
    pub fast: f64,
    /// While everything is steady.
    pub slow: f64,
    /// A full reload now and then corrects any drift the incremental polls missed.
    pub full_reload: f64,
}

impl Default for PollTiming {
    fn default() -> Self {
        PollTiming { fast: 2.5, slow: 30.0, full_reload: 300.0 }
    }
}

/// How long any API call may go without a reply before the panel says the service is not
/// answering, unless `config.json` sets `requestTimeoutSeconds`.
pub const DEFAULT_REQUEST_TIMEOUT_SECS: f64 = 30.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub clouds: Vec<Cloud>,
    pub poll: PollTiming,
    /// The deadline of every API call, in seconds.
    pub request_timeout: f64,
}

/// One cloud's keys as written: at the top level (the default cloud) or in `clouds`.
#[derive(Default)]
struct RawCloud {
    name: Option<String>,
    auth_url: Option<String>,
    region: Option<String>,
    interface: Option<String>,
    user_domain: Option<String>,
    project_domain: Option<String>,
    endpoint_map: Option<Vec<(String, String)>>,
}

const CLOUD_KEYS: [&str; 6] = ["authUrl", "region", "interface", "userDomain", "projectDomain", "endpointMap"];
const TOP_KEYS: [&str; 5] = ["clouds", "pollFastSeconds", "pollSlowSeconds", "fullReloadSeconds", "requestTimeoutSeconds"];

/// The keys of one JSON object, read strictly: a key outside the known ones (`only`) or a
/// value of the wrong type is an error naming it, so a misspelt key is reported rather than
/// silently ignored. Unlike `api::fields`, which reads what a service sent leniently. By hand,
/// not by serde's derive: config.json is parsed on every first load (issue #12).
struct Keys<'a>(&'a Map<String, Value>);

impl<'a> Keys<'a> {
    fn of(value: &'a Value, what: &str) -> Result<Self, String> {
        value.as_object().map(Keys).ok_or_else(|| format!("{what} must be an object"))
    }

    /// Every key is one of `known`.
    fn only(&self, known: &[&str]) -> Result<(), String> {
        match self.0.keys().find(|k| !known.contains(&k.as_str())) {
            Some(k) => Err(format!("unknown field \"{k}\", expected one of {}", known.join(", "))),
            None => Ok(()),
        }
    }

    /// Absent or null is `None`.
    fn value(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    fn string(&self, key: &str) -> Result<Option<String>, String> {
        self.value(key)
            .map(|v| v.as_str().map(str::to_string).ok_or_else(|| format!("\"{key}\" must be a string")))
            .transpose()
    }

    fn number(&self, key: &str) -> Result<Option<f64>, String> {
        self.value(key).map(|v| v.as_f64().ok_or_else(|| format!("\"{key}\" must be a number"))).transpose()
    }

    fn cloud(&self, name: Option<String>) -> Result<RawCloud, String> {
        let endpoint_map = match self.value("endpointMap") {
            None => None,
            Some(map) => {
                let mut pairs = Vec::new();
                for (from, to) in Keys::of(map, "\"endpointMap\"")?.0 {
                    let to = to.as_str().ok_or_else(|| format!("\"endpointMap\" entry \"{from}\" must be a string"))?;
                    pairs.push((from.clone(), to.to_string()));
                }
                Some(pairs)
            }
        };
        Ok(RawCloud {
            name,
            auth_url: self.string("authUrl")?,
            region: self.string("region")?,
            interface: self.string("interface")?,
            user_domain: self.string("userDomain")?,
            project_domain: self.string("projectDomain")?,
            endpoint_map,
        })
    }
}

/// Parse `config.json`. Top-level keys describe the default cloud; `clouds` adds named ones
/// whose missing keys fall back to the top level. Errors are sentences for the setup page.
pub fn parse(text: &str) -> Result<Config, String> {
    let invalid = |e: String| format!("config.json is not valid: {e}");
    let json = crate::api::json::parse(text).map_err(invalid)?;
    let raw = Keys::of(&json, "the whole file").map_err(invalid)?;
    raw.only(&[CLOUD_KEYS.as_slice(), TOP_KEYS.as_slice()].concat()).map_err(invalid)?;
    let top = raw.cloud(None).map_err(invalid)?;
    let mut named = Vec::new();
    if let Some(list) = raw.value("clouds") {
        let list = list.as_array().ok_or_else(|| invalid("\"clouds\" must be a list".into()))?;
        for (i, c) in list.iter().enumerate() {
            let keys = Keys::of(c, &format!("cloud {}", i + 1)).map_err(invalid)?;
            keys.only(&[["name"].as_slice(), CLOUD_KEYS.as_slice()].concat()).map_err(invalid)?;
            named.push(keys.cloud(keys.string("name").map_err(invalid)?).map_err(invalid)?);
        }
    }
    let number = |key: &str| raw.number(key).map_err(invalid);
    let (fast, slow, full_reload, timeout) = (
        number("pollFastSeconds")?,
        number("pollSlowSeconds")?,
        number("fullReloadSeconds")?,
        number("requestTimeoutSeconds")?,
    );

    let fallback = |v: Option<String>, top: &Option<String>, default: &str| {
        v.or_else(|| top.clone()).unwrap_or_else(|| default.to_string())
    };
    let make = |name: String, c: RawCloud| -> Result<Cloud, String> {
        let auth_url = c
            .auth_url
            .or_else(|| top.auth_url.clone())
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| format!("cloud \"{name}\" has no authUrl (the Keystone v3 address)"))?;
        let mut endpoint_map = c.endpoint_map.or_else(|| top.endpoint_map.clone()).unwrap_or_default();
        // By key, whatever order serde_json's map keeps (a dependency may turn on its
        // `preserve_order`).
        endpoint_map.sort();
        Ok(Cloud {
            auth_url: auth_url.trim_end_matches('/').to_string(),
            region: fallback(c.region, &top.region, ""),
            interface: fallback(c.interface, &top.interface, "public"),
            user_domain: fallback(c.user_domain, &top.user_domain, "Default"),
            project_domain: fallback(c.project_domain, &top.project_domain, "Default"),
            endpoint_map,
            name,
        })
    };
    let mut clouds = Vec::new();
    if top.auth_url.is_some() {
        clouds.push(make("default".into(), RawCloud::default())?);
    }
    for (i, c) in named.into_iter().enumerate() {
        let name = c.name.clone().unwrap_or_else(|| format!("cloud {}", i + 1));
        clouds.push(make(name, c)?);
    }
    if clouds.is_empty() {
        return Err("config.json names no cloud: set \"authUrl\" to your Keystone v3 address".into());
    }
    let d = PollTiming::default();
    let positive = |v: Option<f64>, default: f64| v.filter(|s| *s > 0.0).unwrap_or(default);
    Ok(Config {
        clouds,
        poll: PollTiming { fast: positive(fast, d.fast), slow: positive(slow, d.slow), full_reload: positive(full_reload, d.full_reload) },
        request_timeout: positive(timeout, DEFAULT_REQUEST_TIMEOUT_SECS),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse(r#"{"authUrl": "http://127.0.0.1:5000/v3/"}"#).unwrap();
        assert_eq!(c.clouds.len(), 1);
        let cloud = &c.clouds[0];
        assert_eq!(cloud.auth_url, "http://127.0.0.1:5000/v3");
        assert_eq!(cloud.interface, "public");
        assert_eq!(cloud.user_domain, "Default");
        assert_eq!(cloud.region, "");
        assert_eq!(c.poll, PollTiming::default());
        assert_eq!(c.request_timeout, 30.0);
    }

    #[test]
    fn request_timeout_is_configurable_and_positive() {
        let c = parse(r#"{"authUrl": "/identity/v3", "requestTimeoutSeconds": 4}"#).unwrap();
        assert_eq!(c.request_timeout, 4.0);
        let c = parse(r#"{"authUrl": "/identity/v3", "requestTimeoutSeconds": 0}"#).unwrap();
        assert_eq!(c.request_timeout, DEFAULT_REQUEST_TIMEOUT_SECS);
    }

    #[test]
    fn named_clouds_inherit_top_level_keys() {
        let c = parse(
            r#"{"authUrl": "/identity/v3", "region": "RegionOne",
                "endpointMap": {"http://127.0.0.1:8774": "/compute"},
                "clouds": [{"name": "lab", "authUrl": "https://lab:5000/v3", "projectDomain": "lab"}],
                "pollSlowSeconds": 10}"#,
        )
        .unwrap();
        assert_eq!(c.clouds.len(), 2);
        assert_eq!(c.clouds[0].endpoint_map, vec![("http://127.0.0.1:8774".to_string(), "/compute".to_string())]);
        let lab = &c.clouds[1];
        assert_eq!((lab.name.as_str(), lab.region.as_str(), lab.project_domain.as_str()), ("lab", "RegionOne", "lab"));
        assert_eq!(c.poll.slow, 10.0);
        assert_eq!(c.poll.fast, 2.5);
    }

    #[test]
    fn bad_configs_say_what_is_wrong() {
        assert!(parse("{").unwrap_err().starts_with("config.json is not valid"));
        assert!(parse("{}").unwrap_err().contains("authUrl"));
        assert!(parse(r#"{"authURL": "x"}"#).unwrap_err().contains("unknown field \"authURL\", expected one of authUrl,"));
        assert!(parse(r#"{"clouds": [{"name": "a", "authUrl": "x", "pollSlowSeconds": 3}]}"#).unwrap_err().contains("unknown field \"pollSlowSeconds\""));
        assert_eq!(parse(r#"{"authUrl": 5}"#).unwrap_err(), "config.json is not valid: \"authUrl\" must be a string");
        assert_eq!(parse(r#"{"authUrl": "x", "pollFastSeconds": "2"}"#).unwrap_err(), "config.json is not valid: \"pollFastSeconds\" must be a number");
        assert_eq!(parse(r#"{"authUrl": "x", "endpointMap": {"a": 1}}"#).unwrap_err(), "config.json is not valid: \"endpointMap\" entry \"a\" must be a string");
        assert_eq!(parse(r#"{"authUrl": "x", "clouds": {}}"#).unwrap_err(), "config.json is not valid: \"clouds\" must be a list");
        assert_eq!(parse("[]").unwrap_err(), "config.json is not valid: the whole file must be an object");
        assert!(parse(r#"{"clouds": [{"name": "a"}]}"#).unwrap_err().contains("cloud \"a\" has no authUrl"));
    }
}
