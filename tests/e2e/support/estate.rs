//! Larger estates built from the scenario (`fixtures/emulator/scenario/`): any number
//! of subscriptions, each holding K copies of the scenario's resource groups. Copy 0
//! is the scenario itself; copy k renames every resource group `X` to `X-ck`
//! everywhere (paths, IDs, references between resources), so each copy keeps its
//! joins and verdicts. Subscription-level lists keep their page count and carry every
//! copy's items; Microsoft Graph stays one tenant, loaded once.

use super::emulator::Emulator;
use super::scenario::{SUB, scenario_dir};
use serde_json::{Value, json};

/// What an estate holds, for reporting and lower bounds.
#[derive(Debug, Clone, Copy, Default)]
pub struct EstateShape {
    /// Resources per subscription: list items that live in a resource group.
    pub resources: usize,
    /// Longest chain of requests that must follow one another (the subscription GET,
    /// every page of a list, then every page of a call about one of its items).
    pub critical_path: usize,
}

/// Loads `subscriptions`, each with `copies` copies of the scenario, into `emulator`.
pub fn load_estate(emulator: &Emulator, subscriptions: &[String], copies: usize) -> EstateShape {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(scenario_dir()).expect("scenario dir") {
        let path = entry.expect("scenario entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            files.push(std::fs::read_to_string(&path).expect("scenario file"));
        }
    }
    let mut shape = EstateShape::default();
    for (index, subscription) in subscriptions.iter().enumerate() {
        let mut routes = Vec::new();
        for text in &files {
            let file: Value = serde_json::from_str(&text.replace(SUB, subscription))
                .expect("scenario file is JSON");
            for route in file["routes"].as_array().expect("routes") {
                if route["host"] == "graph" {
                    if index == 0 {
                        routes.push(route.clone());
                    }
                } else if in_resource_group(route["path"].as_str().unwrap_or_default()) {
                    routes.extend((0..copies).map(|k| renamed(route, k)));
                } else {
                    routes.push(with_copied_items(route, copies));
                }
            }
        }
        if index == 0 {
            shape = shape_of(&routes);
        }
        emulator.load_str(&json!({ "routes": routes }).to_string());
    }
    shape
}

fn shape_of(routes: &[Value]) -> EstateShape {
    let pages = |route: &Value| route["pages"].as_array().map_or(1, Vec::len);
    let items = |route: &Value| -> Vec<Value> {
        match route["pages"].as_array() {
            Some(pages) => pages
                .iter()
                .flat_map(|p| p.as_array().cloned().unwrap_or_default())
                .collect(),
            None => route["body"]["value"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        }
    };
    let arm: Vec<&Value> = routes.iter().filter(|r| r["host"] != "graph").collect();
    let mut resources = 0;
    let mut critical_path = 1;
    for list in arm
        .iter()
        .filter(|r| !in_resource_group(r["path"].as_str().unwrap_or_default()))
    {
        let listed = items(list);
        let ids: Vec<String> = listed
            .iter()
            .filter_map(|i| i["id"].as_str().map(str::to_ascii_lowercase))
            .filter(|id| in_resource_group(id))
            .collect();
        resources += ids.len();
        critical_path = critical_path.max(1 + pages(list));
        // A call about one of this list's items can only start once the list is read.
        for follow_up in &arm {
            let path = follow_up["path"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if ids.iter().any(|id| path.starts_with(&format!("{id}/"))) {
                critical_path = critical_path.max(1 + pages(list) + pages(follow_up));
            }
        }
    }
    EstateShape {
        resources,
        critical_path,
    }
}

fn in_resource_group(path: &str) -> bool {
    path.to_ascii_lowercase().contains("/resourcegroups/")
}

/// A subscription-level list (or a body with `value`) carrying every copy's items;
/// items outside resource groups appear once.
fn with_copied_items(route: &Value, copies: usize) -> Value {
    let copy_all = |items: &Value| -> Value {
        let items = items.as_array().cloned().unwrap_or_default();
        let mut out = items.clone();
        for k in 1..copies {
            out.extend(
                items
                    .iter()
                    .filter(|i| in_resource_group(i["id"].as_str().unwrap_or_default()))
                    .map(|i| renamed(i, k)),
            );
        }
        Value::Array(out)
    };
    let mut route = route.clone();
    if let Some(pages) = route["pages"].as_array_mut() {
        for page in pages {
            *page = copy_all(page);
        }
    } else if route["body"]["value"].is_array() {
        route["body"]["value"] = copy_all(&route["body"]["value"]);
    }
    route
}

/// `value` with every `/resourceGroups/X` in every string renamed to `X-ck`.
fn renamed(value: &Value, k: usize) -> Value {
    if k == 0 {
        return value.clone();
    }
    match value {
        Value::String(s) => Value::String(rename_groups(s, k)),
        Value::Array(items) => Value::Array(items.iter().map(|v| renamed(v, k)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, v)| (key.clone(), renamed(v, k)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn rename_groups(text: &str, k: usize) -> String {
    const MARKER: &str = "/resourcegroups/";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len() + 8);
    let mut from = 0;
    while let Some(found) = lower[from..].find(MARKER) {
        let name_start = from + found + MARKER.len();
        let name_end = text[name_start..]
            .find('/')
            .map_or(text.len(), |i| name_start + i);
        out.push_str(&text[from..name_end]);
        out.push_str(&format!("-c{k}"));
        from = name_end;
    }
    out.push_str(&text[from..]);
    out
}
