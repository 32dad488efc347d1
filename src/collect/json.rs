//! Lenient field access into ARM / Graph JSON: a missing field, a null or a value of an
//! unexpected type reads as "nothing" instead of failing the whole resource, so unknown
//! shapes never break a scan. Pointers are JSON Pointers (`/properties/x`).

use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

const WITHOUT_OFFSET: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]");

pub fn string(v: &Value, pointer: &str) -> Option<String> {
    match v.pointer(pointer)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Booleans, also when a provider sends them as `"true"` / `"False"`.
pub fn boolean(v: &Value, pointer: &str) -> Option<bool> {
    match v.pointer(pointer)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

pub fn number(v: &Value, pointer: &str) -> Option<f64> {
    match v.pointer(pointer)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn array<'a>(v: &'a Value, pointer: &str) -> &'a [Value] {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

pub fn strings(v: &Value, pointer: &str) -> Vec<String> {
    array(v, pointer)
        .iter()
        .filter_map(|item| item.as_str().map(str::to_string))
        .collect()
}

/// An RFC 3339 timestamp (ARM and Graph), or Unix seconds (Key Vault attributes), as a
/// number or a string. A
/// timestamp without an offset (`2024-01-02T03:04:05.1234567`, as some services send)
/// is UTC: reading it as "no date" would turn an end date into "never expires".
pub fn time(v: &Value, pointer: &str) -> Option<OffsetDateTime> {
    match v.pointer(pointer)? {
        Value::String(s) => {
            let s = s.trim();
            OffsetDateTime::parse(s, &Rfc3339)
                .or_else(|_| PrimitiveDateTime::parse(s, WITHOUT_OFFSET).map(|t| t.assume_utc()))
                .ok()
                // Unix seconds sent as a string.
                .or_else(|| OffsetDateTime::from_unix_timestamp(s.parse().ok()?).ok())
        }
        Value::Number(n) => OffsetDateTime::from_unix_timestamp(n.as_i64()?).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_leniently() {
        let v = json!({"p": {"b": "True", "n": null, "t": "2024-01-02T03:04:05.1234567Z", "u": 1596493796, "x": [1, "a"]}});
        assert_eq!(boolean(&v, "/p/b"), Some(true));
        assert_eq!(boolean(&v, "/p/n"), None);
        assert_eq!(string(&v, "/p/missing"), None);
        assert_eq!(time(&v, "/p/t").unwrap().year(), 2024);
        assert_eq!(time(&v, "/p/u").unwrap().unix_timestamp(), 1596493796);
        let no_offset = json!({"a": "2024-01-02T03:04:05.1234567", "b": "2024-01-02T03:04:05"});
        assert_eq!(
            time(&no_offset, "/a").unwrap(),
            time(&v, "/p/t").unwrap(),
            "no offset means UTC"
        );
        assert_eq!(time(&no_offset, "/b").unwrap().unix_timestamp(), 1704164645);
        assert_eq!(time(&json!({"x": "next year"}), "/x"), None);
        assert_eq!(
            time(&json!({"x": "1596493796"}), "/x")
                .unwrap()
                .unix_timestamp(),
            1596493796
        );
        assert_eq!(strings(&v, "/p/x"), vec!["a".to_string()]);
        assert!(array(&v, "/p/b").is_empty());
    }
}
