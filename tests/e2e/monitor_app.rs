//! Issue 15's Monitor and App Service contract: AZMON-008…017, AZAPP-006…014 and
//! AZFUNC-001/002 against the emulated subscription (`monitor-resources.json`,
//! `web-app-service.json`, `web-app-settings.json`), each call made once, a 403 on one
//! sub-call costing only its resource, and the opt-in checks never letting a secret
//! value reach a report, a snapshot or the logs.

use crate::support::checks::{
    assert_message, assert_no_call_twice, assert_not_judged, assert_reads, assert_result_counts,
    deny, scan_checks,
};
use crate::support::run::azscan_env;
use crate::support::scenario::{SUB, assert_verdicts, message_of, scan_json, start};

const MONITOR: &str = "AZMON-008,AZMON-009,AZMON-010,AZMON-011,AZMON-012,AZMON-013,AZMON-014,AZMON-015,AZMON-016,AZMON-017";
const APP: &str =
    "AZAPP-006,AZAPP-007,AZAPP-008,AZAPP-009,AZAPP-010,AZAPP-011,AZAPP-012,AZAPP-013,AZFUNC-001";

fn site(rg: &str, name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{name}")
}

const SITES: [(&str, &str); 5] = [
    ("rg-prod", "app-contoso-portal"),
    ("RG-Legacy", "app-legacy-intranet"),
    ("rg-prod", "func-orders"),
    ("rg-data", "func-reports-linux"),
    ("rg-prod", "app-staging-api"),
];

#[test]
fn monitor_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let evh = format!(
        "/subscriptions/{SUB}/resourceGroups/rg-prod/providers/microsoft.eventhub/namespaces/evhns-siem/providers/Microsoft.Insights/diagnosticSettings"
    );
    deny(&emu, &evh, "Microsoft.Insights/diagnosticSettings/read");
    // One refused diagnostic read: exit 3.
    let report = scan_checks(&emu, &az, MONITOR, 3);
    assert_verdicts(
        &report,
        &[
            ("AZMON-008", "Contoso Production", "FAIL"),
            ("AZMON-009", "Contoso Production", "FAIL"),
            ("AZMON-010", "Contoso Production", "FAIL"),
            // Covers both operations, but notifies nobody.
            ("AZMON-011", "Contoso Production", "FAIL"),
            // containsAny, one value in lower case.
            ("AZMON-012", "Contoso Production", "PASS"),
            ("AZMON-013", "stprodsecure01", "PASS"),
            ("AZMON-014", "stprodsecure01", "PASS"), // Microsoft.Keyvault
            ("AZMON-015", "Contoso Production", "PASS"),
            ("AZMON-016", "afw-hub", "PASS"), // allLogs to a workspace
            ("AZMON-016", "afd-contoso", "FAIL"), // metrics only
            ("AZMON-016", "evhns-siem", "ERROR"), // 403 on its settings, lower-case type
            ("AZMON-017", "4d3c2b1a-9f8e-4d7c-8b6a-5e4f3d2c1b0a", "PASS"),
        ],
    );
    // Classic CDN and the VM the generic list returned despite the filter: no result.
    assert_result_counts(&report, &[("AZMON-016", 3)]);
    assert_message(
        &report,
        "AZMON-011",
        "Contoso Production",
        &["alert-sql-firewall-silent", "no action group"],
    );
    assert_message(
        &report,
        "AZMON-017",
        "4d3c2b1a-9f8e-4d7c-8b6a-5e4f3d2c1b0a",
        &["NonInteractiveUserSignInLogs"],
    );
    assert_message(&report, "AZMON-016", "evhns-siem", &["403"]);
    // One generic list (two pages), one settings read per in-scope resource only.
    let resources = format!("/subscriptions/{SUB}/resources");
    assert_reads(&emu, [(resources.clone(), 2)]);
    let filter = emu
        .requests()
        .into_iter()
        .find(|r| r.path == resources)
        .map(|r| r.query)
        .unwrap_or_default();
    assert!(filter.contains("resourceType"), "{filter}");
    let settings = |rg: &str, kind: &str, name: &str| {
        format!(
            "/subscriptions/{SUB}/resourceGroups/{rg}/providers/{kind}/{name}/providers/Microsoft.Insights/diagnosticSettings"
        )
    };
    assert_reads(
        &emu,
        [
            (
                settings("rg-network", "Microsoft.Network/azureFirewalls", "afw-hub"),
                1,
            ),
            (
                settings("rg-network", "Microsoft.Cdn/profiles", "afd-contoso"),
                1,
            ),
            (
                settings("rg-network", "Microsoft.Cdn/profiles", "cdn-static"),
                0,
            ),
            (
                settings(
                    "rg-prod",
                    "Microsoft.Compute/virtualMachines",
                    "vm-not-filtered",
                ),
                0,
            ),
            (
                "/providers/microsoft.aadiam/diagnosticSettings".to_string(),
                1,
            ),
        ],
    );
    assert_no_call_twice(&emu);
}

#[test]
fn entra_diagnostic_settings_refused_name_the_entra_role() {
    let (emu, az) = start();
    deny(
        &emu,
        "/providers/microsoft.aadiam/diagnosticSettings",
        "microsoft.aadiam/diagnosticSettings/read",
    );
    let run = scan_json(&emu, &az, &["--checks", "AZMON-017,AZMON-015"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZMON-017", "4d3c2b1a-9f8e-4d7c-8b6a-5e4f3d2c1b0a", "ERROR"),
            ("AZMON-015", "Contoso Production", "PASS"),
        ],
    );
    assert_message(
        &report,
        "AZMON-017",
        "4d3c2b1a-9f8e-4d7c-8b6a-5e4f3d2c1b0a",
        &["Security Reader", "403"],
    );
    // Not a subscription's missing Reader role.
    assert!(
        !run.stderr.contains("needs the Reader role"),
        "{}",
        run.stderr
    );
}

#[test]
fn app_service_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let scm = format!(
        "{}/basicPublishingCredentialsPolicies/scm",
        site("rg-data", "func-reports-linux")
    );
    deny(
        &emu,
        &scm,
        "Microsoft.Web/sites/basicPublishingCredentialsPolicies/read",
    );
    // One refused scm policy: exit 3.
    let report = scan_checks(&emu, &az, APP, 3);
    assert_verdicts(
        &report,
        &[
            ("AZAPP-006", "app-contoso-portal", "FAIL"),
            ("AZAPP-006", "app-legacy-intranet", "FAIL"),
            ("AZAPP-006", "app-staging-api", "PASS"),
            ("AZAPP-007", "app-contoso-portal", "FAIL"), // OptionalInteractiveUser
            ("AZAPP-007", "app-legacy-intranet", "FAIL"),
            ("AZAPP-007", "app-staging-api", "PASS"),
            ("AZAPP-008", "app-contoso-portal", "PASS"),
            ("AZAPP-008", "app-legacy-intranet", "FAIL"),
            ("AZAPP-008", "app-staging-api", "PASS"), // "True" as text
            ("AZAPP-009", "app-contoso-portal", "PASS"),
            ("AZAPP-009", "app-legacy-intranet", "FAIL"), // ftp 404: the default allows
            ("AZAPP-009", "func-orders", "PASS"),
            ("AZAPP-009", "func-reports-linux", "ERROR"), // ftp off, scm refused
            ("AZAPP-009", "app-staging-api", "FAIL"),     // allow null
            ("AZAPP-010", "app-contoso-portal", "PASS"),  // approved private endpoint
            ("AZAPP-010", "app-legacy-intranet", "FAIL"), // pending only
            ("AZAPP-010", "func-orders", "FAIL"),
            ("AZAPP-010", "func-reports-linux", "PASS"), // "approved"
            ("AZAPP-010", "app-staging-api", "PASS"),    // Enabled, but deny by default
            ("AZAPP-011", "app-contoso-portal", "PASS"),
            ("AZAPP-011", "app-legacy-intranet", "FAIL"),
            ("AZAPP-011", "app-staging-api", "PASS"), // subdomain wildcard only
            ("AZAPP-012", "app-contoso-portal", "PASS"), // v4.0 (ASP.NET 4.8)
            ("AZAPP-012", "app-legacy-intranet", "FAIL"), // PHP 5.6
            ("AZAPP-012", "func-orders", "FAIL"),     // .NET 6 isolated, deprecated
            ("AZAPP-012", "func-reports-linux", "PASS"), // Python|3.11
            ("AZAPP-013", "app-contoso-portal", "PASS"),
            ("AZAPP-013", "app-legacy-intranet", "FAIL"),
            ("AZAPP-013", "app-staging-api", "PASS"),
            ("AZFUNC-001", "func-orders", "FAIL"),
            ("AZFUNC-001", "func-reports-linux", "PASS"), // config as a JSON string, two pages
        ],
    );
    // A custom container has no runtime to judge; function apps are not web apps.
    assert_not_judged(&report, "AZAPP-012", "app-staging-api");
    assert_result_counts(&report, &[("AZAPP-006", 3), ("AZFUNC-001", 2)]);
    assert_message(&report, "AZFUNC-001", "func-orders", &["HttpOrders"]);
    let anonymous = message_of(&report, "AZFUNC-001", "func-orders");
    assert!(!anonymous.contains("NightlyCleanup"), "{anonymous}");
    assert_message(
        &report,
        "AZAPP-011",
        "app-staging-api",
        &["https://*.contoso.com"],
    );
    // Sub-reads only where a row names them, each once; the stacks once per scan.
    for (rg, name) in SITES {
        let base = site(rg, name);
        let web_app = !name.starts_with("func-");
        assert_reads(
            &emu,
            [
                ("/config/web", true),
                ("/config/authsettingsV2", true),
                ("/basicPublishingCredentialsPolicies/ftp", true),
                ("/basicPublishingCredentialsPolicies/scm", true),
                ("/providers/Microsoft.Insights/diagnosticSettings", web_app),
                ("/privateEndpointConnections", name != "app-staging-api"),
            ]
            .map(|(part, wanted)| (format!("{base}{part}"), usize::from(wanted))),
        );
    }
    assert_reads(
        &emu,
        [
            (format!("{}/functions", site("rg-prod", "func-orders")), 1),
            (
                format!("{}/functions", site("rg-data", "func-reports-linux")),
                2,
            ),
            ("/providers/Microsoft.Web/webAppStacks".to_string(), 2),
            ("/providers/Microsoft.Web/functionAppStacks".to_string(), 1),
        ],
    );
    assert!(
        emu.requests().iter().all(|r| r.method == "GET"),
        "opt-in reads stay off"
    );
    assert_no_call_twice(&emu);
}

#[test]
fn the_opt_in_checks_keep_no_secret_value_anywhere() {
    let (emu, az) = start();
    for (rg, name) in SITES {
        for list in ["appsettings", "connectionstrings"] {
            emu.allow_post(&format!("{}/config/{list}/list", site(rg, name)));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("snapshot.json");
    let snapshot_arg = snapshot.to_str().unwrap();
    let collected = azscan_env(
        &[
            "collect",
            "--subscription-id",
            SUB,
            "--checks",
            "AZAPP-014,AZFUNC-002",
            "--enable-checks",
            "AZAPP-014,AZFUNC-002",
            "-o",
            snapshot_arg,
            "-vvv",
        ],
        &emu,
        &az,
        &[("RUST_LOG", "trace")],
    );
    assert_eq!(collected.code, 0, "{}", collected.stderr);
    let run = azscan_env(
        &[
            "scan",
            "--subscription-id",
            SUB,
            "--format",
            "json",
            "--checks",
            "AZAPP-014,AZFUNC-002",
            "--enable-checks",
            "AZAPP-014,AZFUNC-002",
            "-vvv",
        ],
        &emu,
        &az,
        &[("RUST_LOG", "trace")],
    );
    assert_eq!(run.code, 3, "one refused list: {}", run.stderr);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZAPP-014", "app-contoso-portal", "PASS"), // Key Vault references, exempt names
            ("AZAPP-014", "app-legacy-intranet", "ERROR"),
            ("AZAPP-014", "func-orders", "FAIL"),
            ("AZAPP-014", "func-reports-linux", "PASS"),
            ("AZAPP-014", "app-staging-api", "FAIL"), // a plaintext connection string
            ("AZFUNC-002", "func-orders", "FAIL"),    // ~3
            ("AZFUNC-002", "func-reports-linux", "PASS"),
        ],
    );
    assert_message(&report, "AZAPP-014", "func-orders", &["PaymentApiKey"]);
    assert_message(
        &report,
        "AZAPP-014",
        "app-legacy-intranet",
        &["config/list/action"],
    );
    let snapshot_text = std::fs::read_to_string(&snapshot).unwrap();
    let outputs = [
        ("report", run.stdout.as_str()),
        ("scan log", run.stderr.as_str()),
        ("collect log", collected.stderr.as_str()),
        ("snapshot", snapshot_text.as_str()),
    ];
    for secret in [
        "sk_live_do_not_leak_4242",
        "Winter2025-do-not-leak",
        "c2VjcmV0LWtleS1kby1ub3QtbGVhaw==",
        "kv-prod-secure.vault.azure.net/secrets/db-password",
        "InstrumentationKey=00000000",
    ] {
        for (what, text) in outputs {
            assert!(!text.contains(secret), "{secret} reached the {what}");
        }
    }
    let posts = emu
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .count();
    // appsettings for every site and function app (read once for both checks), and
    // connection strings for every site.
    assert_eq!(
        posts,
        2 * (2 * SITES.len()),
        "collect and scan each read them once"
    );
}

#[test]
fn the_configured_resource_types_are_the_ones_listed_and_judged() {
    let (emu, az) = start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("azscan.toml");
    std::fs::write(
        &config,
        "[monitor]\ndiagnostic_resource_types = [\"Microsoft.Network/azureFirewalls\"]\n",
    )
    .unwrap();
    let run = scan_json(
        &emu,
        &az,
        &[
            "--checks",
            "AZMON-016",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_verdicts(&report, &[("AZMON-016", "afw-hub", "PASS")]);
    assert_result_counts(&report, &[("AZMON-016", 1)]);
    let resources = format!("/subscriptions/{SUB}/resources");
    let query = emu
        .requests()
        .into_iter()
        .find(|r| r.path == resources)
        .map(|r| r.query)
        .unwrap_or_default();
    assert!(
        query.contains("azureFirewalls") && !query.contains("Cdn"),
        "{query}"
    );
    // Only the firewall's settings were read, although the list also returned others.
    let settings_reads = emu
        .requests()
        .iter()
        .filter(|r| {
            r.path
                .ends_with("/providers/Microsoft.Insights/diagnosticSettings")
        })
        .count();
    assert_eq!(settings_reads, 1);
    assert_eq!(
        report["settings"]["monitor"]["diagnostic_resource_types"],
        serde_json::json!(["Microsoft.Network/azureFirewalls"])
    );
}

#[test]
fn an_entra_setting_with_a_field_of_the_wrong_type_is_not_judged() {
    let (emu, az) = start();
    emu.load_str(
        &serde_json::json!({"routes": [{
            "path": "/providers/microsoft.aadiam/diagnosticSettings",
            "api_version": "2017-04-01",
            "pages": [[{
                "id": "/providers/microsoft.aadiam/diagnosticSettings/odd",
                "name": "odd",
                "properties": {"workspaceId": "/w", "logs": {"category": "AuditLogs"}}
            }]]
        }]})
        .to_string(),
    );
    let run = scan_json(&emu, &az, &["--checks", "AZMON-017"]);
    let report = run.json();
    assert_verdicts(
        &report,
        &[("AZMON-017", "4d3c2b1a-9f8e-4d7c-8b6a-5e4f3d2c1b0a", "ERROR")],
    );
    assert_message(
        &report,
        "AZMON-017",
        "4d3c2b1a-9f8e-4d7c-8b6a-5e4f3d2c1b0a",
        &["logs"],
    );
}
