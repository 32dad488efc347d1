//! The shared emulated subscription (`fixtures/emulator/scenario/`) and helpers to read
//! a JSON report back as verdicts, so tests assert (check, resource) → status.

use super::emulator::{Emulator, Fault};
use super::fake_az::FakeAz;
use super::run::{Run, azscan};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The scenario's subscription; its tenant is `TENANT`.
pub const SUB: &str = "9b5c7e1a-3d2f-4c8b-a6e4-2f1d0c9b8a71";
pub const TENANT: &str = "4d3c2b1a-9f8e-4d7c-8b6a-5e4f3d2c1b0a";

pub fn scenario_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/emulator/scenario")
}

/// An emulator serving the whole scenario, and a fake `az` that signs in to it.
pub fn start() -> (Emulator, FakeAz) {
    let emulator = Emulator::start();
    emulator.load_dir(&scenario_dir());
    (emulator, FakeAz::install())
}

/// `azscan scan --subscription-id SUB --format json` plus `extra` arguments.
pub fn scan_json(emulator: &Emulator, az: &FakeAz, extra: &[&str]) -> Run {
    let mut args = vec!["scan", "--subscription-id", SUB, "--format", "json"];
    args.extend_from_slice(extra);
    azscan(&args, emulator, az)
}

/// (rule_id, resource_name) → statuses, from a JSON report. Several results for one
/// pair (e.g. keys of the same name) keep their order.
pub fn verdicts(report: &Value) -> BTreeMap<(String, String), Vec<String>> {
    let mut map: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for f in report["findings"].as_array().expect("findings array") {
        let key = (
            f["rule_id"].as_str().unwrap().to_string(),
            f["resource_name"].as_str().unwrap().to_string(),
        );
        map.entry(key)
            .or_default()
            .push(f["status"].as_str().unwrap().to_string());
    }
    map
}

/// Asserts each `(rule, resource name, status)` is exactly what the report says
/// (one result for that pair), with the whole report in the panic message.
pub fn assert_verdicts(report: &Value, expected: &[(&str, &str, &str)]) {
    let got = verdicts(report);
    let mut wrong = Vec::new();
    for (rule, name, status) in expected {
        let key = (rule.to_string(), name.to_string());
        let actual = got.get(&key);
        if actual.map(Vec::as_slice) != Some(&[status.to_string()][..]) {
            wrong.push(format!("{rule} {name}: expected {status}, got {actual:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\nall verdicts: {got:#?}",
        wrong.join("\n")
    );
}

/// The findings of one rule, as (resource name, status, message).
pub fn findings_of(report: &Value, rule: &str) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .map(|f| {
            (
                f["resource_name"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The single message of `rule` on the resource named `resource` (exactly one result).
pub fn message_of(report: &Value, rule: &str, resource: &str) -> String {
    let found: Vec<_> = findings_of(report, rule)
        .into_iter()
        .filter(|f| f.0 == resource)
        .collect();
    assert_eq!(found.len(), 1, "{rule} {resource}: {found:?}");
    found[0].2.clone()
}

/// ARM's answer to a call the identity has no role for.
pub fn arm_denied(action: &str) -> Fault {
    Fault::Status {
        status: 403,
        code: "AuthorizationFailed".into(),
        message: format!("The client does not have authorization to perform action '{action}'."),
        retry_after: None,
    }
}
