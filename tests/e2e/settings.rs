//! Check settings and opt-in checks end to end: azscan.toml sections and
//! `--enable-checks` are validated before scanning (exit 2, naming file and line), and
//! the JSON report echoes the settings in force.

use crate::support::run::azscan;
use crate::support::scenario::{SUB, scan_json, start};
use std::path::Path;

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/demo/snapshot.json")
        .display()
        .to_string()
}

fn config(dir: &Path, text: &str) -> String {
    let path = dir.join("azscan.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn the_json_report_echoes_the_settings_in_force() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let file = config(
        dir.path(),
        "[storage]\nsas_max_expiration = \"0.08:00:00\"\n[defender]\nmin_secure_score_percent = 70\n",
    );
    let demo = demo();
    let args = [
        "scan",
        "--snapshot",
        &demo,
        "--format",
        "json",
        "--checks",
        "AKV-002",
        "--config",
        &file,
        "--enable-checks",
        "akv-002",
    ];
    let run = azscan(&args, &emu, &az);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let settings = &report["settings"];
    assert_eq!(settings["storage"]["sas_max_expiration"], "0.08:00:00");
    assert_eq!(settings["defender"]["min_secure_score_percent"], 70.0);
    assert_eq!(
        settings["vm"]["approved_extensions"],
        serde_json::Value::Null
    );
    assert_eq!(settings["checks"]["enable"], serde_json::json!(["AKV-002"]));
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule_id"] == "AKV-002")
    );

    // Without a configuration file the defaults are echoed.
    let live = scan_json(&emu, &az, &["--checks", "AKV-002"]);
    assert_eq!(live.code, 0, "{}", live.stderr);
    let defaults = &live.json()["settings"];
    assert_eq!(defaults["storage"]["sas_max_expiration"], "0.01:00:00");
    assert_eq!(defaults["checks"]["enable"], serde_json::json!([]));
}

#[test]
fn bad_settings_and_unknown_opt_in_ids_exit_2_before_scanning() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("[storage]\nsas_max = \"1\"\n", "azscan.toml:2:", "sas_max"),
        ("\n[network]\nports = [22]\n", "azscan.toml:2:", "network"),
        (
            "[defender]\nmin_secure_score_percent = \"high\"\n",
            "azscan.toml:2:",
            "min_secure_score_percent",
        ),
        (
            "[defender]\nmin_secure_score_percent = 101\n",
            "azscan.toml:2:",
            "between 0 and 100",
        ),
        (
            "[checks]\n\nenable = [\"AZXX-001\"]\n",
            "azscan.toml:3:",
            "AZXX-001",
        ),
    ];
    for (text, line, word) in cases {
        let file = config(dir.path(), text);
        let run = azscan(
            &["scan", "--subscription-id", SUB, "--config", &file],
            &emu,
            &az,
        );
        assert_eq!(run.code, 2, "{text}: {}", run.stderr);
        assert!(
            run.stderr.contains(line) && run.stderr.contains(word),
            "{text}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "nothing is scanned: {}", run.stdout);
    }
    let unknown = azscan(
        &["scan", "--subscription-id", SUB, "--enable-checks", "AKV"],
        &emu,
        &az,
    );
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("--enable-checks"),
        "{}",
        unknown.stderr
    );
    assert!(emu.requests().is_empty(), "nothing was requested");
}

#[test]
fn the_catalog_says_each_checks_lifecycle() {
    let (emu, az) = start();
    let run = azscan(&["checks", "--format", "json"], &emu, &az);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let checks = run.json();
    let checks = checks.as_array().unwrap();
    assert!(!checks.is_empty());
    // Checks on a feature Azure retired run, marked legacy with what replaces it.
    const LEGACY: [&str; 2] = ["DEF-011", "DEF-019"];
    for check in checks {
        // The DP-4 checks need more than Reader: off by default, with the reason.
        if matches!(check["id"].as_str(), Some("AZAPP-014" | "AZFUNC-002")) {
            assert_eq!(check["lifecycle"], "opt-in", "{check}");
            assert!(
                check["lifecycle_reason"]
                    .as_str()
                    .is_some_and(|r| r.contains("config/list/action"))
            );
            continue;
        }
        // AKV-010 reads vault data planes: opt-in, with the reason shown.
        if check["id"] == "AKV-010" {
            assert_eq!(check["lifecycle"], "opt-in", "{check}");
            let reason = check["lifecycle_reason"].as_str().unwrap_or_default();
            assert!(reason.contains("data plane"), "{check}");
            continue;
        }
        if LEGACY.contains(&check["id"].as_str().unwrap()) {
            assert_eq!(check["lifecycle"], "legacy", "{check}");
            assert!(
                check["lifecycle_reason"]
                    .as_str()
                    .is_some_and(|r| !r.is_empty())
            );
        } else {
            assert_eq!(check["lifecycle"], "active", "{check}");
            assert_eq!(check["lifecycle_reason"], serde_json::Value::Null);
        }
    }
}
