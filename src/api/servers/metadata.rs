//! A server's metadata, `/servers/{id}/metadata`: show it, merge keys in (`POST`), replace
//! the whole set (`PUT`), delete one key (`DELETE …/{key}`), the fewest calls that apply a
//! [`Diff`], and Nova's 409 (locked, or busy with a task) in words.

use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

use super::urls;
use crate::api::metadata::Diff;
use crate::api::{ApiError, Request, Response, Service};

pub fn get(svc: &Service, id: &str) -> Request {
    svc.get(&urls::metadata(id))
}

/// The `{"metadata": {...}}` every metadata call but DELETE answers with.
pub fn parse(resp: &Response) -> Result<BTreeMap<String, String>, ApiError> {
    #[derive(Deserialize)]
    struct Body {
        metadata: BTreeMap<String, String>,
    }
    Ok(resp.json::<Body>()?.metadata)
}

/// `POST`: set these keys, keep the others.
pub fn merge(svc: &Service, id: &str, items: &BTreeMap<String, String>) -> Request {
    svc.post(&urls::metadata(id), json!({ "metadata": items }))
}

/// `PUT`: the server's metadata becomes exactly `items`.
pub fn replace(svc: &Service, id: &str, items: &BTreeMap<String, String>) -> Request {
    svc.put(&urls::metadata(id), json!({ "metadata": items }))
}

/// `DELETE` one key (Nova answers 204).
pub fn delete_item(svc: &Service, id: &str, key: &str) -> Request {
    svc.delete(&urls::metadata_item(id, key))
}

/// The fewest calls that apply `diff`: one merge for added and changed keys, then one delete
/// per removed key (Nova has no call that removes several).
pub fn plan(svc: &Service, id: &str, diff: &Diff) -> Vec<Request> {
    let upserts = diff.upserts();
    let merge = (!upserts.is_empty()).then(|| merge(svc, id, &upserts));
    merge.into_iter().chain(diff.removed.keys().map(|key| delete_item(svc, id, key))).collect()
}

/// Nova refuses metadata changes with 409 while the server is locked or in a task
/// (`compute/api.py` `update_instance_metadata`: `check_instance_lock`, `task_state=None`).
pub fn conflict_words(error: &ApiError) -> Option<String> {
    let ApiError::Conflict(message) = error else { return None };
    Some(if message.ends_with("is locked") {
        "The server is locked, so its metadata cannot change. Unlock it (or ask who locked it), then retry; \
         your edits are kept."
            .to_string()
    } else if let Some((_, state)) = message.split_once(" while it is in ") {
        format!("The server is busy ({state}); retry when it has settled. Your edits are kept.")
    } else {
        format!("Nova refused the change in the server's current state: {message} Your edits are kept.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::metadata::diff;
    use crate::api::test_support::{nova_latest as svc, ok, resp};
    use crate::api::Method;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn reads_novas_sample() {
        // doc/api_samples/server-metadata/server-metadata-all-resp.json
        let body = r#"{"metadata": {"foo": "Foo Value"}}"#;
        assert_eq!(parse(&ok(body)).unwrap(), map(&[("foo", "Foo Value")]));
        let req = get(&svc(), "abc");
        assert_eq!((req.method, req.url.as_str()), (Method::Get, "http://127.0.0.1:8774/v2.1/servers/abc/metadata"));
    }

    #[test]
    fn merge_and_replace_send_the_set() {
        let items = map(&[("foo", "Foo Value")]);
        let post = merge(&svc(), "abc", &items);
        assert_eq!(post.method, Method::Post);
        assert_eq!(post.body, Some(json!({"metadata": {"foo": "Foo Value"}})));
        let put = replace(&svc(), "abc", &BTreeMap::new());
        assert_eq!((put.method, put.url.as_str()), (Method::Put, "http://127.0.0.1:8774/v2.1/servers/abc/metadata"));
        assert_eq!(put.body, Some(json!({"metadata": {}})));
        let del = delete_item(&svc(), "abc", "a b");
        assert_eq!((del.method, del.url.as_str()), (Method::Delete, "http://127.0.0.1:8774/v2.1/servers/abc/metadata/a%20b"));
    }

    #[test]
    fn a_diff_takes_one_post_and_one_delete_per_removed_key() {
        let loaded = map(&[("keep", "1"), ("change", "old"), ("drop", "x"), ("drop2", "y")]);
        let edited = map(&[("keep", "1"), ("change", "new"), ("a", "1"), ("b", "2"), ("c", "3")]);
        let calls = plan(&svc(), "abc", &diff(&loaded, &edited));
        let summary: Vec<(Method, &str)> = calls.iter().map(|r| (r.method, r.url.as_str())).collect();
        assert_eq!(
            summary,
            [
                (Method::Post, "http://127.0.0.1:8774/v2.1/servers/abc/metadata"),
                (Method::Delete, "http://127.0.0.1:8774/v2.1/servers/abc/metadata/drop"),
                (Method::Delete, "http://127.0.0.1:8774/v2.1/servers/abc/metadata/drop2"),
            ]
        );
        assert_eq!(calls[0].body, Some(json!({"metadata": {"a": "1", "b": "2", "c": "3", "change": "new"}})));
        // Only removals: no POST.
        let only_removed = plan(&svc(), "abc", &diff(&map(&[("x", "1")]), &BTreeMap::new()));
        assert_eq!(only_removed.iter().map(|r| r.method).collect::<Vec<_>>(), [Method::Delete]);
        assert!(plan(&svc(), "abc", &diff(&loaded, &loaded)).is_empty());
    }

    #[test]
    fn conflicts_say_locked_or_busy() {
        let locked = ApiError::from_response(&resp(
            409,
            r#"{"conflictingRequest": {"code": 409, "message": "Instance 6a8c-11 is locked"}}"#,
        ));
        assert!(conflict_words(&locked).unwrap().starts_with("The server is locked"));
        let busy = ApiError::from_response(&resp(
            409,
            r#"{"conflictingRequest": {"code": 409, "message": "Cannot 'update metadata' instance 6a8c while it is in task_state reboot_started"}}"#,
        ));
        assert_eq!(
            conflict_words(&busy).as_deref(),
            Some("The server is busy (task_state reboot_started); retry when it has settled. Your edits are kept.")
        );
        assert_eq!(conflict_words(&ApiError::NotFound("x".into())), None);
    }
}
