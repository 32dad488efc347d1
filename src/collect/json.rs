//! Field access into ARM / Graph JSON. A missing field or a null reads as "nothing", and
//! `"true"`/`"false"` text reads as a boolean, so unknown shapes never break a scan; a
//! value of the wrong JSON type is recorded by `Reader` as a `Problem` of that resource
//! (never read as absent, which could turn into a PASS). Pointers are JSON Pointers
//! (`/properties/x`).

use serde_json::Value;
use std::cell::RefCell;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

const WITHOUT_OFFSET: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]");

/// Booleans, also when a provider sends them as `"true"` / `"False"`.
fn boolean(v: &Value, pointer: &str) -> Option<bool> {
    match v.pointer(pointer)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn number(v: &Value, pointer: &str) -> Option<f64> {
    match v.pointer(pointer)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An RFC 3339 timestamp (ARM and Graph), or Unix seconds (Key Vault attributes), as a
/// number or a string. A
/// timestamp without an offset (`2024-01-02T03:04:05.1234567`, as some services send)
/// is UTC: reading it as "no date" would turn an end date into "never expires".
fn time(v: &Value, pointer: &str) -> Option<OffsetDateTime> {
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

/// One field of one resource that held a value of the wrong JSON type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Dotted path from the resource (`properties.securityRules`, `rules[2].name`).
    pub field: String,
    /// What arrived instead, e.g. `an object where a list belongs`.
    pub problem: String,
}

/// Reads fields of one resource like the functions above, but records every value
/// of the wrong JSON type as a `Problem` instead of reading it as absent: a list that
/// arrives as an object is not an empty list. Null and missing still read as absent.
pub struct Reader<'v, 'p> {
    value: &'v Value,
    /// Dotted path of `value` from the resource, empty at the resource itself.
    prefix: String,
    problems: &'p RefCell<Vec<Problem>>,
}

impl<'v, 'p> Reader<'v, 'p> {
    pub fn new(value: &'v Value, problems: &'p RefCell<Vec<Problem>>) -> Reader<'v, 'p> {
        Reader {
            value,
            prefix: String::new(),
            problems,
        }
    }

    /// The raw value (for values that need no type checks, like presence tests).
    pub fn value(&self) -> &'v Value {
        self.value
    }

    fn field(&self, pointer: &str) -> String {
        let dotted = pointer.trim_start_matches('/').replace('/', ".");
        match (self.prefix.is_empty(), dotted.is_empty()) {
            (true, _) => dotted,
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}.{dotted}", self.prefix),
        }
    }

    fn wrong(&self, pointer: &str, found: &Value, belongs: &str) {
        self.problems.borrow_mut().push(Problem {
            field: self.field(pointer),
            problem: format!("{} where {belongs} belongs", kind(found)),
        });
    }

    /// The value at `pointer`, None when missing or null.
    fn present(&self, pointer: &str) -> Option<&'v Value> {
        self.value.pointer(pointer).filter(|v| !v.is_null())
    }

    /// Text; anything else but null is a problem.
    pub fn string(&self, pointer: &str) -> Option<String> {
        match self.present(pointer)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong(pointer, other, "text");
                None
            }
        }
    }

    /// Text, numbers or booleans as text: for fields that providers send either way
    /// (NSG port ranges and priorities).
    pub fn text(&self, pointer: &str) -> Option<String> {
        match self.present(pointer)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.wrong(pointer, other, "text");
                None
            }
        }
    }

    /// Booleans, also `"true"` / `"False"`; anything else is a problem.
    pub fn boolean(&self, pointer: &str) -> Option<bool> {
        let found = self.present(pointer)?;
        let read = boolean(self.value, pointer);
        if read.is_none() {
            self.wrong(pointer, found, "true or false");
        }
        read
    }

    /// Numbers, also numeric text; anything else is a problem.
    pub fn number(&self, pointer: &str) -> Option<f64> {
        let found = self.present(pointer)?;
        let read = number(self.value, pointer);
        if read.is_none() {
            self.wrong(pointer, found, "a number");
        }
        read
    }

    /// A timestamp as `time` reads it; anything unreadable is a problem (an end date
    /// read as "none" would mean "never expires").
    pub fn time(&self, pointer: &str) -> Option<OffsetDateTime> {
        let found = self.present(pointer)?;
        let read = time(self.value, pointer);
        if read.is_none() {
            self.wrong(pointer, found, "a date");
        }
        read
    }

    /// The object at `pointer` as a reader of its own; None when missing or null.
    pub fn object(&self, pointer: &str) -> Option<Reader<'v, 'p>> {
        match self.present(pointer)? {
            found @ Value::Object(_) => Some(self.child(found, self.field(pointer))),
            other => {
                self.wrong(pointer, other, "an object");
                None
            }
        }
    }

    /// The list at `pointer`, one reader per object in it; a list that is not a
    /// list, or an item that is not an object, is a problem (and the item is skipped).
    pub fn items(&self, pointer: &str) -> Vec<Reader<'v, 'p>> {
        self.list(pointer)
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let field = format!("{}[{i}]", self.field(pointer));
                match item {
                    Value::Object(_) => Some(self.child(item, field)),
                    Value::Null => None,
                    other => {
                        self.problems.borrow_mut().push(Problem {
                            field,
                            problem: format!("{} where an object belongs", kind(other)),
                        });
                        None
                    }
                }
            })
            .collect()
    }

    /// A list of text; an item of another type is a problem.
    pub fn strings(&self, pointer: &str) -> Vec<String> {
        self.scalars(pointer, |v| v.as_str().map(str::to_string))
    }

    /// A list of text or numbers (port ranges), as text.
    pub fn texts(&self, pointer: &str) -> Vec<String> {
        self.scalars(pointer, |v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    }

    /// `id` of each `{"id": ...}` reference in the list at `pointer`.
    pub fn ids(&self, pointer: &str) -> Vec<String> {
        self.items(pointer)
            .iter()
            .filter_map(|r| r.string("/id"))
            .collect()
    }

    fn scalars(&self, pointer: &str, read: impl Fn(&Value) -> Option<String>) -> Vec<String> {
        let field = self.field(pointer);
        let mut out = Vec::new();
        for (i, item) in self.list(pointer).iter().enumerate() {
            match read(item) {
                Some(s) => out.push(s),
                None if item.is_null() => {}
                None => self.problems.borrow_mut().push(Problem {
                    field: format!("{field}[{i}]"),
                    problem: format!("{} where text belongs", kind(item)),
                }),
            }
        }
        out
    }

    fn list(&self, pointer: &str) -> &'v [Value] {
        match self.present(pointer) {
            None => &[],
            Some(Value::Array(items)) => items,
            Some(other) => {
                self.wrong(pointer, other, "a list");
                &[]
            }
        }
    }

    fn child(&self, value: &'v Value, prefix: String) -> Reader<'v, 'p> {
        Reader {
            value,
            prefix,
            problems: self.problems,
        }
    }
}

/// A JSON value's kind, as problems name it.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Runs a collector's `parse` on `value`, dropping type problems: how parser tests
/// read one item.
#[cfg(test)]
pub fn parsed<T>(parse: impl Fn(&Reader) -> T, value: &Value) -> T {
    let problems = RefCell::new(Vec::new());
    parse(&Reader::new(value, &problems))
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
        let problems = RefCell::new(Vec::new());
        let r = Reader::new(&v, &problems);
        assert_eq!(r.string("/p/missing"), None);
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
        assert!(
            problems.borrow().is_empty(),
            "missing and null are not problems"
        );
        assert_eq!(r.strings("/p/x"), vec!["a".to_string()]);
        assert!(r.items("/p/b").is_empty());
    }

    #[test]
    fn wrong_types_are_problems_named_by_field() {
        let v = json!({"properties": {
            "rules": {"a": 1}, "name": 7, "flag": "yes", "on": "False", "days": "30",
            "when": "next year", "tags": ["a", 2, null], "items": [{"x": 1}, "odd", null],
            "obj": [1]
        }});
        let problems = RefCell::new(Vec::new());
        let r = Reader::new(&v, &problems);
        assert!(r.items("/properties/rules").is_empty());
        assert_eq!(r.string("/properties/name"), None);
        assert_eq!(r.text("/properties/name").as_deref(), Some("7"));
        assert_eq!(r.boolean("/properties/flag"), None);
        assert_eq!(r.boolean("/properties/on"), Some(false));
        assert_eq!(r.number("/properties/days"), Some(30.0));
        assert_eq!(r.time("/properties/when"), None);
        assert_eq!(r.strings("/properties/tags"), ["a"]);
        let items = r.items("/properties/items");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].string("/x"), None);
        assert!(r.object("/properties/obj").is_none());
        let found: Vec<(String, String)> = problems
            .into_inner()
            .into_iter()
            .map(|p| (p.field, p.problem))
            .collect();
        let expected = [
            ("properties.rules", "an object where a list belongs"),
            ("properties.name", "a number where text belongs"),
            ("properties.flag", "text where true or false belongs"),
            ("properties.when", "text where a date belongs"),
            ("properties.tags[1]", "a number where text belongs"),
            ("properties.items[1]", "text where an object belongs"),
            ("properties.items[0].x", "a number where text belongs"),
            ("properties.obj", "a list where an object belongs"),
        ];
        assert_eq!(
            found,
            expected
                .iter()
                .map(|(f, p)| (f.to_string(), p.to_string()))
                .collect::<Vec<_>>()
        );
    }
}
