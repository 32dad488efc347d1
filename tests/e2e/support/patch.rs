//! Variations on the shared scenario: take one route from a scenario file, change its
//! answer in place (a field of the wrong type, a secret the API returned), and serve
//! it instead of the original.

use super::emulator::Emulator;
use super::scenario::scenario_dir;
use serde_json::{Value, json};

/// The route of `file` whose path ends with `path_end` (case-insensitive).
pub fn scenario_route(file: &str, path_end: &str) -> Value {
    let path = scenario_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let routes: Value = serde_json::from_str(&text).unwrap();
    routes["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .ends_with(&path_end.to_lowercase())
        })
        .unwrap_or_else(|| panic!("{file} has no route ending {path_end}"))
        .clone()
}

/// Serves `route` (a scenario route, usually changed) in place of the original.
pub fn serve(emulator: &Emulator, route: Value) {
    emulator.load_str(&json!({ "routes": [route] }).to_string());
}

/// The first page's items of a paged route, to change.
pub fn first_page(route: &mut Value) -> &mut Vec<Value> {
    route["pages"][0].as_array_mut().expect("a paged route")
}
