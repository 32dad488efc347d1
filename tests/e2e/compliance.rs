//! `--compliance` and `azscan frameworks` on the bundled demo snapshot: the binary as
//! users run it, no emulator needed (the snapshot holds the data).

use crate::support::run::{Run, finished};
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn demo() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/demo/snapshot.json")
        .to_string_lossy()
        .into_owned()
}

pub fn run(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_azscan"))
        .args(args)
        .stdin(Stdio::null())
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("spawn azscan");
    finished(args, output)
}

fn control<'a>(result: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    result["controls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no control {id}"))
}

#[test]
fn compliance_adds_each_requested_framework_to_the_json_report() {
    let demo = demo();
    let args = [
        "scan",
        "--snapshot",
        &demo,
        "--format",
        "json",
        "--compliance",
        "cis-azure-4.0",
        "--compliance",
        "cis-azure-3.0",
    ];
    let report = run(&args).json();
    let compliance = report["compliance"].as_array().unwrap();
    let ids: Vec<_> = compliance
        .iter()
        .map(|c| c["framework"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cis-azure-4.0", "cis-azure-3.0"]);
    let v4 = &compliance[0];
    assert_eq!(v4["version"], "4.0.0");
    assert_eq!(v4["controls"].as_array().unwrap().len(), 139);
    // stlegacyweb allows public blob access in the demo.
    let blob = control(v4, "10.3.9");
    assert_eq!(blob["status"], "FAIL");
    assert_eq!(blob["checks"], serde_json::json!(["AZST-001"]));
    assert!(blob["counts"]["FAIL"].as_u64().unwrap() >= 1);
    assert_eq!(
        control(v4, "2.1.1.1.1")["status"],
        "MANUAL",
        "no check maps it"
    );
    let summary = &v4["summary"];
    let total: u64 = ["PASS", "FAIL", "ERROR", "MANUAL", "NOT_APPLICABLE"]
        .iter()
        .map(|k| summary[k].as_u64().unwrap())
        .sum();
    assert_eq!(total, 139);
}

#[test]
fn a_control_whose_checks_did_not_run_is_manual() {
    let demo = demo();
    let report = run(&[
        "scan",
        "--snapshot",
        &demo,
        "--format",
        "json",
        "--checks",
        "AKV",
        "--compliance",
        "cis-azure-4.0",
    ])
    .json();
    let v4 = &report["compliance"][0];
    assert_eq!(control(v4, "10.3.9")["status"], "MANUAL");
    assert_eq!(control(v4, "10.3.9")["checks"], serde_json::json!([]));
    assert_eq!(
        control(v4, "9.3.6")["checks"],
        serde_json::json!(["AKV-006"])
    );
}

#[test]
fn an_unknown_framework_is_a_usage_error() {
    let demo = demo();
    let run = run(&["scan", "--snapshot", &demo, "--compliance", "cis-azure-9.9"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no framework 'cis-azure-9.9'"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn frameworks_lists_coverage() {
    let listed = run(&["frameworks", "--format", "json"]).json();
    assert_eq!(listed.as_array().unwrap().len(), 3);
    let one = run(&["frameworks", "cis-azure-5.0"]);
    assert_eq!(one.code, 0);
    assert!(one.stdout.contains("155 controls: "), "{}", one.stdout);
}

#[test]
fn off_a_terminal_the_table_wraps_to_columns() {
    let demo = demo();
    let args = ["scan", "--snapshot", &demo];
    let output = Command::new(env!("CARGO_BIN_EXE_azscan"))
        .args(args)
        .stdin(Stdio::null())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("spawn azscan");
    let table_run = finished(&args, output);
    assert_eq!(table_run.code, 0, "{}", table_run.stderr);
    let table: Vec<_> = table_run
        .stdout
        .lines()
        .take_while(|l| !l.contains(" results: "))
        .collect();
    assert!(table.len() > 10);
    for line in &table {
        assert!(line.chars().count() <= 100, "{line:?}");
    }
    // The longest demo message (ENTRA-005) is whole in JSON.
    let json = run(&["scan", "--snapshot", &demo, "--format", "json"]).json();
    let longest = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap().len())
        .max()
        .unwrap();
    assert!(longest > 100, "the demo has a message wider than the table");
}

#[test]
fn explain_shows_the_controls_derived_from_the_frameworks() {
    let json = run(&["explain", "AKV-006", "--format", "json"]).json();
    let controls: Vec<String> = json["compliance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["framework"].as_str().unwrap(),
                c["control"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        controls,
        [
            "cis-azure-3.0 3.3.6",
            "cis-azure-4.0 9.3.6",
            "cis-azure-5.0 8.3.6"
        ]
    );
    let text = run(&["explain", "AKV-006"]);
    assert!(
        text.stdout
            .contains("Compliance controls\n  - cis-azure-3.0 3.3.6: "),
        "{}",
        text.stdout
    );
}
