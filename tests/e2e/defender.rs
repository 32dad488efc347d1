//! Issue 12's Defender for Cloud contract end to end: the DEF plan, contact, setting
//! and score checks and the assessment checks (ACR-012, AZVM-011/012) on the emulated
//! subscription; each Security list read once per subscription however many checks
//! share it; and how a refused or unregistered Security call turns exactly the checks
//! that needed it into ERROR.

use crate::support::checks::{
    assert_all_error, assert_message, assert_reads, assert_result_counts, collect_and_rescan, deny,
    scan_checks,
};
use crate::support::emulator::{Fault, Host};
use crate::support::scenario::{SUB, assert_verdicts, scan_json, start};

/// The scenario subscription as results name it.
const SUBSCRIPTION: &str = "Contoso Production";

fn security(path: &str) -> String {
    format!("/subscriptions/{SUB}/providers/Microsoft.Security/{path}")
}

/// ARM's answer when Microsoft.Security is not registered in the subscription.
fn unregistered() -> Fault {
    Fault::Status {
        status: 409,
        code: "MissingSubscriptionRegistration".into(),
        message: "The subscription is not registered to use namespace 'Microsoft.Security'.".into(),
        retry_after: None,
    }
}

#[test]
fn defender_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    // Nothing ERROR, no --fail-on: exit 0.
    let report = scan_checks(&emu, &az, "DEF,ACR-004,ACR-012,AZVM-011,AZVM-012", 0);
    let s = SUBSCRIPTION;
    assert_verdicts(
        &report,
        &[
            ("DEF-001", s, "PASS"), // Standard, P2
            ("DEF-002", s, "FAIL"), // AppServices Free
            ("DEF-003", s, "PASS"),
            ("DEF-004", s, "PASS"), // tier sent as "standard"
            ("DEF-005", s, "FAIL"),
            ("DEF-006", s, "FAIL"), // CosmosDbs not listed
            ("DEF-007", s, "PASS"),
            ("DEF-008", s, "FAIL"), // Containers Free, only one legacy plan Standard
            ("DEF-009", s, "PASS"),
            ("DEF-010", s, "PASS"),
            ("DEF-011", s, "PASS"), // Dns retired, Servers P2 carries it
            ("DEF-014", s, "PASS"),
            ("DEF-015", s, "PASS"), // WDATP enabled sent as "True"
            ("DEF-016", s, "FAIL"), // no VA provider selected
            ("DEF-017", s, "PASS"),
            ("DEF-018", s, "FAIL"), // Kubernetes discovery off
            ("DEF-019", s, "FAIL"), // auto-provisioning Off
            ("DEF-020", s, "PASS"),
            ("DEF-021", s, "PASS"),
            ("DEF-022", s, "PASS"),
            ("DEF-023", s, "FAIL"), // "AttachPath", Critical only
            ("DEF-024", s, "MANUAL"),
            ("ACR-004", "acrdevopen", "FAIL"), // Containers Free, shared pricings
            ("ACR-012", "acrprodsecure", "PASS"),
            ("ACR-012", "acrdevopen", "FAIL"), // one unhealthy image
            ("ACR-012", "acrdefaults", "PASS"), // previous key, ID fallback
            ("ACR-012", "acrpremiumfw", "MANUAL"),
            ("AZVM-011", "vm-jumpbox", "FAIL"),
            ("AZVM-011", "vm-app01", "PASS"), // resourceDetails id/source, upper case
            ("AZVM-011", "vm-legacy-win", "FAIL"), // legacy key only
            ("AZVM-011", "vm-db01", "PASS"),  // NotApplicable
            ("AZVM-011", "vm-restored", "MANUAL"),
            ("AZVM-012", "vm-jumpbox", "FAIL"),
            ("AZVM-012", "vm-app01", "PASS"),
            ("AZVM-012", "vm-legacy-win", "PASS"), // NotApplicable
            ("AZVM-012", "vm-db01", "MANUAL"),
            ("AZVM-012", "vm-restored", "MANUAL"),
        ],
    );
    // Subscription checks give one result each: the catalog's 24 DEF checks here
    // (DEF-012/013 too, since the scenario holds API Management and OpenAI accounts).
    let def_results = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap().starts_with("DEF-"))
        .count();
    assert_eq!(def_results, 24);
    assert_result_counts(&report, &[("ACR-012", 4)]);

    assert_message(
        &report,
        "DEF-001",
        s,
        &["subPlan P2", "some resources opted out"],
    );
    assert_message(
        &report,
        "DEF-011",
        s,
        &["deprecated, replaced by VirtualMachines"],
    );
    assert_message(&report, "DEF-018", s, &["AgentlessDiscoveryForKubernetes"]);
    assert_message(&report, "DEF-024", s, &["60.33%"]);
    assert_message(&report, "ACR-012", "acrdevopen", &["1 of 2"]);
    assert_message(&report, "AZVM-011", "vm-db01", &["OffByPolicy"]);

    // Every Security list once (assessments: its two pages), pricings shared by
    // ACR-004 and the DEF checks; no JIT policies, which no selected check reads.
    assert_reads(
        &emu,
        [
            ("pricings", 1),
            ("securityContacts", 1),
            ("settings", 1),
            ("autoProvisioningSettings", 1),
            ("serverVulnerabilityAssessmentsSettings", 1),
            ("secureScores", 1),
            ("assessments", 2),
            ("jitNetworkAccessPolicies", 0),
        ]
        .map(|(path, reads)| (security(path), reads)),
    );
}

#[test]
fn the_secure_score_is_judged_against_a_configured_minimum() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("azscan.toml");
    std::fs::write(&file, "[defender]\nmin_secure_score_percent = 75\n").unwrap();
    let config = file.display().to_string();
    let run = scan_json(&emu, &az, &["--checks", "DEF-024", "--config", &config]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_verdicts(&report, &[("DEF-024", SUBSCRIPTION, "FAIL")]);
    assert_message(&report, "DEF-024", SUBSCRIPTION, &["75%"]);
}

#[test]
fn an_unregistered_security_provider_errors_the_contact_checks_naming_it() {
    let (emu, az) = start();
    emu.fault(
        Host::Arm,
        &security("securityContacts"),
        unregistered(),
        None,
    );
    let report = scan_checks(&emu, &az, "DEF", 3);
    for rule in ["DEF-020", "DEF-021", "DEF-022", "DEF-023"] {
        assert_verdicts(&report, &[(rule, SUBSCRIPTION, "ERROR")]);
        assert_all_error(&report, rule, 1, &["409", "Microsoft.Security"]);
    }
    assert_eq!(report["summary"]["ERROR"], 4);
    assert_verdicts(
        &report,
        &[
            ("DEF-001", SUBSCRIPTION, "PASS"),
            ("DEF-024", SUBSCRIPTION, "MANUAL"),
        ],
    );
}

#[test]
fn refused_assessments_error_each_judged_resource_and_nothing_else() {
    let (emu, az) = start();
    deny(
        &emu,
        &security("assessments"),
        "Microsoft.Security/assessments/read",
    );
    let checks = "ACR-004,ACR-012,AZVM-011,AZVM-012,DEF-008";
    let report = scan_checks(&emu, &az, checks, 3);
    for (rule, count) in [("ACR-012", 4), ("AZVM-011", 5), ("AZVM-012", 5)] {
        assert_all_error(&report, rule, count, &["403", "Defender assessments"]);
    }
    assert_eq!(report["summary"]["ERROR"], 14);
    assert_verdicts(
        &report,
        &[
            ("ACR-004", "acrprodsecure", "FAIL"),
            ("DEF-008", SUBSCRIPTION, "FAIL"),
        ],
    );
}

#[test]
fn a_contact_field_of_the_wrong_type_errors_the_contact_checks_only() {
    let (emu, az) = start();
    let contact =
        format!("/subscriptions/{SUB}/providers/Microsoft.Security/securityContact/default");
    let route = serde_json::json!({"routes": [{
        "path": security("securityContacts"),
        "api_version": "2023-12-01-preview",
        "body": {"value": [{"id": contact, "name": "default",
            "type": "Microsoft.Security/securityContact",
            "properties": {"isEnabled": "yes", "emails": "secops@contoso.com",
                "notificationsByRole": {"state": "On", "roles": ["Owner"]}}}]}
    }]});
    emu.load_str(&route.to_string());
    let report = scan_checks(&emu, &az, "DEF-001,DEF-020,DEF-021", 3);
    assert_verdicts(
        &report,
        &[
            ("DEF-001", SUBSCRIPTION, "PASS"),
            ("DEF-020", SUBSCRIPTION, "ERROR"),
            ("DEF-021", SUBSCRIPTION, "ERROR"),
        ],
    );
    assert_message(
        &report,
        "DEF-020",
        SUBSCRIPTION,
        &["properties.isEnabled is text where true or false belongs"],
    );
}

#[test]
fn the_snapshot_keeps_only_the_assessments_a_check_judges_and_rescans_alike() {
    let (emu, az) = start();
    let rescan = collect_and_rescan(&emu, &az, "ACR-012,AZVM-011,AZVM-012");
    let text = &rescan.snapshot;
    let saved: serde_json::Value = serde_json::from_str(text).unwrap();
    let keys: Vec<&str> = saved["security"]["assessments"]["ok"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["key"].as_str().unwrap())
        .collect();
    // Both pages were read; the scenario's other recommendation was dropped.
    assert_eq!(keys.len(), 16, "{keys:?}");
    assert!(!text.contains("4ab6e3c5-74dd-8b35-9ab9-f61b30875b27"));
    assert_eq!(rescan.live["findings"], rescan.offline["findings"]);
}
