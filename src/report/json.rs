//! `--format json`: the report as documented in docs/json-output.md.

use super::Report;

pub fn render(report: &Report) -> String {
    // Serializing plain data structures cannot fail.
    serde_json::to_string_pretty(report).expect("report serializes") + "\n"
}
