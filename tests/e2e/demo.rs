//! The bundled demo snapshot (`fixtures/demo/snapshot.json`, what the README's first
//! command scans) is the emulated scenario as `azscan collect` reads it. This keeps it
//! honest: regenerate with `AZSCAN_BLESS=1 cargo test --test e2e demo`.

use crate::support::run::azscan;
use crate::support::scenario::{SUB, scan_json, start};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn demo_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/snapshot.json")
}

/// (rule, canonical resource ID, status) for every finding of a JSON report.
fn outcomes(report: &serde_json::Value) -> BTreeSet<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource_id"].as_str().unwrap().to_lowercase(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn demo_snapshot_gives_the_same_verdicts_as_a_live_scan_of_the_scenario() {
    let (emu, az) = start();
    let demo = demo_path();
    if std::env::var_os("AZSCAN_BLESS").is_some() {
        let run = azscan(
            &[
                "collect",
                "--subscription-id",
                SUB,
                "-o",
                demo.to_str().unwrap(),
            ],
            &emu,
            &az,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let live = scan_json(&emu, &az, &[]);
    assert_eq!(
        live.code, 0,
        "the scenario has no permanent failures: {}",
        live.stderr
    );
    let offline = azscan(
        &[
            "scan",
            "--snapshot",
            demo.to_str().unwrap(),
            "--format",
            "json",
        ],
        &emu,
        &az,
    );
    assert_eq!(offline.code, 0, "{}", offline.stderr);
    let (live, offline) = (live.json(), offline.json());
    assert_eq!(
        outcomes(&live),
        outcomes(&offline),
        "fixtures/demo/snapshot.json is stale: run AZSCAN_BLESS=1 cargo test --test e2e demo"
    );
    assert!(
        offline["summary"]["FAIL"].as_u64().unwrap() > 10,
        "the demo should show problems"
    );
    assert!(
        offline["summary"]["PASS"].as_u64().unwrap() > 10,
        "and good resources"
    );
}

#[test]
fn the_readme_demo_command_prints_a_table_of_problems() {
    let (emu, az) = start();
    let run = azscan(
        &["scan", "--snapshot", demo_path().to_str().unwrap()],
        &emu,
        &az,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("SEVERITY") && run.stdout.contains("AZST-001"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("stlegacyweb"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("\u{1b}["),
        "no colour when stdout is not a terminal"
    );
    let summary = run
        .stdout
        .lines()
        .rev()
        .find(|l| l.contains(" results: "))
        .unwrap();
    assert!(
        summary.contains("FAIL") && summary.contains("PASS"),
        "{summary}"
    );
    assert!(
        emu.requests().is_empty(),
        "a snapshot scan makes no request"
    );
}
