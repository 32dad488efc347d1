//! Issue 16's end-to-end contract: backup, messaging, cache, API gateway, AI and data
//! platform verdicts on the emulated subscription; sub-reads made only for the
//! resources whose verdict needs them (rule sets, firewall rules, the vault GET,
//! `vaultconfig`); an empty-string `nextLink` ending a list; and a refused sub-read
//! costing only the result that needed it.

use crate::support::checks::{
    assert_message, assert_no_call_twice, assert_reads, assert_result_counts, deny, scan_checks,
};
use crate::support::emulator::Emulator;
use crate::support::patch::{first_page, scenario_route, serve};
use crate::support::scenario::{SUB, assert_verdicts, scan_json, start};

const PLATFORM: &str = "BKP,EVH,SBUS,REDIS,APIM,AOAI,LOGIC,ADF,SYN,DBW,DEF-012,DEF-013";

fn rg(group: &str, rest: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{group}/providers/{rest}")
}

#[test]
fn platform_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    // Nothing ERROR, no --fail-on: exit 0.
    let report = scan_checks(&emu, &az, PLATFORM, 0);
    assert_verdicts(
        &report,
        &[
            ("BKP-001", "rsv-prod", "PASS"),   // AlwaysON
            ("BKP-001", "rsv-legacy", "FAIL"), // Invalid, vaultconfig says Disabled
            ("BKP-001", "rsv-dev", "PASS"),    // on the list's second page
            ("BKP-002", "rsv-prod", "PASS"),   // Locked
            ("BKP-002", "rsv-legacy", "FAIL"),
            ("BKP-002", "rsv-dev", "FAIL"), // no immutability settings
            ("BKP-003", "vm-app01", "PASS"), // item ID in lower case
            ("BKP-003", "vm-db01", "PASS"), // IRPending, sourceResourceId only
            ("BKP-003", "vm-legacy-win", "FAIL"), // protection stopped
            ("BKP-003", "vm-jumpbox", "FAIL"),
            ("BKP-003", "vm-restored", "FAIL"),
            ("EVH-001", "evhns-telemetry", "PASS"),
            ("EVH-001", "evhns-ingest", "FAIL"),
            ("EVH-001", "evhns-legacy", "FAIL"),    // null
            ("EVH-002", "evhns-telemetry", "PASS"), // Disabled: no rule set read
            ("EVH-002", "evhns-ingest", "PASS"),    // rule set denies by default
            ("EVH-002", "evhns-legacy", "FAIL"),    // on the list's second page
            ("EVH-003", "evhns-telemetry", "PASS"),
            ("EVH-003", "evhns-ingest", "FAIL"),
            ("EVH-003", "evhns-legacy", "FAIL"),
            ("SBUS-001", "sbns-orders", "PASS"),
            ("SBUS-001", "sbns-legacy", "FAIL"),
            ("SBUS-002", "sbns-orders", "PASS"), // SecuredByPerimeter
            ("SBUS-002", "sbns-legacy", "FAIL"),
            ("SBUS-003", "sbns-orders", "PASS"), // 1.3
            ("SBUS-003", "sbns-legacy", "FAIL"), // 1.1
            ("REDIS-001", "redis-sessions", "PASS"),
            ("REDIS-001", "redis-legacy", "FAIL"),
            ("REDIS-001", "redis-vnet", "PASS"),
            ("REDIS-001", "redis-dev", "PASS"),
            ("REDIS-002", "redis-sessions", "PASS"),
            ("REDIS-002", "redis-legacy", "FAIL"), // unset
            ("REDIS-002", "redis-vnet", "FAIL"),   // 1.1
            ("REDIS-002", "redis-dev", "PASS"),
            ("REDIS-003", "redis-sessions", "PASS"),
            ("REDIS-003", "redis-legacy", "FAIL"),
            ("REDIS-003", "redis-vnet", "PASS"), // VNet-injected
            ("REDIS-003", "redis-dev", "FAIL"),
            ("APIM-001", "apim-prod", "FAIL"), // 2017 service: unset keys default on
            ("APIM-001", "apim-partner", "PASS"),
            ("APIM-002", "apim-prod", "PASS"), // Internal
            ("APIM-002", "apim-partner", "FAIL"),
            ("APIM-002", "apim-consumption", "FAIL"),
            ("APIM-003", "apim-prod", "FAIL"), // a non-current revision on page 2
            ("APIM-003", "apim-partner", "PASS"), // https and wss only
            ("APIM-003", "apim-consumption", "PASS"),
            ("AOAI-001", "oai-prod", "PASS"),
            ("AOAI-001", "ais-hub", "FAIL"),
            ("AOAI-001", "lang-support", "FAIL"),
            ("AOAI-002", "oai-prod", "PASS"),
            ("AOAI-002", "ais-hub", "FAIL"),
            ("AOAI-002", "lang-support", "PASS"),
            ("AOAI-003", "oai-prod", "PASS"),
            ("AOAI-003", "ais-hub", "FAIL"),
            ("AOAI-003", "lang-support", "FAIL"),
            ("LOGIC-001", "la-orders-intake", "PASS"),
            ("LOGIC-001", "la-webhook-open", "FAIL"),
            ("LOGIC-001", "la-partner-callback", "PASS"), // only other Logic Apps
            ("LOGIC-001", "la-entra-only", "PASS"),
            ("ADF-001", "adf-ingest", "PASS"),
            ("ADF-001", "adf-legacy-etl", "FAIL"),
            ("ADF-002", "adf-ingest", "PASS"),
            ("ADF-002", "adf-legacy-etl", "FAIL"),
            ("SYN-001", "syn-analytics", "PASS"),
            ("SYN-001", "syn-sandbox", "FAIL"),
            ("SYN-002", "syn-analytics", "PASS"),
            ("SYN-002", "syn-sandbox", "FAIL"),
            ("DBW-001", "dbw-prod", "PASS"),
            ("DBW-001", "dbw-dev", "FAIL"),
            ("DBW-001", "dbw-legacy", "FAIL"),
            ("DBW-002", "dbw-prod", "PASS"),
            ("DBW-002", "dbw-dev", "FAIL"),
            ("DBW-002", "dbw-legacy", "FAIL"),
            ("DBW-003", "dbw-prod", "PASS"),
            ("DBW-003", "dbw-dev", "FAIL"),
            ("DBW-003", "dbw-legacy", "FAIL"),
            ("DBW-004", "dbw-prod", "PASS"),
            ("DBW-004", "dbw-dev", "FAIL"),
            ("DBW-004", "dbw-legacy", "FAIL"),
            ("DEF-012", "Contoso Production", "FAIL"), // no Api plan offered
            ("DEF-013", "Contoso Production", "FAIL"),
        ],
    );
    // Consumption has no APIM-001 result; a workflow without a request trigger none.
    assert_result_counts(&report, &[("APIM-001", 2), ("LOGIC-001", 4)]);

    for (rule, resource, parts) in [
        (
            "SYN-001",
            "syn-sandbox",
            &["whole internet", "all Azure services"][..],
        ),
        ("REDIS-003", "redis-legacy", &["whole internet"]),
        (
            "REDIS-003",
            "redis-dev",
            &["1 firewall rule(s); 0 approved"],
        ),
        ("APIM-003", "apim-prod", &["Echo API"]),
        (
            "APIM-001",
            "apim-prod",
            &["SSL 3.0 to backends (by default"],
        ),
        (
            "EVH-002",
            "evhns-ingest",
            &["2 IP rule(s), 1 virtual network"],
        ),
        ("EVH-003", "evhns-legacy", &["namespace's age"]),
        ("BKP-003", "vm-legacy-win", &["no new backups"]),
        ("AOAI-001", "ais-hub", &["(AIServices)"]),
        ("DEF-012", "Contoso Production", &["plan not offered"]),
    ] {
        assert_message(&report, rule, resource, parts);
    }

    assert_no_call_twice(&emu);
    let rule_set = |id: String| format!("{id}/networkRuleSets/default");
    let evh = |g: &str, n: &str| rg(g, &format!("Microsoft.EventHub/namespaces/{n}"));
    let sb = rg("rg-prod", "Microsoft.ServiceBus/namespaces/sbns-orders");
    let vault = |g: &str, n: &str| rg(g, &format!("Microsoft.RecoveryServices/vaults/{n}"));
    let vaultconfig = |g: &str, n: &str| format!("{}/backupconfig/vaultconfig", vault(g, n));
    let cache = |g: &str, n: &str| rg(g, &format!("Microsoft.Cache/Redis/{n}/firewallRules"));
    // Rule sets only where public access is on; vaultconfig only where soft delete is
    // undecided; firewall rules only for open caches and workspaces; no vault GET
    // (the list carried the security settings); an empty-string nextLink ends the API
    // list: two pages, no third request.
    assert_reads(
        &emu,
        [
            (rule_set(evh("rg-data", "evhns-telemetry")), 0),
            (rule_set(evh("rg-data", "evhns-ingest")), 1),
            (rule_set(sb), 0),
            (vaultconfig("rg-backup", "rsv-prod"), 0),
            (vaultconfig("RG-Legacy", "rsv-legacy"), 1),
            (vault("rg-backup", "rsv-prod"), 0),
            (cache("rg-prod", "redis-sessions"), 0),
            (cache("rg-prod", "redis-vnet"), 0),
            (cache("RG-Legacy", "redis-legacy"), 1),
            (
                rg(
                    "rg-data",
                    "Microsoft.Synapse/workspaces/syn-analytics/firewallRules",
                ),
                0,
            ),
            (
                rg("rg-prod", "Microsoft.ApiManagement/service/apim-prod/apis"),
                2,
            ),
        ],
    );
    // The protected items are asked for Azure VMs only.
    let items = format!("{}/backupProtectedItems", vault("rg-backup", "rsv-prod")).to_lowercase();
    let asked = emu
        .requests()
        .into_iter()
        .find(|r| r.path.to_lowercase() == items)
        .expect("protected items read");
    assert!(
        asked
            .query
            .contains("backupManagementType%20eq%20%27AzureIaasVM%27"),
        "{}",
        asked.query
    );
}

/// The vault list's first page without security settings, as Microsoft's list example
/// shows it.
fn serve_sparse_vaults(emu: &Emulator) {
    let mut vaults = scenario_route("backup.json", "/Microsoft.RecoveryServices/vaults");
    for vault in first_page(&mut vaults) {
        vault["properties"]
            .as_object_mut()
            .unwrap()
            .remove("securitySettings");
    }
    serve(emu, vaults);
}

#[test]
fn a_sparse_vault_list_is_completed_by_the_vault_and_a_refused_get_costs_only_bkp_002() {
    let (emu, az) = start();
    serve_sparse_vaults(&emu);
    let prod = rg("rg-backup", "Microsoft.RecoveryServices/vaults/rsv-prod");
    emu.load_str(
        &serde_json::json!({ "routes": [{
            "path": prod, "api_version": "2025-02-01",
            "body": { "id": prod, "name": "rsv-prod", "location": "westeurope",
                "properties": { "securitySettings": {
                    "softDeleteSettings": { "softDeleteState": "enabled" },
                    "immutabilitySettings": { "state": "Unlocked" } } } }
        }]})
        .to_string(),
    );
    let run = scan_json(&emu, &az, &["--checks", "BKP-001,BKP-002"]);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("BKP-001", "rsv-prod", "PASS"),
            ("BKP-002", "rsv-prod", "PASS"),
            ("BKP-002", "rsv-legacy", "FAIL"), // its second page kept its settings
        ],
    );
    assert_message(&report, "BKP-002", "rsv-prod", &["still reversible"]);
    assert_reads(
        &emu,
        [
            (prod.clone(), 1),
            (format!("{prod}/backupconfig/vaultconfig"), 0),
        ],
    );

    // Refused: BKP-002 cannot be judged, BKP-001 reads vaultconfig as for null.
    let (emu, az) = start();
    serve_sparse_vaults(&emu);
    deny(&emu, &prod, "Microsoft.RecoveryServices/vaults/read");
    emu.load_str(
        &serde_json::json!({ "routes": [{
            "path": format!("{prod}/backupconfig/vaultconfig"), "api_version": "2025-02-01",
            "body": { "properties": { "softDeleteFeatureState": "AlwaysON" } }
        }]})
        .to_string(),
    );
    let report = scan_json(&emu, &az, &["--checks", "BKP-001,BKP-002"]).json();
    assert_verdicts(
        &report,
        &[
            ("BKP-001", "rsv-prod", "PASS"),
            ("BKP-002", "rsv-prod", "ERROR"),
        ],
    );
    assert_message(&report, "BKP-002", "rsv-prod", &["403"]);
}

#[test]
fn a_refused_sub_read_costs_only_the_results_that_needed_it() {
    let (emu, az) = start();
    let ingest = rg("rg-data", "Microsoft.EventHub/namespaces/evhns-ingest");
    deny(
        &emu,
        &format!("{ingest}/networkRuleSets/default"),
        "Microsoft.EventHub/namespaces/networkRuleSets/read",
    );
    let legacy = rg("RG-Legacy", "Microsoft.RecoveryServices/vaults/rsv-legacy");
    deny(
        &emu,
        &format!("{legacy}/backupProtectedItems"),
        "Microsoft.RecoveryServices/vaults/backupProtectedItems/read",
    );
    let partner = rg("rg-partner", "Microsoft.ApiManagement/service/apim-partner");
    deny(
        &emu,
        &format!("{partner}/apis"),
        "Microsoft.ApiManagement/service/apis/read",
    );
    let dev = rg("rg-dev", "Microsoft.Cache/Redis/redis-dev");
    deny(
        &emu,
        &format!("{dev}/firewallRules"),
        "Microsoft.Cache/redis/firewallRules/read",
    );
    let checks = "EVH,BKP-003,APIM-003,REDIS-003,SYN-001";
    let report = scan_json(&emu, &az, &["--checks", checks]).json();
    assert_verdicts(
        &report,
        &[
            ("EVH-002", "evhns-ingest", "ERROR"),
            ("EVH-002", "evhns-telemetry", "PASS"),
            ("EVH-002", "evhns-legacy", "FAIL"),
            ("EVH-001", "evhns-ingest", "FAIL"), // the list alone decides
            ("EVH-003", "evhns-ingest", "FAIL"),
            ("BKP-003", "vm-app01", "PASS"), // protected in a vault that was read
            ("BKP-003", "vm-db01", "PASS"),
            ("BKP-003", "vm-legacy-win", "ERROR"), // absence not proven
            ("BKP-003", "vm-jumpbox", "ERROR"),
            ("APIM-003", "apim-partner", "ERROR"),
            ("APIM-003", "apim-prod", "FAIL"),
            ("REDIS-003", "redis-dev", "FAIL"), // the rules only word the message
            ("REDIS-003", "redis-legacy", "FAIL"),
        ],
    );
    for (rule, resource, part) in [
        ("APIM-003", "apim-partner", "403"),
        ("REDIS-003", "redis-dev", "could not be read"),
        ("EVH-002", "evhns-ingest", "networkRuleSets/default"),
        ("BKP-003", "vm-jumpbox", "rsv-legacy"),
    ] {
        assert_message(&report, rule, resource, &[part]);
    }
}

#[test]
fn unregistered_platform_providers_mean_no_resources() {
    let (emu, az) = start();
    // The lists answer 409 as ARM does for a provider the subscription never registered.
    let routes: Vec<_> = [
        "Microsoft.EventHub/namespaces",
        "Microsoft.ApiManagement/service",
        "Microsoft.Databricks/workspaces",
    ]
    .iter()
    .map(|provider| {
        serde_json::json!({
            "path": format!("/subscriptions/{SUB}/providers/{provider}"),
            "status": 409,
            "error": { "code": "MissingSubscriptionRegistration",
                "message": format!("The subscription is not registered to use {provider}.") }
        })
    })
    .collect();
    emu.load_str(&serde_json::json!({ "routes": routes }).to_string());
    let report = scan_checks(&emu, &az, "EVH,APIM,DBW,DEF-012", 0);
    // No namespaces, services or workspaces: no results at all, DEF-012 included.
    assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{report}");
}
