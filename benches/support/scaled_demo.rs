//! The demo snapshot (fixtures/demo/snapshot.json) with its resource-group resources
//! copied N times, as JSON text: the large snapshot that the offline-evaluation
//! benchmark and the index's scale test evaluate. Built in memory, never committed.
//!
//! Copy 0 keeps the original IDs and names; copy k > 0 renames every resource group
//! `rg` to `rg-ck` in every ID it carries (its own and the ones it references, in any
//! casing), so each copy's joins (NIC ↔ VM, VM ↔ JIT policy, flow log ↔ NSG, ...) stay
//! inside that copy. Lists outside resource groups (pricings, subscription diagnostic
//! settings, Entra) stay single, as a subscription has them once.

use serde_json::Value;

/// The demo snapshot with `copies` copies of each resource-group resource.
pub fn scaled_demo_json(copies: usize) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo/snapshot.json");
    let text = std::fs::read_to_string(path).expect("fixtures/demo/snapshot.json is readable");
    let mut snapshot: Value = serde_json::from_str(&text).expect("the demo snapshot is JSON");
    let Value::Object(root) = &mut snapshot else {
        panic!("the demo snapshot is a JSON object")
    };
    for service in root.values_mut() {
        let Value::Object(lists) = service else {
            continue;
        };
        for list in lists.values_mut() {
            let Some(Value::Array(items)) = list.get_mut("ok") else {
                continue;
            };
            if !items.iter().any(in_resource_group) {
                continue;
            }
            let originals = std::mem::take(items);
            for copy in 0..copies {
                items.extend(originals.iter().map(|item| rewrite(item, copy)));
            }
        }
    }
    serde_json::to_string(&snapshot).expect("a JSON value serializes")
}

fn in_resource_group(item: &Value) -> bool {
    item.get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| id.to_ascii_lowercase().contains("/resourcegroups/"))
}

/// `item` as copy `copy`: resource groups renamed in every string, and the name of
/// every object that has an ID suffixed the same way.
fn rewrite(item: &Value, copy: usize) -> Value {
    if copy == 0 {
        return item.clone();
    }
    match item {
        Value::String(text) => Value::String(rename_resource_groups(text, copy)),
        Value::Array(items) => Value::Array(items.iter().map(|v| rewrite(v, copy)).collect()),
        Value::Object(fields) => {
            let has_id = fields.get("id").is_some_and(Value::is_string);
            let mut out = serde_json::Map::new();
            for (key, value) in fields {
                let value = match (key.as_str(), value) {
                    ("name", Value::String(name)) if has_id => {
                        Value::String(format!("{name}-c{copy}"))
                    }
                    _ => rewrite(value, copy),
                };
                out.insert(key.clone(), value);
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// Appends `-c{copy}` to the segment after each `/resourceGroups/` (any casing).
fn rename_resource_groups(text: &str, copy: usize) -> String {
    const MARKER: &str = "/resourcegroups/";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len() + 8);
    let mut from = 0;
    while let Some(found) = lower[from..].find(MARKER) {
        let segment_start = from + found + MARKER.len();
        let segment_end = lower[segment_start..]
            .find('/')
            .map_or(text.len(), |end| segment_start + end);
        out.push_str(&text[from..segment_end]);
        out.push_str(&format!("-c{copy}"));
        from = segment_end;
    }
    out.push_str(&text[from..]);
    out
}
