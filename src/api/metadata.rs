//! Server metadata rules, for the create wizard and any metadata editor: Nova's key pattern
//! (`^[a-zA-Z0-9-_:. ]{1,255}$`), 255 bytes per key and per value, and the project's
//! `maxServerMeta`. Entries are rows as a person edits them, so empty and repeated keys can
//! be pointed out before they are lost in a map. Also what any metadata editor needs: the
//! [`Diff`] between the loaded and the edited set, and bulk paste ([`parse_paste`]).

use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

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

/// The JSON object Nova takes as `metadata`. Built by `insert`, not `json!` or `collect`:
/// the action runner, in the first load, sends it (`json!` would link serde's serializer).
pub fn to_json<'a>(entries: impl IntoIterator<Item = (&'a String, &'a String)>) -> Value {
    let mut fields = Map::new();
    for (key, value) in entries {
        fields.insert(key.clone(), Value::String(value.clone()));
    }
    Value::Object(fields)
}

/// What turns one set of metadata into another.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub added: BTreeMap<String, String>,
    /// Key to (old value, new value).
    pub changed: BTreeMap<String, (String, String)>,
    /// Key to its old value.
    pub removed: BTreeMap<String, String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// Every key the diff touches, in order.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> =
            self.added.keys().chain(self.changed.keys()).chain(self.removed.keys()).map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }

    /// `items` with this diff applied on top: how edits are kept over changes made elsewhere.
    pub fn apply_to(&self, items: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut out = items.clone();
        out.extend(self.upserts());
        out.retain(|key, _| !self.removed.contains_key(key));
        out
    }

    /// The keys to merge (added and changed) with their new values.
    pub fn upserts(&self) -> BTreeMap<String, String> {
        let changed = self.changed.iter().map(|(k, (_, new))| (k.clone(), new.clone()));
        self.added.clone().into_iter().chain(changed).collect()
    }
}

/// What changed from `before` to `after`.
pub fn diff(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Diff {
    let mut d = Diff::default();
    for (key, new) in after {
        match before.get(key) {
            None => {
                d.added.insert(key.clone(), new.clone());
            }
            Some(old) if old != new => {
                d.changed.insert(key.clone(), (old.clone(), new.clone()));
            }
            Some(_) => {}
        }
    }
    for (key, old) in before {
        if !after.contains_key(key) {
            d.removed.insert(key.clone(), old.clone());
        }
    }
    d
}

/// Edited rows as a map (the last of repeated keys wins; [`check`] refuses them anyway).
pub fn to_map(entries: &[(String, String)]) -> BTreeMap<String, String> {
    entries.iter().cloned().collect()
}

/// Pasted text as entries: a JSON object (`{"a": "1"}`; numbers and booleans become their
/// text), or `key=value` lines (blank lines skipped, the first `=` splits).
pub fn parse_paste(text: &str) -> Result<Vec<(String, String)>, String> {
    let text = text.trim();
    if text.starts_with('{') {
        let object: Map<String, Value> =
            serde_json::from_str(text).map_err(|e| format!("This is not a JSON object: {e}."))?;
        return object
            .into_iter()
            .map(|(key, value)| match value {
                Value::String(s) => Ok((key, s)),
                Value::Number(_) | Value::Bool(_) => Ok((key, value.to_string())),
                _ => Err(format!("The value of '{key}' must be text, not a list, object or null.")),
            })
            .collect();
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| match line.split_once('=') {
            Some((key, value)) => Ok((key.trim().to_string(), value.trim().to_string())),
            None => Err(format!("Line {} has no '='; write one key=value per line.", n + 1)),
        })
        .collect()
}

/// `rows` with `pasted` laid over them: a pasted key that is already there takes the pasted
/// value, new keys are appended, and empty rows are dropped.
pub fn merge_rows(rows: &[(String, String)], pasted: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = rows.iter().filter(|(k, v)| !(k.is_empty() && v.is_empty())).cloned().collect();
    for (key, value) in pasted {
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some(row) => row.1 = value,
            None => out.push((key, value)),
        }
    }
    out
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
        assert_eq!(to_json(entries.iter().map(|(k, v)| (k, v))), serde_json::json!({"My Server Name": "Apache1"}));
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

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn diff_sorts_added_changed_removed() {
        let before = map(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let after = map(&[("a", "1"), ("b", "20"), ("d", "4"), ("e", "5")]);
        let d = diff(&before, &after);
        assert_eq!(d.added, map(&[("d", "4"), ("e", "5")]));
        assert_eq!(d.changed, [("b".to_string(), ("2".to_string(), "20".to_string()))].into());
        assert_eq!(d.removed, map(&[("c", "3")]));
        assert_eq!(d.keys(), ["b", "c", "d", "e"]);
        assert_eq!(d.upserts(), map(&[("b", "20"), ("d", "4"), ("e", "5")]));
        assert!(!d.is_empty());
        assert!(diff(&after, &after).is_empty());
        // Kept over a change made elsewhere: theirs stays unless mine touches the same key.
        let theirs = map(&[("a", "1"), ("b", "elsewhere"), ("c", "3"), ("z", "new elsewhere")]);
        assert_eq!(d.apply_to(&theirs), map(&[("a", "1"), ("b", "20"), ("d", "4"), ("e", "5"), ("z", "new elsewhere")]));
        assert_eq!(to_map(&rows(&[("a", "1"), ("b", "2")])), map(&[("a", "1"), ("b", "2")]));
    }

    #[test]
    fn paste_reads_lines_and_json() {
        assert_eq!(parse_paste("a=1\n\n b = x=y \r\nempty=").unwrap(), rows(&[("a", "1"), ("b", "x=y"), ("empty", "")]));
        assert_eq!(parse_paste("a=1\nnope").unwrap_err(), "Line 2 has no '='; write one key=value per line.");
        assert_eq!(
            parse_paste(r#" {"role": "web", "n": 3, "on": true} "#).unwrap(),
            rows(&[("n", "3"), ("on", "true"), ("role", "web")])
        );
        assert_eq!(parse_paste(r#"{"a": [1]}"#).unwrap_err(), "The value of 'a' must be text, not a list, object or null.");
        assert!(parse_paste("{nope").unwrap_err().starts_with("This is not a JSON object:"));
        assert_eq!(parse_paste("  ").unwrap(), vec![]);
    }

    #[test]
    fn pasted_rows_override_and_append() {
        let merged = merge_rows(&rows(&[("a", "1"), ("", ""), ("b", "2")]), rows(&[("b", "20"), ("c", "3")]));
        assert_eq!(merged, rows(&[("a", "1"), ("b", "20"), ("c", "3")]));
    }
}
