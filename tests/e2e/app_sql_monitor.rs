//! Issue 5's end-to-end contract: App Service, SQL and Monitor verdicts on the emulated
//! subscription, per-resource sub-calls that fail on their own, Activity Log export and
//! alert coverage, and the collect → scan --snapshot round trip for these services.

use crate::support::checks::{Rescan, assert_message, collect_and_rescan, deny, scan_checks};
use crate::support::emulator::Host;
use crate::support::scenario::{SUB, assert_verdicts, findings_of, message_of, scan_json, start};

/// Every AZMON check whose data the Monitor, Key Vault and Storage collectors read
/// (AZMON-005 reads flow logs from the network collector).
const MONITOR: &str = "AZMON-001,AZMON-002,AZMON-003,AZMON-004,AZMON-006,AZMON-007";

/// Issue 5's App Service checks (the later ones are `monitor_app.rs`'s).
const APP: &str = "AZAPP-001,AZAPP-002,AZAPP-003,AZAPP-004,AZAPP-005";

fn site(rg: &str, name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{name}")
}

fn server(rg: &str, name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Sql/servers/{name}")
}

/// The one message of `rule` on `resource`.

#[test]
fn app_service_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", APP]);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZAPP-001", "app-contoso-portal", "PASS"),
            ("AZAPP-001", "app-legacy-intranet", "FAIL"),
            ("AZAPP-001", "func-orders", "PASS"),
            ("AZAPP-001", "func-reports-linux", "FAIL"), // httpsOnly absent
            ("AZAPP-001", "app-staging-api", "PASS"),
            ("AZAPP-002", "app-contoso-portal", "PASS"), // 1.2
            ("AZAPP-002", "app-legacy-intranet", "FAIL"), // 1.0 (the list's siteConfig says 1.2)
            ("AZAPP-002", "func-orders", "PASS"),        // 1.3
            ("AZAPP-002", "func-reports-linux", "FAIL"), // 1.1
            ("AZAPP-002", "app-staging-api", "PASS"),
            ("AZAPP-003", "app-contoso-portal", "PASS"),
            ("AZAPP-003", "app-legacy-intranet", "FAIL"), // no identity block
            ("AZAPP-003", "func-orders", "FAIL"),         // identity.type None
            ("AZAPP-003", "func-reports-linux", "PASS"),  // UserAssigned
            ("AZAPP-003", "app-staging-api", "PASS"),     // both kinds
            ("AZAPP-004", "app-contoso-portal", "PASS"),
            ("AZAPP-004", "app-legacy-intranet", "FAIL"),
            ("AZAPP-004", "func-orders", "PASS"),
            ("AZAPP-004", "func-reports-linux", "PASS"), // absent: off
            ("AZAPP-004", "app-staging-api", "PASS"),
            ("AZAPP-005", "app-contoso-portal", "PASS"), // Disabled
            ("AZAPP-005", "app-legacy-intranet", "FAIL"), // AllAllowed
            ("AZAPP-005", "func-orders", "PASS"),        // FtpsOnly
            ("AZAPP-005", "func-reports-linux", "FAIL"), // absent
            ("AZAPP-005", "app-staging-api", "PASS"),    // ftpsonly
        ],
    );
    // Five sites over three pages (one empty), one config/web read each.
    assert_eq!(findings_of(&report, "AZAPP-001").len(), 5);
    for (rg, name) in [
        ("rg-prod", "app-contoso-portal"),
        ("RG-Legacy", "app-legacy-intranet"),
        ("rg-prod", "func-orders"),
        ("rg-data", "func-reports-linux"),
        ("rg-prod", "app-staging-api"),
    ] {
        let config = format!("{}/config/web", site(rg, name));
        assert_eq!(emu.count(Host::Arm, &config), 1, "{config}");
    }
    assert_message(
        &report,
        "AZAPP-003",
        "func-orders",
        &["function app", "None"],
    );
    assert_message(
        &report,
        "AZAPP-002",
        "app-legacy-intranet",
        &["minTlsVersion is 1.0"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_403_on_config_web_errors_only_the_config_checks_of_that_site() {
    let (emu, az) = start();
    let config = format!("{}/config/web", site("rg-prod", "app-contoso-portal"));
    deny(&emu, &config, "Microsoft.Web/sites/config/read");
    let report = scan_checks(&emu, &az, APP, 3);
    assert_verdicts(
        &report,
        &[
            ("AZAPP-001", "app-contoso-portal", "PASS"),
            ("AZAPP-003", "app-contoso-portal", "PASS"),
            ("AZAPP-002", "app-contoso-portal", "ERROR"),
            ("AZAPP-004", "app-contoso-portal", "ERROR"),
            ("AZAPP-005", "app-contoso-portal", "ERROR"),
            ("AZAPP-002", "func-orders", "PASS"),
            ("AZAPP-005", "app-legacy-intranet", "FAIL"),
        ],
    );
    assert_eq!(report["summary"]["ERROR"], 3);
    assert_message(
        &report,
        "AZAPP-004",
        "app-contoso-portal",
        &["config/web", "403"],
    );
    let gaps = report["scan"]["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0]["service"], "web");
}

#[test]
fn sql_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", "AZSQL"]);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZSQL-001", "sql-prod-orders", "PASS"),
            ("AZSQL-001", "sql-legacy-crm", "FAIL"),
            ("AZSQL-001", "sql-data-warehouse", "PASS"), // azureKeyVault, other casing
            ("AZSQL-001", "sql-analytics-nsp", "FAIL"),
            ("AZSQL-002", "sql-prod-orders", "PASS"),
            ("AZSQL-002", "sql-legacy-crm", "FAIL"),
            ("AZSQL-002", "sql-data-warehouse", "PASS"), // "enabled"
            ("AZSQL-002", "sql-analytics-nsp", "PASS"),
            ("AZSQL-003", "sql-prod-orders", "PASS"),
            ("AZSQL-003", "sql-legacy-crm", "FAIL"),
            ("AZSQL-003", "sql-data-warehouse", "FAIL"), // publicNetworkAccess absent
            ("AZSQL-003", "sql-analytics-nsp", "PASS"),  // SecuredByPerimeter
            ("AZSQL-004", "sql-prod-orders", "PASS"),
            ("AZSQL-004", "sql-legacy-crm", "FAIL"),
            ("AZSQL-004", "sql-data-warehouse", "PASS"),
            ("AZSQL-004", "sql-analytics-nsp", "PASS"),
            ("AZSQL-005", "sql-prod-orders", "PASS"),
            ("AZSQL-005", "sql-legacy-crm", "FAIL"),
            ("AZSQL-005", "sql-data-warehouse", "PASS"),
            ("AZSQL-005", "sql-analytics-nsp", "FAIL"),
        ],
    );
    assert_message(&report, "AZSQL-003", "sql-data-warehouse", &["not set"]);
    for suffix in [
        "encryptionProtector/current",
        "auditingSettings/default",
        "administrators",
        "advancedThreatProtectionSettings/Default",
    ] {
        let path = format!("{}/{suffix}", server("rg-data", "sql-analytics-nsp"));
        assert_eq!(emu.count(Host::Arm, &path), 1, "{path}");
    }
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_failed_sql_sub_call_errors_only_the_check_that_needed_it() {
    let (emu, az) = start();
    let auditing = format!(
        "{}/auditingSettings/default",
        server("rg-prod", "sql-prod-orders")
    );
    deny(
        &emu,
        &auditing,
        "Microsoft.Sql/servers/auditingSettings/read",
    );
    // The server list shows this server's Entra admin, which answers AZSQL-004 anyway.
    let listed = format!("{}/administrators", server("rg-data", "sql-analytics-nsp"));
    deny(&emu, &listed, "Microsoft.Sql/servers/administrators/read");
    // This one has no admin in the list either: nothing to judge from.
    let unlisted = format!("{}/administrators", server("RG-Legacy", "sql-legacy-crm"));
    deny(&emu, &unlisted, "Microsoft.Sql/servers/administrators/read");
    let report = scan_checks(&emu, &az, "AZSQL", 3);
    assert_verdicts(
        &report,
        &[
            ("AZSQL-002", "sql-prod-orders", "ERROR"),
            ("AZSQL-001", "sql-prod-orders", "PASS"),
            ("AZSQL-003", "sql-prod-orders", "PASS"),
            ("AZSQL-004", "sql-prod-orders", "PASS"),
            ("AZSQL-005", "sql-prod-orders", "PASS"),
            ("AZSQL-004", "sql-analytics-nsp", "PASS"),
            ("AZSQL-004", "sql-legacy-crm", "ERROR"),
            ("AZSQL-002", "sql-legacy-crm", "FAIL"),
            // AZSQL-008 judges only audited servers: unknown without the settings.
            ("AZSQL-008", "sql-prod-orders", "ERROR"),
        ],
    );
    assert_eq!(report["summary"]["ERROR"], 3);
    assert_message(
        &report,
        "AZSQL-002",
        "sql-prod-orders",
        &["auditingSettings/default", "AuthorizationFailed"],
    );
}

#[test]
fn monitor_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", MONITOR]);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZMON-001", "Contoso Production", "FAIL"),
            ("AZMON-002", "activity-to-law", "PASS"), // workspace keeps 730 days
            ("AZMON-002", "activity-to-siem", "FAIL"), // event hub only
            ("AZMON-002", "activity-archive", "PASS"), // lifecycle deletes after 400 days
            ("AZMON-003", "Contoso Production", "FAIL"),
            ("AZMON-004", "kv-prod-secure", "PASS"), // category group audit
            ("AZMON-004", "kv-legacy-app", "FAIL"),  // no settings
            ("AZMON-004", "kv-data-defaults", "FAIL"), // AuditEvent disabled
            ("AZMON-006", "law-security-central", "PASS"),
            ("AZMON-006", "law-app-default", "FAIL"), // retentionInDays absent: 30
            ("AZMON-006", "law-legacy", "FAIL"),
            ("AZMON-007", "Contoso Production", "PASS"),
        ],
    );
    // Subscription-scope results are about the subscription itself.
    for rule in ["AZMON-001", "AZMON-003", "AZMON-007"] {
        let finding = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule_id"] == rule)
            .unwrap();
        assert_eq!(finding["resource_id"], format!("/subscriptions/{SUB}"));
    }
    let export = message_of(&report, "AZMON-001", "Contoso Production");
    assert!(
        export.contains("Policy")
            && !export.contains("categories: Administrative")
            && !export.contains("Security,"),
        "{export}"
    );
    // The lower-case policy operation and the anyOf alert count; the disabled Key Vault
    // alert and the resource-group-scoped one do not.
    let alerts = message_of(&report, "AZMON-003", "Contoso Production");
    assert!(
        alerts.contains("Microsoft.KeyVault/vaults/write"),
        "{alerts}"
    );
    for covered in [
        "policyAssignments",
        "roleAssignments",
        "networkSecurityGroups",
    ] {
        assert!(!alerts.contains(covered), "{alerts}");
    }
    assert_message(&report, "AZMON-006", "law-app-default", &["not set"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn enabling_the_disabled_alert_covers_the_last_operation() {
    let (emu, az) = start();
    let alerts = format!("/subscriptions/{SUB}/providers/Microsoft.Insights/activityLogAlerts");
    let mut route: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::scenario::scenario_dir().join("monitor.json"))
            .unwrap(),
    )
    .unwrap();
    let routes = route["routes"].as_array_mut().unwrap();
    routes.retain(|r| r["path"] == alerts.as_str());
    for page in routes[0]["pages"].as_array_mut().unwrap() {
        for alert in page.as_array_mut().unwrap() {
            alert["properties"]["enabled"] = true.into();
        }
    }
    emu.load_str(&route.to_string());
    let report = scan_json(&emu, &az, &["--checks", "AZMON-003"]).json();
    assert_verdicts(&report, &[("AZMON-003", "Contoso Production", "PASS")]);
}

#[test]
fn activity_log_destinations_outside_the_scan_or_unreadable_are_errors() {
    let (emu, az) = start();
    let elsewhere = "/subscriptions/0f0e0d0c-0b0a-4909-8807-060504030201/resourceGroups/rg-central/providers/Microsoft.OperationalInsights/workspaces/law-central-logging";
    let settings = serde_json::json!({"routes": [{
        "path": format!("/subscriptions/{SUB}/providers/Microsoft.Insights/diagnosticSettings"),
        "api_version": "2021-05-01-preview",
        "pages": [[{
            "id": format!("subscriptions/{SUB}/providers/microsoft.insights/diagnosticSettings/activity-to-central"),
            "type": null,
            "name": "activity-to-central",
            "properties": {
                "workspaceId": elsewhere,
                "logs": [{"categoryGroup": "allLogs", "enabled": true}]
            }
        }]]
    }]});
    emu.load_str(&settings.to_string());
    let report = scan_json(&emu, &az, &["--checks", "AZMON-001,AZMON-002"]).json();
    assert_verdicts(
        &report,
        &[
            ("AZMON-001", "Contoso Production", "PASS"), // allLogs counts for all
            ("AZMON-002", "activity-to-central", "ERROR"),
        ],
    );
    assert_message(
        &report,
        "AZMON-002",
        "activity-to-central",
        &["law-central-logging"],
    );

    // An unreadable workspace list: the workspace check errs once against the
    // subscription, the workspace destination cannot be judged, storage still can.
    let (emu, az) = start();
    let workspaces =
        format!("/subscriptions/{SUB}/providers/Microsoft.OperationalInsights/workspaces");
    deny(
        &emu,
        &workspaces,
        "Microsoft.OperationalInsights/workspaces/read",
    );
    let report = scan_checks(&emu, &az, "AZMON-002,AZMON-006", 3);
    assert_verdicts(
        &report,
        &[
            ("AZMON-006", "Contoso Production", "ERROR"),
            ("AZMON-002", "activity-to-law", "ERROR"),
            ("AZMON-002", "activity-archive", "PASS"),
            ("AZMON-002", "activity-to-siem", "FAIL"),
        ],
    );
    assert_eq!(findings_of(&report, "AZMON-006").len(), 1);
}

#[test]
fn a_403_on_one_vault_diagnostic_settings_errors_only_that_vault() {
    let (emu, az) = start();
    let settings = format!(
        "/subscriptions/{SUB}/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults/kv-prod-secure/providers/Microsoft.Insights/diagnosticSettings"
    );
    deny(
        &emu,
        &settings,
        "Microsoft.Insights/diagnosticSettings/read",
    );
    let report = scan_json(&emu, &az, &["--checks", "AZMON-004,AKV-001"]).json();
    assert_verdicts(
        &report,
        &[
            ("AZMON-004", "kv-prod-secure", "ERROR"),
            ("AZMON-004", "kv-legacy-app", "FAIL"),
            ("AKV-001", "kv-prod-secure", "PASS"),
        ],
    );
}

#[test]
fn collect_then_scan_snapshot_matches_a_live_scan() {
    let (emu, az) = start();
    let checks = format!("{APP},AZSQL,{MONITOR}");
    let Rescan { live, offline, .. } = collect_and_rescan(&emu, &az, &checks);
    assert_eq!(live["findings"], offline["findings"]);
    assert_eq!(live["findings"].as_array().unwrap().len(), 86);
}
