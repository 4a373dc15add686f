//! Reading a JSON object field by field, for what the first load parses (the server list).
//! serde's derive instantiates a parser for each type and field type (~38 KB of wasm for
//! `Server`, issue #12); these few readers are shared. As with `#[serde(default)]` and
//! `null_as_default`, a field that is absent, null or of another type reads as empty.
//! Maps are built by `insert`, not `collect`: collecting into a `BTreeMap` adds a sort for
//! each pair type.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

use super::ApiError;

static NULL: Value = Value::Null;

/// The fields of a JSON value; one that is not an object has none.
#[derive(Clone, Copy)]
pub struct Fields<'a>(Option<&'a Map<String, Value>>);

impl<'a> Fields<'a> {
    pub fn of(value: &'a Value) -> Self {
        Self(value.as_object())
    }

    pub fn get(self, key: &str) -> &'a Value {
        self.0.and_then(|m| m.get(key)).unwrap_or(&NULL)
    }

    pub fn object(self, key: &str) -> Fields<'a> {
        Fields::of(self.get(key))
    }

    /// The value at `key` if it is an object; `None` when absent, null or of another type.
    pub fn opt_object(self, key: &str) -> Option<&'a Value> {
        Some(self.get(key)).filter(|v| v.is_object())
    }

    /// The list at `key`, which the answer must have (`servers`, `images`, ...).
    pub fn items(self, key: &str) -> Result<&'a [Value], ApiError> {
        self.get(key).as_array().map(Vec::as_slice).ok_or_else(|| ApiError::Decode(format!("no list of {key}")))
    }

    pub fn entries(self) -> impl Iterator<Item = (&'a String, &'a Value)> {
        self.0.into_iter().flatten()
    }

    pub fn opt_string(self, key: &str) -> Option<String> {
        self.get(key).as_str().map(str::to_string)
    }

    pub fn string(self, key: &str) -> String {
        self.opt_string(key).unwrap_or_default()
    }

    pub fn opt_u64(self, key: &str) -> Option<u64> {
        self.get(key).as_u64()
    }

    pub fn opt_u8(self, key: &str) -> Option<u8> {
        self.opt_u64(key).and_then(|n| u8::try_from(n).ok())
    }

    pub fn opt_bool(self, key: &str) -> Option<bool> {
        self.get(key).as_bool()
    }

    pub fn list<T>(self, key: &str, read: impl FnMut(&'a Value) -> T) -> Vec<T> {
        self.get(key).as_array().map(|items| items.iter().map(read).collect()).unwrap_or_default()
    }

    /// The strings of a list; other items are left out.
    pub fn strings(self, key: &str) -> Vec<String> {
        self.list(key, Value::as_str).into_iter().flatten().map(str::to_string).collect()
    }

    /// An object of strings; entries of another type are left out.
    pub fn string_map(self, key: &str) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        for (k, v) in self.object(key).entries() {
            if let Some(v) = v.as_str() {
                map.insert(k.clone(), v.to_string());
            }
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn odd_fields_read_as_empty() {
        let v = json!({"s": "a", "n": 7, "big": 300, "null": null, "list": ["x", 1, "y"], "map": {"k": "v", "n": 1}});
        let f = Fields::of(&v);
        assert_eq!((f.string("s"), f.string("n"), f.string("null"), f.string("absent")), ("a".into(), "".into(), "".into(), "".into()));
        assert_eq!((f.opt_u8("n"), f.opt_u8("big"), f.opt_u64("big"), f.opt_u64("s")), (Some(7), None, Some(300), None));
        assert_eq!(f.strings("list"), ["x", "y"]);
        assert_eq!(f.string_map("map"), BTreeMap::from([("k".to_string(), "v".to_string())]));
        assert_eq!(f.list("s", |v| v.clone()), Vec::<Value>::new());
        assert_eq!(Fields::of(&json!([1])).string("s"), "");
        assert_eq!(f.object("s").entries().count(), 0);
        assert_eq!((f.opt_object("map"), f.opt_object("s"), f.opt_object("absent")), (Some(&v["map"]), None, None));
        assert_eq!(f.items("list").unwrap().len(), 3);
        assert!(matches!(f.items("map"), Err(ApiError::Decode(m)) if m == "no list of map"));
    }
}
