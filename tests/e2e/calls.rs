//! Issue 10's collector-side contract, end to end: what a 409
//! `MissingSubscriptionRegistration` means per call, fields of the wrong JSON type (ERROR
//! naming the field, never a PASS, the rest of the list intact), no call made twice,
//! and secret values the APIs return never reaching the snapshot or the report.

use crate::support::checks::assert_no_call_twice;
use crate::support::emulator::{Fault, Host};
use crate::support::patch::{first_page, scenario_route, serve};
use crate::support::run::azscan;
use crate::support::scenario::{SUB, assert_verdicts, findings_of, message_of, scan_json, start};
use serde_json::json;

fn unregistered(namespace: &str) -> Fault {
    Fault::Status {
        status: 409,
        code: "MissingSubscriptionRegistration".into(),
        message: format!(
            "The subscription is not registered to use namespace '{namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions."
        ),
        retry_after: None,
    }
}

#[test]
fn an_unregistered_provider_means_no_resources_but_a_needed_setting_is_an_error() {
    let (emu, az) = start();
    let provider = |p: &str| format!("/subscriptions/{SUB}/providers/{p}");
    emu.fault(
        Host::Arm,
        &provider("Microsoft.Storage/storageAccounts"),
        unregistered("Microsoft.Storage"),
        None,
    );
    emu.fault(
        Host::Arm,
        &provider("Microsoft.Security/pricings"),
        unregistered("Microsoft.Security"),
        None,
    );
    let run = scan_json(&emu, &az, &["--checks", "AZST,ACR"]);
    let report = run.json();
    for rule in ["AZST-001", "AZST-002", "AZST-005", "AZST-006"] {
        assert!(findings_of(&report, rule).is_empty(), "{rule}: no accounts");
    }
    // Pricings are a subscription-level setting: without the provider nothing can be
    // said, so every registry ACR-004 judges is ERROR naming what to register.
    let acr_004 = findings_of(&report, "ACR-004");
    assert!(!acr_004.is_empty());
    for (name, status, message) in &acr_004 {
        assert_eq!(status, "ERROR", "{name}");
        assert!(
            message.contains("409 MissingSubscriptionRegistration")
                && message.contains("az provider register --namespace Microsoft.Security"),
            "{message}"
        );
    }
    assert_verdicts(&report, &[("ACR-001", "acrdevopen", "FAIL")]);
    assert_eq!(run.code, 3, "ERROR results make the scan incomplete");
    let gaps = report["scan"]["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "only pricings is a gap: {gaps:?}");
    assert_eq!(gaps[0]["service"], "security");
}

#[test]
fn a_field_of_the_wrong_type_is_error_naming_it_and_spares_the_rest_of_the_list() {
    let (emu, az) = start();
    let mut nsgs = scenario_route("network.json", "/networkSecurityGroups");
    let items = first_page(&mut nsgs);
    let jumpbox = items
        .iter_mut()
        .find(|n| n["name"] == "nsg-jumpbox")
        .expect("nsg-jumpbox in the scenario");
    // The SSH allow rule arrives as one object instead of a list of rules.
    let rules = jumpbox["properties"]["securityRules"].take();
    jumpbox["properties"]["securityRules"] = rules[0].clone();
    serve(&emu, nsgs);

    let mut accounts = scenario_route("storage.json", "/storageAccounts");
    let account = &mut first_page(&mut accounts)[0];
    let account_name = account["name"].as_str().unwrap().to_string();
    account["properties"]["minimumTlsVersion"] = json!(1.2);
    account["properties"]["supportsHttpsTrafficOnly"] = json!("sometimes");
    serve(&emu, accounts);

    let run = scan_json(&emu, &az, &["--checks", "AZNW-001,AZNW-004,AZST"]);
    let report = run.json();
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_verdicts(
        &report,
        &[
            ("AZNW-001", "nsg-jumpbox", "ERROR"),
            ("AZNW-004", "nsg-jumpbox", "ERROR"),
            // The rest of the list is judged as before.
            ("AZNW-001", "nsg-web-prod", "PASS"),
            ("AZNW-001", "nsg-dev-range", "FAIL"),
            ("AZNW-004", "nsg-data-locked", "PASS"),
            ("AZST-004", &account_name, "ERROR"),
            ("AZST-002", &account_name, "ERROR"),
        ],
    );
    let message = message_of(&report, "AZNW-001", "nsg-jumpbox");
    assert!(
        message.contains("properties.securityRules is an object where a list belongs"),
        "{message}"
    );
    let message = message_of(&report, "AZST-004", &account_name);
    assert!(
        message.contains("properties.minimumTlsVersion is a number where text belongs")
            && message.contains(
                "properties.supportsHttpsTrafficOnly is text where true or false belongs"
            ),
        "{message}"
    );
    // Other accounts keep their verdicts.
    let others: Vec<_> = findings_of(&report, "AZST-004")
        .into_iter()
        .filter(|f| f.0 != account_name)
        .collect();
    assert!(
        !others.is_empty() && others.iter().all(|f| f.1 != "ERROR"),
        "{others:?}"
    );

    // The snapshot keeps what was unreadable, so an offline scan judges the same way.
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("snapshot.json");
    let snapshot = snapshot.to_str().unwrap();
    let collected = azscan(
        &[
            "collect",
            "--subscription-id",
            SUB,
            "--checks",
            "AZNW-001",
            "-o",
            snapshot,
        ],
        &emu,
        &az,
    );
    assert_eq!(collected.code, 0, "{}", collected.stderr);
    let offline = azscan(
        &["scan", "--snapshot", snapshot, "--format", "json"],
        &emu,
        &az,
    )
    .json();
    assert_verdicts(
        &offline,
        &[
            ("AZNW-001", "nsg-jumpbox", "ERROR"),
            ("AZNW-001", "nsg-web-prod", "PASS"),
        ],
    );
}

#[test]
fn a_full_scan_makes_no_call_twice_and_reads_no_listed_resource_again() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &[]);
    let report = run.json();
    let requests = emu.requests();
    assert!(requests.len() > 30, "the full scenario reads every call");
    assert_no_call_twice(&emu);

    // A resource a list returned is judged from the list, never fetched again.
    let subscription = format!("/subscriptions/{SUB}").to_lowercase();
    let judged: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource_id"].as_str().unwrap().to_lowercase())
        .filter(|id| *id != subscription)
        .collect();
    // Except keys: their rotation policy (AKV-009) comes only from the key's own GET.
    let key_read =
        |p: &String| p.contains("/providers/microsoft.keyvault/vaults/") && p.contains("/keys/");
    let refetched: Vec<&String> = requests
        .iter()
        .map(|r| r.path.to_lowercase())
        .filter(|p| judged.contains(p) && !key_read(p))
        .map(|p| judged.iter().find(|id| **id == p).unwrap())
        .collect();
    assert!(
        refetched.is_empty(),
        "listed resources read again: {refetched:?}"
    );
}

#[test]
fn secret_values_the_apis_return_never_reach_the_snapshot_or_report() {
    const SECRETS: [&str; 6] = [
        "S3cretText-app-password-value",
        "MIIKeyMaterialBase64Value",
        "AppSettingSecretValue42",
        "ConnStrPasswordValue42",
        "SasSignatureValue42",
        "VaultSecretValue42",
    ];
    let (emu, az) = start();
    let mut apps = scenario_route("graph.json", "/v1.0/applications");
    let app = &mut first_page(&mut apps)[0];
    app["passwordCredentials"][0]["secretText"] = json!(SECRETS[0]);
    app["keyCredentials"] = json!([{
        "keyId": "11111111-2222-4333-8444-555555555555", "displayName": "cert",
        "type": "AsymmetricX509Cert", "usage": "Verify", "key": SECRETS[1],
        "startDateTime": "{{days_ago:10}}", "endDateTime": "{{days_ago:-30}}"
    }]);
    serve(&emu, apps);

    let mut sites = scenario_route("web.json", "/Microsoft.Web/sites");
    let site = &mut first_page(&mut sites)[0];
    site["properties"]["siteConfig"] = json!({
        "appSettings": [{"name": "API_KEY", "value": SECRETS[2]}],
        "connectionStrings": [{"name": "db", "connectionString": format!("Server=x;Password={}", SECRETS[3]), "type": "SQLAzure"}]
    });
    serve(&emu, sites);

    let mut accounts = scenario_route("storage.json", "/storageAccounts");
    let account = &mut first_page(&mut accounts)[0];
    account["properties"]["primaryEndpoints"] = json!({
        "blob": format!("https://x.blob.core.windows.net/?sv=2022-11-02&sig={}", SECRETS[4])
    });
    account["keys"] = json!([{"keyName": "key1", "value": SECRETS[4]}]);
    serve(&emu, accounts);

    let mut secrets = scenario_route("keyvault.json", "/secrets");
    if let Some(item) = secrets["pages"][0].get_mut(0) {
        item["properties"]["value"] = json!(SECRETS[5]);
    }
    serve(&emu, secrets);

    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("snapshot.json");
    let collected = azscan(
        &[
            "collect",
            "--subscription-id",
            SUB,
            "-o",
            snapshot.to_str().unwrap(),
            "-vv",
        ],
        &emu,
        &az,
    );
    assert_eq!(collected.code, 0, "{}", collected.stderr);
    let snapshot_text = std::fs::read_to_string(&snapshot).unwrap();
    let scan = scan_json(&emu, &az, &["-vv"]);
    for secret in SECRETS {
        for (what, text) in [
            ("snapshot", &snapshot_text),
            ("collect stderr", &collected.stderr),
            ("JSON report", &scan.stdout),
            ("scan stderr", &scan.stderr),
        ] {
            assert!(!text.contains(secret), "{what} contains {secret}");
        }
    }
    // The credentials themselves are still judged (presence and expiry are kept).
    assert!(snapshot_text.contains("11111111-2222-4333-8444-555555555555"));
}

#[test]
fn a_refused_call_names_the_action_to_grant_from_the_table() {
    let (emu, az) = start();
    emu.fault(
        Host::Arm,
        &format!("/subscriptions/{SUB}/providers/Microsoft.Security/pricings"),
        crate::support::scenario::arm_denied("Microsoft.Security/pricings/read"),
        None,
    );
    let report = scan_json(&emu, &az, &["--checks", "ACR-004"]).json();
    let acr_004 = findings_of(&report, "ACR-004");
    assert!(!acr_004.is_empty());
    for (name, status, message) in acr_004 {
        assert_eq!(status, "ERROR", "{name}");
        assert!(
            message.contains(
                "(this call needs Microsoft.Security/pricings/read, e.g. the Reader role)"
            ),
            "{message}"
        );
    }
}

#[test]
fn wrong_types_in_graph_items_cost_their_app_or_the_checks_that_judge_the_whole_list() {
    let (emu, az) = start();
    let mut apps = scenario_route("graph.json", "/v1.0/applications");
    let app = &mut first_page(&mut apps)[0];
    let app_name = app["displayName"].as_str().unwrap().to_string();
    // A date that is an object: never "no end date", never a PASS.
    app["passwordCredentials"][0]["endDateTime"] = json!({"date": "2030-01-01"});
    serve(&emu, apps);
    let mut policies = scenario_route("graph.json", "/conditionalAccess/policies");
    first_page(&mut policies)[0]["conditions"]["users"]["excludeUsers"] = json!("everyone");
    serve(&emu, policies);

    let report = scan_json(
        &emu,
        &az,
        &["--checks", "ENTRA-002,ENTRA-004,ENTRA-005,ENTRA-006"],
    )
    .json();
    let (mine, others): (Vec<_>, Vec<_>) = findings_of(&report, "ENTRA-002")
        .into_iter()
        .partition(|f| f.0.contains(&app_name));
    assert!(!mine.is_empty());
    for (name, status, message) in &mine {
        assert_eq!(status, "ERROR", "{name}");
        assert!(
            message
                .contains("passwordCredentials[0].endDateTime is an object where a date belongs"),
            "{message}"
        );
    }
    assert!(
        !others.is_empty() && others.iter().all(|f| f.1 != "ERROR"),
        "{others:?}"
    );
    // Conditional Access checks judge the policy list as a whole, against the tenant.
    for rule in ["ENTRA-004", "ENTRA-005", "ENTRA-006"] {
        let found = findings_of(&report, rule);
        assert!(!found.is_empty(), "{rule}");
        for (name, status, message) in found {
            assert_eq!(status, "ERROR", "{rule} {name}: {message}");
            assert!(
                message.contains("conditions.users.excludeUsers is text where a list belongs"),
                "{message}"
            );
        }
    }
}
