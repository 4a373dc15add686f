//! JSON for the first load without serde's serializer and error messages, which weighed
//! ~10 KB gzip of its wasm (issue #12, docs/size.md): text of a [`Value`] (request bodies,
//! what sessionStorage keeps), the same as serde_json's compact form, and a [`Value`] from
//! text, with where it stops being JSON in plain words.

use serde_json::error::Category;
use serde_json::{Map, Value};

/// `text` as a JSON value, or where it stops being JSON: "not JSON at line 3, column 5".
pub fn parse(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| {
        let what = if e.classify() == Category::Eof { "cut short" } else { "not JSON" };
        format!("{what} at line {}, column {}", e.line(), e.column())
    })
}

/// `{key: value}`. `json!` passes a value it is given through serde's serializer
/// (`to_value`), which would link it into the first load for `Value` and maps.
pub fn object(key: &str, value: Value) -> Value {
    let mut fields = Map::new();
    fields.insert(key.to_string(), value);
    Value::Object(fields)
}

pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // serde_json's own digits (a float through its formatter, which is smaller than
        // core's float printing, and no other code of the first load prints floats).
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(fields) => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// `s` quoted, escaping what JSON requires: the quote, the backslash and control characters.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[c as usize >> 4] as char);
                out.push(HEX[c as usize & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_says_where_the_json_breaks() {
        assert_eq!(parse(r#"{"a": [1, 2]}"#), Ok(json!({"a": [1, 2]})));
        assert_eq!(parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err(), "not JSON at line 3, column 7");
        assert_eq!(parse(r#"{"a": [1, 2"#).unwrap_err(), "cut short at line 1, column 11");
        assert_eq!(parse("<html>").unwrap_err(), "not JSON at line 1, column 1");
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let value = json!({
            "server": {"name": "web \"1\"\\\n\t\r\u{8}\u{c}\u{1}\u{1f}\u{7f} é ✓", "min_count": 1, "offset": -3,
                       "big": u64::MAX, "small": i64::MIN, "half": 0.5, "whole": 1.0, "huge": f64::MAX,
                       "empty": {}, "none": [], "on": true, "off": false, "gone": null},
            "list": [1, "two", [3], {"four": 4}],
        });
        assert_eq!(to_string(&value), serde_json::to_string(&value).unwrap());
    }

    /// proptest is a native dev-dependency (the component tests build this crate for wasm).
    #[cfg(not(target_arch = "wasm32"))]
    mod generated {
        use super::*;
        use proptest::prelude::*;

        fn value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                any::<f64>().prop_map(Value::from),
                any::<String>().prop_map(Value::String),
            ];
            leaf.prop_recursive(3, 32, 6, |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                    proptest::collection::btree_map(any::<String>(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        proptest! {
            #[test]
            fn any_value_is_written_as_serde_json_writes_it(value in value()) {
                prop_assert_eq!(to_string(&value), serde_json::to_string(&value).unwrap());
            }
        }
    }
}
