//! Issue 2's end-to-end contract: Storage, Key Vault and Container Registry verdicts
//! on the emulated subscription, paging, throttling, partial failures, exit codes,
//! check selection and the collect → scan --snapshot round trip.

use crate::support::checks::{Rescan, collect_and_rescan};
use crate::support::emulator::{ARM_TOKEN, Fault, Host};
use crate::support::fake_az::FakeAz;
use crate::support::run::azscan;
use crate::support::scenario::{
    SUB, TENANT, arm_denied, assert_verdicts, findings_of, scan_json, start, verdicts,
};

const FOUNDATION: &str = "AZST,AKV,ACR";

#[test]
fn storage_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", "AZST"]);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZST-001", "stprodsecure01", "PASS"),
            ("AZST-001", "stlegacyweb", "FAIL"),
            ("AZST-001", "stclassicv1", "FAIL"), // null: older accounts allow it
            ("AZST-001", "stdataarchive", "PASS"), // "false" as a string still reads false
            ("AZST-002", "stprodsecure01", "PASS"),
            ("AZST-002", "stlegacyweb", "FAIL"),
            ("AZST-002", "stclassicv1", "FAIL"),
            ("AZST-003", "stprodsecure01", "PASS"),
            ("AZST-003", "stdataarchive", "PASS"), // microsoft.keyvault in lower case
            ("AZST-003", "stlegacyweb", "FAIL"),
            ("AZST-003", "stclassicv1", "FAIL"),
            ("AZST-004", "stprodsecure01", "PASS"),
            ("AZST-004", "stdataarchive", "PASS"), // TLS1_3
            ("AZST-004", "stlegacyweb", "FAIL"),
            ("AZST-004", "stclassicv1", "FAIL"),
            ("AZST-005", "stprodsecure01", "PASS"),
            ("AZST-005", "stlegacyweb", "FAIL"), // 404: no policy
            ("AZST-005", "stdataarchive", "FAIL"), // only a disabled rule
            ("AZST-006", "stprodsecure01", "PASS"), // shared keys disabled
            ("AZST-006", "stlegacyweb", "FAIL"),
            ("AZST-006", "stclassicv1", "FAIL"), // null creation times
            ("AZST-006", "stdataarchive", "FAIL"), // key2 is 120 days old
            ("AZST-006", "stfileshares", "PASS"),
        ],
    );
    // General-purpose v1 and FileStorage accounts hold no lifecycle policy.
    let judged: Vec<String> = findings_of(&report, "AZST-005")
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert!(
        !judged.contains(&"stclassicv1".to_string())
            && !judged.contains(&"stfileshares".to_string())
    );
    assert_eq!(emu.count(Host::Arm, "/subscriptions/9b5c7e1a-3d2f-4c8b-a6e4-2f1d0c9b8a71/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stfileshares/managementPolicies/default"), 0);
    assert_eq!(
        run.code, 0,
        "no --fail-on and nothing ERROR: {}",
        run.stderr
    );
}

#[test]
fn key_vault_verdicts_name_vault_and_item() {
    let (emu, az) = start();
    let report = scan_json(&emu, &az, &["--checks", "AKV"]).json();
    assert_verdicts(
        &report,
        &[
            ("AKV-001", "kv-prod-secure", "PASS"),
            ("AKV-001", "kv-legacy-app", "FAIL"),
            ("AKV-001", "kv-data-defaults", "PASS"), // null: on by default
            ("AKV-002", "kv-prod-secure", "PASS"),
            ("AKV-002", "kv-legacy-app", "FAIL"),
            ("AKV-002", "kv-data-defaults", "FAIL"),
            ("AKV-003", "kv-prod-secure", "PASS"),
            ("AKV-003", "kv-legacy-app", "FAIL"),
            ("AKV-003", "kv-data-defaults", "PASS"), // "deny" in lower case
            ("AKV-004", "kv-prod-secure/cmk-storage", "PASS"),
            ("AKV-004", "kv-legacy-app/signing-key", "FAIL"),
            ("AKV-005", "kv-prod-secure/db-password", "PASS"), // enabled unless false
            ("AKV-005", "kv-legacy-app/api-token", "FAIL"),
            ("AKV-005", "kv-legacy-app/smtp-password", "PASS"), // second page
            ("AKV-006", "kv-prod-secure", "PASS"),
            ("AKV-006", "kv-legacy-app", "FAIL"),
            ("AKV-006", "kv-data-defaults", "FAIL"),
        ],
    );
    let keys = findings_of(&report, "AKV-004");
    assert_eq!(
        keys.len(),
        2,
        "disabled keys and empty vaults give no result: {keys:?}"
    );
    let (_, _, message) = &keys.iter().find(|k| k.1 == "FAIL").unwrap();
    assert!(
        message.contains("signing-key") && message.contains("kv-legacy-app"),
        "{message}"
    );
}

#[test]
fn registry_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let report = scan_json(&emu, &az, &["--checks", "ACR"]).json();
    assert_verdicts(
        &report,
        &[
            ("ACR-001", "acrprodsecure", "PASS"),
            ("ACR-001", "acrdevopen", "FAIL"),
            ("ACR-001", "acrdefaults", "PASS"),
            ("ACR-001", "acrpremiumfw", "PASS"),
            ("ACR-002", "acrprodsecure", "PASS"),
            ("ACR-002", "acrdevopen", "FAIL"), // Deny is not enforced on Basic
            ("ACR-002", "acrdefaults", "FAIL"),
            ("ACR-002", "acrpremiumfw", "PASS"), // Premium with DENY
            ("ACR-003", "acrprodsecure", "PASS"),
            ("ACR-003", "acrdevopen", "FAIL"),
            ("ACR-003", "acrdefaults", "FAIL"),
            ("ACR-003", "acrpremiumfw", "PASS"),
            ("ACR-004", "acrprodsecure", "FAIL"), // Containers plan is Free
            ("ACR-004", "acrdevopen", "FAIL"),
            ("ACR-005", "acrprodsecure", "MANUAL"),
            ("ACR-005", "acrdefaults", "MANUAL"),
        ],
    );
}

#[test]
fn paging_throttling_and_transient_errors_are_absorbed() {
    let (emu, az) = start();
    let accounts = format!("/subscriptions/{SUB}/providers/Microsoft.Storage/storageAccounts");
    let throttled = Fault::Status {
        status: 429,
        code: "SubscriptionRequestsThrottled".into(),
        message: "Number of 'read' requests exceeded. Please try again after '1' seconds.".into(),
        retry_after: Some(1),
    };
    emu.fault(Host::Arm, &accounts, throttled, Some(1));
    let vaults = format!("/subscriptions/{SUB}/providers/Microsoft.KeyVault/vaults");
    let unavailable = Fault::Status {
        status: 503,
        code: "ServiceUnavailable".into(),
        message: "try later".into(),
        retry_after: None,
    };
    emu.fault(Host::Arm, &vaults, unavailable, Some(1));
    let run = scan_json(&emu, &az, &["--checks", FOUNDATION]);
    let report = run.json();
    assert_eq!(run.code, 0, "retries must hide both faults: {}", run.stderr);
    assert_eq!(report["scan"]["complete"], true);
    // 429 once + 3 pages (one empty) = 4 requests for the storage list.
    assert_eq!(emu.count(Host::Arm, &accounts), 4);
    assert_eq!(emu.count(Host::Arm, &vaults), 3, "503 once + 2 pages");
    assert_eq!(
        verdicts(&report)
            .keys()
            .filter(|(r, _)| r == "AZST-001")
            .count(),
        5
    );
    assert!(report["scan"]["requests"].as_u64().unwrap() >= 20);
    // Every request carried the ARM-audience token and our user agent.
    for request in emu.requests() {
        assert_eq!(
            request.authorization.as_deref(),
            Some(format!("Bearer {ARM_TOKEN}").as_str())
        );
        assert!(
            request
                .user_agent
                .as_deref()
                .unwrap_or("")
                .starts_with("azscan/")
        );
        assert!(request.query.contains("api-version="), "{request:?}");
    }
}

#[test]
fn a_403_turns_exactly_the_affected_results_into_errors() {
    let (emu, az) = start();
    let keys = format!(
        "/subscriptions/{SUB}/resourceGroups/RG-Legacy/providers/Microsoft.KeyVault/vaults/kv-legacy-app/keys"
    );
    let denied = arm_denied("Microsoft.KeyVault/vaults/keys/read");
    emu.fault(Host::Arm, &keys, denied, None);
    let run = scan_json(&emu, &az, &["--checks", FOUNDATION]);
    assert_eq!(run.code, 3, "incomplete scan: {}", run.stderr);
    let report = run.json();
    assert_eq!(report["scan"]["complete"], false);
    // AKV-004 and AKV-009 both read the refused key list.
    assert_eq!(report["summary"]["ERROR"], 2);
    let gaps = report["scan"]["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0]["status"], 403);
    assert_eq!(gaps[0]["code"], "AuthorizationFailed");
    assert_eq!(gaps[0]["service"], "keyvault");
    assert_verdicts(
        &report,
        &[
            ("AKV-004", "kv-legacy-app", "ERROR"), // the vault itself, not a key
            ("AKV-009", "kv-legacy-app", "ERROR"),
            ("AKV-004", "kv-prod-secure/cmk-storage", "PASS"),
            ("AKV-005", "kv-legacy-app/api-token", "FAIL"),
            ("AKV-001", "kv-legacy-app", "FAIL"),
        ],
    );
    let error = findings_of(&report, "AKV-004")
        .into_iter()
        .find(|f| f.1 == "ERROR")
        .unwrap();
    assert!(
        error.2.contains("403") && error.2.contains("AuthorizationFailed"),
        "{}",
        error.2
    );
    assert!(run.stderr.contains("incomplete"), "{}", run.stderr);

    let allowed = scan_json(&emu, &az, &["--checks", FOUNDATION, "--allow-incomplete"]);
    assert_eq!(allowed.code, 0);
    let gated = scan_json(&emu, &az, &["--checks", FOUNDATION, "--fail-on", "high"]);
    assert_eq!(gated.code, 1, "a HIGH FAIL beats incompleteness");
}

#[test]
fn an_unreadable_list_gives_one_error_per_check_against_the_subscription() {
    let (emu, az) = start();
    let registries =
        format!("/subscriptions/{SUB}/providers/Microsoft.ContainerRegistry/registries");
    let denied = arm_denied("Microsoft.ContainerRegistry/registries/read");
    emu.fault(Host::Arm, &registries, denied, None);
    let run = scan_json(&emu, &az, &["--checks", "ACR,AZST-001"]);
    assert_eq!(run.code, 3);
    let report = run.json();
    for rule in ["ACR-001", "ACR-002", "ACR-003", "ACR-004", "ACR-005"] {
        let found = findings_of(&report, rule);
        assert_eq!(found.len(), 1, "{rule}: {found:?}");
        assert_eq!(found[0].1, "ERROR");
        assert_eq!(found[0].0, "Contoso Production");
    }
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "ERROR")
        .map(|f| f["resource_id"].as_str().unwrap())
        .collect();
    assert!(
        ids.iter().all(|id| *id == format!("/subscriptions/{SUB}")),
        "{ids:?}"
    );
    assert_eq!(
        findings_of(&report, "AZST-001").len(),
        5,
        "storage is unaffected"
    );
}

#[test]
fn fail_on_thresholds_map_to_exit_codes() {
    let (emu, az) = start();
    // AKV-002 on kv-legacy-app is HIGH; ACR-005 is only MANUAL.
    assert_eq!(
        scan_json(&emu, &az, &["--checks", "AKV-002", "--fail-on", "high"]).code,
        1
    );
    assert_eq!(
        scan_json(&emu, &az, &["--checks", "AKV-002", "--fail-on", "critical"]).code,
        0
    );
    assert_eq!(
        scan_json(&emu, &az, &["--checks", "AKV-002"]).code,
        0,
        "--fail-on defaults to none"
    );
    assert_eq!(
        scan_json(&emu, &az, &["--checks", "ACR-005", "--fail-on", "info"]).code,
        0
    );
    assert_eq!(
        scan_json(&emu, &az, &["--checks", "AZST-005", "--fail-on", "low"]).code,
        1
    );
}

#[test]
fn check_selection_limits_results_and_requests() {
    let (emu, az) = start();
    let report = scan_json(
        &emu,
        &az,
        &[
            "--checks",
            "AKV-*",
            "--skip-checks",
            "AKV-004,AKV-005,AKV-009",
        ],
    )
    .json();
    let rules: std::collections::BTreeSet<String> =
        verdicts(&report).keys().map(|(r, _)| r.clone()).collect();
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        [
            "AKV-001", "AKV-002", "AKV-003", "AKV-006", "AKV-007", "AKV-008"
        ]
    );
    // Unselected data is not read at all.
    assert!(
        emu.requests()
            .iter()
            .all(|r| !r.path.contains("Microsoft.Storage") && !r.path.ends_with("/keys"))
    );
}

#[test]
fn collect_then_scan_snapshot_matches_a_live_scan() {
    let (emu, az) = start();
    // Offline: no emulator, no az on PATH.
    let Rescan { live, offline, .. } = collect_and_rescan(&emu, &az, FOUNDATION);
    let strip = |v: &serde_json::Value| {
        let mut findings = v["findings"].as_array().unwrap().clone();
        for f in &mut findings {
            // Time-based messages are judged at collected_at; keep them comparable.
            f.as_object_mut().unwrap().remove("message");
        }
        findings
    };
    assert_eq!(strip(&live), strip(&offline));
    assert_eq!(offline["scan"]["tenant_id"], TENANT);
    assert_eq!(offline["scan"]["subscriptions"][0]["id"], SUB);
}

#[test]
fn bad_input_exits_2_with_one_sentence() {
    let (emu, az) = start();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--subscription-id", "not-a-guid"],
            "not a subscription ID",
        ),
        (
            vec!["--subscription-id", SUB, "--fail-on", "severe"],
            "invalid value",
        ),
        (
            vec!["--subscription-id", SUB, "--checks", "NOPE"],
            "matches no check",
        ),
        (
            vec!["scan", "--snapshot", "/nonexistent/snap.json"],
            "cannot read snapshot",
        ),
        (
            vec!["--subscription-id", "00000000-0000-0000-0000-00000000dead"],
            "not found or is not accessible",
        ),
        (
            vec![
                "--subscription-id",
                SUB,
                "--arm-endpoint",
                "http://example.com",
            ],
            "https is required",
        ),
        (vec![], "nothing to scan"),
    ];
    for (args, expected) in cases {
        let run = azscan(&args, &emu, &az);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?} printed a report");
    }
}

#[test]
fn malformed_and_future_snapshots_are_refused() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("garbage.json", "{not json", "not valid JSON"),
        ("other.json", r#"{"hello": 1}"#, "not an azscan snapshot"),
        (
            "future.json",
            r#"{"schema_version": 99}"#,
            "schema_version 99",
        ),
        (
            "broken.json",
            r#"{"schema_version": 1, "collected_at": "yesterday"}"#,
            "malformed",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let run = azscan(&["scan", "--snapshot", path.to_str().unwrap()], &emu, &az);
        assert_eq!(run.code, 2, "{name}");
        assert!(run.stderr.contains(expected), "{name}: {}", run.stderr);
    }
}

#[test]
fn no_credential_is_an_authentication_error_naming_az_login() {
    let emu = crate::support::emulator::Emulator::start();
    emu.load_dir(&crate::support::scenario::scenario_dir());
    let run = azscan(
        &["--subscription-id", SUB, "--auth", "cli"],
        &emu,
        &FakeAz::failing(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("az login"), "{}", run.stderr);
    assert!(
        emu.requests().is_empty(),
        "nothing may be requested without a token"
    );
}

#[test]
fn tokens_never_reach_the_logs() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", "AKV", "-vvv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("GET "),
        "debug logging should show requests: {}",
        run.stderr
    );
    assert!(!run.stderr.contains(ARM_TOKEN) && !run.stdout.contains(ARM_TOKEN));
}
