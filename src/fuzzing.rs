//! Entry points for the fuzz targets in `fuzz/` (and the corpus replay test below):
//! each takes raw bytes, runs one reader of untrusted input as azscan does, and must
//! return without panicking whatever the bytes are. Not a stable API.

use crate::baseline::Baseline;
use crate::report::SUBSCRIPTIONS_SCOPE;
use crate::report::{self, Report};
use crate::rules::{self, Finding, Rule, Settings};
use crate::snapshot::Collection;
use crate::suppress::Suppressions;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// A `--snapshot` file: loaded, every check run on it, and every report rendered, since
/// a snapshot that loads feeds all of them.
pub fn snapshot(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(collection) = crate::scan::parse_snapshot(text, "fuzz.json") else {
        return;
    };
    let rules = all_rules();
    let settings = Settings::default();
    let findings = crate::scan::evaluate(&collection, &rules, &settings);
    let report = Report::from_collection(&collection, findings, SUBSCRIPTIONS_SCOPE, &settings);
    render_all(&report, &rules);
}

/// An ARM or Graph answer: an error body as the client reads it, and the body (and each
/// item of its `value` list) through every collector's parser.
pub fn arm_graph_response(data: &[u8]) {
    let _ = crate::arm::ApiError::from_response("/fuzz", 400, data);
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    crate::collect::parse_with_every_parser(&value);
    if let Some(items) = value.get("value").and_then(serde_json::Value::as_array) {
        for item in items {
            crate::collect::parse_with_every_parser(item);
        }
    }
}

/// An `azscan.toml`: its check settings and suppressions parsed, the suppressions then
/// applied to the demo scan's findings.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Settings::parse(text, "azscan.toml");
    let Ok(suppressions) = Suppressions::parse(text, "azscan.toml") else {
        return;
    };
    let mut findings: Vec<Finding> = demo().1.clone();
    let today = time::macros::date!(2026 - 01 - 01);
    let _ = suppressions.apply(&mut findings, today);
}

/// A `--baseline` report: parsed, then applied to the demo scan.
pub fn baseline(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(baseline) = Baseline::parse(text) else {
        return;
    };
    let (collection, findings) = demo();
    let mut report = Report::from_collection(
        collection,
        findings.clone(),
        SUBSCRIPTIONS_SCOPE,
        &Settings::default(),
    );
    let checks_run: BTreeSet<String> = rules::catalog()
        .iter()
        .map(|r| r.check.id.to_string())
        .collect();
    let _ = baseline.apply(&mut report, &checks_run);
    report.recount();
}

fn all_rules() -> Vec<&'static Rule> {
    rules::catalog().iter().collect()
}

fn render_all(report: &Report, rules: &[&'static Rule]) {
    let _ = report::table::render(report, false, true);
    let _ = report::json::render(report);
    let _ = report::markdown::render(report, true);
    let _ = report::junit::render(report);
    let _ = report::sarif::render(report, rules, None, report::sarif::Limits::GITHUB);
}

/// The demo snapshot and its findings: realistic input for the readers that judge a
/// scan (suppressions, baselines), computed once per process.
fn demo() -> &'static (Collection, Vec<Finding>) {
    static DEMO: OnceLock<(Collection, Vec<Finding>)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let text = include_str!("../fixtures/demo/snapshot.json");
        let collection = crate::scan::parse_snapshot(text, "fixtures/demo/snapshot.json")
            .expect("the demo snapshot loads");
        let findings = crate::scan::evaluate(&collection, &all_rules(), &Settings::default());
        (collection, findings)
    })
}

#[cfg(test)]
mod tests {
    //! Replays the committed fuzz corpus on stable, so a reader change that brings back
    //! a crash the fuzzer once found fails `cargo test` in seconds.

    use std::path::Path;

    fn replay(target: &str, run: fn(&[u8])) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(target);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            run(&std::fs::read(&path).unwrap());
            count += 1;
        }
        assert!(count > 0, "no corpus in {}", dir.display());
    }

    #[test]
    fn snapshot_corpus_replays() {
        replay("snapshot", super::snapshot);
    }

    #[test]
    fn arm_graph_response_corpus_replays() {
        replay("arm_graph_response", super::arm_graph_response);
    }

    #[test]
    fn config_corpus_replays() {
        replay("config", super::config);
    }

    #[test]
    fn baseline_corpus_replays() {
        replay("baseline", super::baseline);
    }
}
