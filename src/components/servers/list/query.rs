//! The list's view in the URL: filters, sort and page are query parameters, so a link
//! reproduces the view.

use crate::api::query_string;
use crate::api::servers::{ListQuery, Server};

pub const PAGE_SIZES: [u32; 5] = [25, 50, 100, 200, 500];
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The list query a URL's parameters describe.
pub fn query_from_params(get: impl Fn(&str) -> Option<String>) -> ListQuery {
    let text = |k: &str| get(k).unwrap_or_default();
    let limit = get("limit").and_then(|l| l.parse().ok()).filter(|l| PAGE_SIZES.contains(l)).unwrap_or(DEFAULT_PAGE_SIZE);
    ListQuery {
        name: text("name"),
        status: text("status"),
        image: text("image"),
        flavor: text("flavor"),
        changes_since: text("changes-since"),
        sort_key: text("sort_key"),
        sort_dir: text("sort_dir"),
        limit: Some(limit),
        marker: text("marker"),
    }
}

/// The URL of a view.
pub fn url_for(q: &ListQuery) -> String {
    // The default page size is left out to keep links short.
    let default_limit = Some(DEFAULT_PAGE_SIZE.to_string());
    let params: Vec<_> = q.params().into_iter().filter(|(k, v)| !(*k == "limit" && Some(v) == default_limit.as_ref())).collect();
    format!("/servers{}", query_string(&params))
}

/// Does `server` match the quick filter (name, id, IP, key pair; case-insensitive)?
pub fn quick_match(server: &Server, needle: &str) -> bool {
    let needle = lower(needle.trim());
    needle.is_empty()
        || lower(&server.name).contains(&needle)
        || server.id.starts_with(&needle)
        || server.key_name.as_deref().is_some_and(|k| lower(k).contains(&needle))
        || server.addresses.values().flatten().any(|a| a.addr.contains(&needle))
}

/// `s` in lower case, by the Unicode rules either way: in the browser by its own
/// `toLowerCase`, since Rust's `to_lowercase` would bring core's case tables into the first
/// load (~1.5 KiB gzip, issue #12); natively (the tests) by Rust's.
fn lower(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(s).to_lower_case().into();
    #[cfg(not(target_arch = "wasm32"))]
    return s.to_lowercase();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn url_round_trips_the_view() {
        let q = ListQuery {
            name: "web-.*".into(),
            status: "ACTIVE".into(),
            sort_key: "display_name".into(),
            sort_dir: "asc".into(),
            limit: Some(100),
            marker: "abc".into(),
            ..Default::default()
        };
        let url = url_for(&q);
        assert_eq!(url, "/servers?name=web-.%2A&status=ACTIVE&sort_key=display_name&sort_dir=asc&limit=100&marker=abc");
        let params: BTreeMap<&str, String> = [
            ("name", "web-.*"),
            ("status", "ACTIVE"),
            ("sort_key", "display_name"),
            ("sort_dir", "asc"),
            ("limit", "100"),
            ("marker", "abc"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
        assert_eq!(query_from_params(|k| params.get(k).cloned()), q);
    }

    #[test]
    fn odd_page_sizes_fall_back_to_the_default() {
        let q = query_from_params(|k| (k == "limit").then(|| "7".to_string()));
        assert_eq!(q.limit, Some(DEFAULT_PAGE_SIZE));
        assert_eq!(url_for(&q), "/servers");
    }

    #[test]
    fn quick_filter_matches_name_id_ip_and_key() {
        let mut s = Server { id: "6a8c2f".into(), name: "Web-1".into(), key_name: Some("ops".into()), ..Default::default() };
        s.addresses.insert(
            "private".into(),
            vec![crate::api::servers::Address { addr: "10.0.0.5".into(), version: 4, kind: None, mac: None }],
        );
        for needle in ["web", "6a8c", "10.0.0.5", "OPS", ""] {
            assert!(quick_match(&s, needle), "{needle}");
        }
        assert!(!quick_match(&s, "db"));
    }
}
