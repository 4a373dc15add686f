//! Server metadata rules, for the create wizard and any metadata editor: Nova's key pattern
//! (`^[a-zA-Z0-9-_:. ]{1,255}$`), 255 bytes per key and per value, and the project's
//! `maxServerMeta`. Entries are rows as a person edits them, so empty and repeated keys can
//! be pointed out before they are lost in a map.

use serde_json::{Map, Value};
use std::collections::HashSet;

/// Longest key or value, counted in UTF-8 bytes: the stricter of Nova's schema (characters)
/// and its database columns, so a value that passes here passes on every cloud.
pub const MAX_BYTES: usize = 255;

/// What is wrong with one row (`row`) or, for the item count, the whole map (`row: None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetadataError {
    pub row: Option<usize>,
    pub message: String,
}

/// Every problem of `entries` against Nova's rules and `max_items` (`None`: unlimited).
pub fn check(entries: &[(String, String)], max_items: Option<i64>) -> Vec<MetadataError> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (row, (key, value)) in entries.iter().enumerate() {
        let mut problems = key_problem(key).into_iter().chain(value_problem(value)).collect::<Vec<_>>();
        if !key.is_empty() && !seen.insert(key.as_str()) {
            problems.push(format!("The key '{key}' is given twice; each key holds one value."));
        }
        errors.extend(problems.into_iter().map(|message| MetadataError { row: Some(row), message }));
    }
    if let Some(max) = max_items.filter(|&max| entries.len() as i64 > max) {
        errors.push(MetadataError {
            row: None,
            message: format!("This cloud allows {max} metadata items per server; there are {}.", entries.len()),
        });
    }
    errors
}

/// Why `key` cannot be a metadata key, or `None` when it can.
pub fn key_problem(key: &str) -> Option<String> {
    if key.is_empty() {
        return Some("Enter a key, or remove this item.".into());
    }
    if key.contains('/') {
        // Nova addresses one item as /servers/{id}/metadata/{key}.
        return Some("Keys may not contain '/'.".into());
    }
    if let Some(bad) = key.chars().find(|&c| !allowed_in_key(c)) {
        return Some(format!(
            "Keys may contain only letters A-Z, digits, spaces and - _ : . ('{bad}' is not allowed)."
        ));
    }
    too_long("Keys", "key", key)
}

/// Why `value` cannot be a metadata value, or `None` when it can.
pub fn value_problem(value: &str) -> Option<String> {
    too_long("Values", "value", value)
}

fn allowed_in_key(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | ' ')
}

fn too_long(plural: &str, singular: &str, text: &str) -> Option<String> {
    (text.len() > MAX_BYTES)
        .then(|| format!("{plural} are {MAX_BYTES} bytes at most (this {singular} is {} bytes in UTF-8).", text.len()))
}

/// The JSON object Nova takes as `metadata`.
pub fn to_json(entries: &[(String, String)]) -> Map<String, Value> {
    entries.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn messages(errors: &[MetadataError]) -> Vec<(Option<usize>, &str)> {
        errors.iter().map(|e| (e.row, e.message.as_str())).collect()
    }

    #[test]
    fn nova_sample_metadata_passes() {
        // doc/api_samples/servers/server-create-req.json
        let entries = rows(&[("My Server Name", "Apache1")]);
        assert!(check(&entries, Some(128)).is_empty());
        assert_eq!(Value::Object(to_json(&entries)), serde_json::json!({"My Server Name": "Apache1"}));
    }

    #[test]
    fn keys_follow_novas_pattern() {
        assert_eq!(key_problem("a/b").as_deref(), Some("Keys may not contain '/'."));
        assert_eq!(
            key_problem("café").as_deref(),
            Some("Keys may contain only letters A-Z, digits, spaces and - _ : . ('é' is not allowed).")
        );
        assert_eq!(key_problem("").as_deref(), Some("Enter a key, or remove this item."));
        assert_eq!(key_problem("os:role-1_a.b c"), None);
        assert_eq!(
            key_problem(&"k".repeat(256)).as_deref(),
            Some("Keys are 255 bytes at most (this key is 256 bytes in UTF-8).")
        );
    }

    #[test]
    fn values_are_limited_in_bytes_not_characters() {
        // 86 three-byte characters: 86 characters, 258 bytes.
        let value = "€".repeat(86);
        assert_eq!(
            value_problem(&value).as_deref(),
            Some("Values are 255 bytes at most (this value is 258 bytes in UTF-8).")
        );
        assert_eq!(value_problem(&"€".repeat(85)), None);
        assert_eq!(value_problem(""), None);
    }

    #[test]
    fn rows_count_and_duplicates() {
        let entries = rows(&[("a", "1"), ("", "2"), ("a", "3"), ("b/c", "4")]);
        assert_eq!(
            messages(&check(&entries, Some(3))),
            [
                (Some(1), "Enter a key, or remove this item."),
                (Some(2), "The key 'a' is given twice; each key holds one value."),
                (Some(3), "Keys may not contain '/'."),
                (None, "This cloud allows 3 metadata items per server; there are 4."),
            ]
        );
        assert!(check(&entries[..1], None).is_empty());
    }
}
