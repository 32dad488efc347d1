//! Issue 3's end-to-end contract: ENTRA-001…006 read from the emulated tenant over
//! Microsoft Graph (paging, $filter/$expand, principal lookups), Graph vs ARM tokens,
//! missing Graph permissions as ERRORs that leave every other check intact, and
//! `--skip-checks ENTRA` keeping Graph out of the scan entirely.

use crate::support::checks::scan_checks;
use crate::support::emulator::{ARM_TOKEN, Fault, GRAPH_TOKEN, Host};
use crate::support::scenario::{
    TENANT, assert_verdicts, findings_of, scan_json, scenario_dir, start,
};
use serde_json::Value;
use std::collections::BTreeMap;

const ROLE_ASSIGNMENTS: &str = "/v1.0/roleManagement/directory/roleAssignments";
const APPLICATIONS: &str = "/v1.0/applications";
const SERVICE_PRINCIPALS: &str = "/v1.0/servicePrincipals";
const POLICIES: &str = "/v1.0/identity/conditionalAccess/policies";
/// Every check that reads the Conditional Access policies (issue 14 added 007, 021…023).
pub(crate) const POLICY_RULES: [&str; 7] = [
    "ENTRA-004",
    "ENTRA-005",
    "ENTRA-006",
    "ENTRA-007",
    "ENTRA-021",
    "ENTRA-022",
    "ENTRA-023",
];
const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";

const CI_DEPLOY_SP: &str = "3f9a1c2e-7b4d-4e8f-a1c3-5d7e9f0b2a4c";
const MI_RUNBOOK_SP: &str = "c7d9e1f3-2a4b-4c6d-8e0f-1a3b5c7d9e2f";
const BREAK_GLASS_USER: &str = "5b7d9f1a-3c5e-4a7b-9d1f-2e4a6c8b0d3f";
const REPORTING_SYNC_SP: &str = "e4f6a8b0-2c4e-4a6c-8e0a-2c4e6a8c0e2a";

/// (resource_id, status) of one rule's findings, for checks whose resource names
/// repeat (an app and its service principal share a display name).
fn by_resource(report: &Value, rule: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        if f["rule_id"] == rule {
            let previous = map.insert(
                f["resource_id"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            );
            assert!(
                previous.is_none(),
                "{rule}: two results for {}",
                f["resource_id"]
            );
        }
    }
    map
}

fn tenant_resource() -> String {
    format!("/tenants/{TENANT}")
}

fn message_of(report: &Value, rule: &str, resource_id: &str) -> String {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == rule && f["resource_id"] == resource_id)
        .unwrap_or_else(|| panic!("no {rule} result for {resource_id}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

fn denied(message: &str) -> Fault {
    Fault::Status {
        status: 403,
        code: "Authorization_RequestDenied".into(),
        message: message.into(),
        retry_after: None,
    }
}

/// ENTRA-001…003 on the scenario, as CHECKS.md decides them.
fn assert_identity_verdicts(report: &Value) {
    let ci = format!("/servicePrincipals/{CI_DEPLOY_SP}");
    let mi = format!("/servicePrincipals/{MI_RUNBOOK_SP}");
    // Expanded (ci-deploy-legacy) and looked-up (the managed identity) service
    // principals fail; users, the group, the unexpanded break-glass user and the
    // Application Administrator service principal give nothing.
    assert_eq!(
        by_resource(report, "ENTRA-001"),
        BTreeMap::from([(ci.clone(), "FAIL".into()), (mi, "FAIL".into())])
    );
    assert_verdicts(
        report,
        &[
            ("ENTRA-002", "payments-api/ci secret 2026", "PASS"),
            ("ENTRA-002", "legacy-crm-connector/crm sync", "FAIL"),
            ("ENTRA-002", "hr-portal-sso/CN=hr-portal-sso", "FAIL"), // one-year certificate
            ("ENTRA-002", "build-agent/CN=build-agent", "PASS"),
            (
                "ENTRA-002",
                "vendor-integration/vendor shared secret",
                "FAIL",
            ), // no end date
            ("ENTRA-002", "reporting-sync/CN=reporting-sync", "PASS"), // no start date
            ("ENTRA-002", "ci-deploy-legacy/CN=ci-deploy-legacy", "PASS"),
        ],
    );
    assert_eq!(
        findings_of(report, "ENTRA-002").len(),
        7,
        "expired credentials get no result"
    );
    let app = |id: &str| format!("/applications/{id}");
    let sp = |id: &str| format!("/servicePrincipals/{id}");
    let expected: BTreeMap<String, String> = [
        (app("03ef14b0-ca33-4840-8f4f-d6e91916010e"), "FAIL"), // payments-api: live secret
        (app("6a8c0e2a-4c6e-4a8c-8e2a-4c6e8a0c2e4a"), "FAIL"), // legacy-crm-connector
        (app("1b3d5f7a-9c1e-4b3d-8f5a-9c1e3b5d7f9a"), "PASS"), // hr-portal-sso: certificate only
        (app("2c4e6a8b-0d2f-4c4e-9a6b-0d2f4c6e8a0b"), "PASS"), // build-agent: certificate only
        (app("3d5f7a9c-1e3b-4d5f-8a7c-1e3b5d7f9a1c"), "PASS"), // old-reporting-tool: expired secret
        (app("4e6a8c0e-2b4d-4e6a-9c8e-2b4d6f8a0c2e"), "PASS"), // contoso-spa: nothing
        (app("5f7a9c1e-3d5f-4a7c-9e1a-3d5f7b9c1e3d"), "FAIL"), // vendor-integration
        (app("7b9d1f3a-5c7e-4b9d-8f1a-5c7e9b1d3f5c"), "PASS"), // reporting-sync
        (app("8c0e2a4c-6e8a-4c0e-9a2c-6e8a0c2e4a6f"), "PASS"), // ci-deploy-legacy
        (sp("59e617e5-e447-4adc-8b88-00af644d7c92"), "PASS"),  // payments-api SP
        (sp("9a1c3e5a-7c9e-4a1c-8e3a-7c9e1a3c5e7b"), "FAIL"),  // own secret
        (sp("0c2e4a6c-8e0a-4c2e-9a4c-8e0a2c4e6a8d"), "FAIL"),  // SAML signing secret
        (sp(CI_DEPLOY_SP), "PASS"),
        (sp(REPORTING_SYNC_SP), "PASS"), // upper-case owner; only an expired secret
    ]
    .into_iter()
    .map(|(id, status)| (id, status.to_string()))
    .collect();
    // The managed identity, Microsoft Graph and Zendesk (other owners) are not judged.
    assert_eq!(by_resource(report, "ENTRA-003"), expected);

    let message = message_of(report, "ENTRA-001", &ci);
    for needed in [
        "ci-deploy-legacy",
        CI_DEPLOY_SP,
        "8e2b4d6f-1a3c-4e5f-9b7d-0c2e4f6a8b1d",
        "lAPpYvVpN0KRkAEhdxReEC6Xh29-LklLmYDrOIi9z-E-1",
    ] {
        assert!(message.contains(needed), "{needed} missing from: {message}");
    }
    let crm = findings_of(report, "ENTRA-002")
        .into_iter()
        .find(|f| f.0 == "legacy-crm-connector/crm sync")
        .unwrap();
    assert!(
        crm.2.contains("730 days") && crm.2.contains("b3d5f7a9-1c3e-4b5d-9f7a-1c3e5b7d9f1a"),
        "{}",
        crm.2
    );
}

#[test]
fn entra_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    // FAILs without --fail-on, no ERROR: exit 0.
    let report = scan_checks(&emu, &az, "ENTRA", 0);
    assert_eq!(report["scan"]["tenant_id"], TENANT);
    assert_eq!(report["scan"]["complete"], true);
    assert_identity_verdicts(&report);
    let tenant = tenant_resource();
    assert_eq!(
        by_resource(&report, "ENTRA-004"),
        BTreeMap::from([(tenant.clone(), "PASS".into())])
    );
    assert!(
        message_of(&report, "ENTRA-004", &tenant).contains("CA001: Require MFA for administrators")
    );
    assert_eq!(
        by_resource(&report, "ENTRA-005"),
        BTreeMap::from([(tenant.clone(), "FAIL".into())])
    );
    assert!(message_of(&report, "ENTRA-005", &tenant).contains("'CA003: Require MFA for guests'"));
    assert_eq!(
        by_resource(&report, "ENTRA-006"),
        BTreeMap::from([(tenant.clone(), "FAIL".into())])
    );
    let risk = message_of(&report, "ENTRA-006", &tenant);
    assert!(
        risk.contains("report-only") && risk.contains("CA004: Require MFA for risky sign-ins"),
        "{risk}"
    );
    assert!(risk.contains("CA005: Block high-risk sign-ins (draft)") && risk.contains("disabled"));

    // Graph paging: every page was read (an empty middle page included).
    // Three pages filtered on Global Administrator (ENTRA-001/004), one unfiltered page
    // of every directory role (ENTRA-014/015).
    assert_eq!(emu.count(Host::Graph, ROLE_ASSIGNMENTS), 4);
    assert_eq!(emu.count(Host::Graph, APPLICATIONS), 3);
    assert_eq!(emu.count(Host::Graph, SERVICE_PRINCIPALS), 2);
    assert_eq!(emu.count(Host::Graph, POLICIES), 2);
    // Only the two principals Graph did not expand (or expanded without @odata.type)
    // were looked up.
    assert_eq!(
        emu.count(
            Host::Graph,
            &format!("/v1.0/directoryObjects/{MI_RUNBOOK_SP}")
        ),
        1
    );
    assert_eq!(
        emu.count(
            Host::Graph,
            &format!("/v1.0/directoryObjects/{BREAK_GLASS_USER}")
        ),
        1
    );
    assert_eq!(
        emu.count(
            Host::Graph,
            &format!("/v1.0/directoryObjects/{CI_DEPLOY_SP}")
        ),
        0
    );
    let requests = emu.requests();
    let first_assignments = requests
        .iter()
        .find(|r| r.host == Host::Graph && r.path == ROLE_ASSIGNMENTS)
        .unwrap();
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(first_assignments.query.as_bytes())
            .into_owned()
            .collect();
    assert!(
        query.contains(&(
            "$filter".into(),
            format!("roleDefinitionId eq '{GLOBAL_ADMINISTRATOR}'")
        )) && query.contains(&("$expand".into(), "principal".into())),
        "{query:?}"
    );
    assert!(
        requests.iter().all(|r| r.status == 200),
        "every request answered: {requests:?}"
    );
}

#[test]
fn graph_requests_carry_the_graph_token_and_arm_requests_the_arm_token() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", "ENTRA,AKV"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let requests = emu.requests();
    let graph = format!("Bearer {GRAPH_TOKEN}");
    let arm = format!("Bearer {ARM_TOKEN}");
    assert!(requests.iter().any(|r| r.host == Host::Graph));
    assert!(requests.iter().any(|r| r.host == Host::Arm));
    for request in &requests {
        let expected = match request.host {
            Host::Graph => &graph,
            // No opt-in data-plane check runs here.
            Host::Arm | Host::Vault | Host::Storage => &arm,
        };
        assert_eq!(
            request.authorization.as_ref(),
            Some(expected),
            "{request:?}"
        );
        if request.host == Host::Graph {
            assert!(!request.query.contains("api-version"), "{request:?}");
        }
    }
    let scopes: Vec<String> = az.invocations();
    assert!(
        scopes
            .iter()
            .any(|s| s.contains("--scope https://graph.microsoft.com/.default")),
        "{scopes:?}"
    );
}

#[test]
fn report_only_policies_never_count_and_enforced_ones_do() {
    let (emu, az) = start();
    // The scenario's policies with their states swapped: the admin MFA policy is now
    // report-only, the guest and sign-in risk policies are enforced.
    let scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(scenario_dir().join("graph.json")).unwrap())
            .unwrap();
    let mut route = scenario["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == POLICIES)
        .unwrap()
        .clone();
    for page in route["pages"].as_array_mut().unwrap() {
        for policy in page.as_array_mut().unwrap() {
            let name = policy["displayName"].as_str().unwrap().to_string();
            if name.starts_with("CA001") {
                policy["state"] = "enabledForReportingButNotEnforced".into();
            } else if name.starts_with("CA003") || name.starts_with("CA004") {
                policy["state"] = "enabled".into();
            }
        }
    }
    emu.load_str(&serde_json::json!({ "routes": [route] }).to_string());
    let report = scan_json(&emu, &az, &["--checks", "ENTRA-004,ENTRA-005,ENTRA-006"]).json();
    let tenant = tenant_resource();
    for (rule, status) in [
        ("ENTRA-004", "FAIL"),
        ("ENTRA-005", "PASS"),
        ("ENTRA-006", "PASS"),
    ] {
        assert_eq!(
            by_resource(&report, rule),
            BTreeMap::from([(tenant.clone(), status.to_string())]),
            "{rule}"
        );
    }
    let admins = message_of(&report, "ENTRA-004", &tenant);
    assert!(
        admins.contains("report-only") && admins.contains("CA001: Require MFA for administrators"),
        "{admins}"
    );
    assert!(
        message_of(&report, "ENTRA-006", &tenant).contains("CA004: Require MFA for risky sign-ins")
    );
}

#[test]
fn credential_dates_without_an_offset_are_read_as_utc() {
    let (emu, az) = start();
    // Seven fractional digits and no `Z`: still a date, never "no end date".
    let at = |days: i64| {
        let day = (time::OffsetDateTime::now_utc() + time::Duration::days(days)).date();
        format!("{day}T00:00:00.1234567")
    };
    let app = "7e9a1c3e-5b7d-4f9a-8c1e-3b5d7f9a1c3e";
    let route = serde_json::json!({"routes": [{
        "host": "graph",
        "path": APPLICATIONS,
        "pages": [[{
            "id": app,
            "appId": "8f0a2b4c-6d8e-4f0a-9b2c-4d6e8f0a2b4c",
            "displayName": "nightly-export",
            "passwordCredentials": [
                {"keyId": "short", "displayName": "export 2026",
                 "startDateTime": at(-10), "endDateTime": at(30)},
                {"keyId": "expired", "displayName": "export 2024",
                 "startDateTime": at(-400), "endDateTime": at(-30)}
            ],
            "keyCredentials": []
        }]]
    }]});
    emu.load_str(&route.to_string());
    let report = scan_json(&emu, &az, &["--checks", "ENTRA-002"]).json();
    assert_eq!(
        by_resource(&report, "ENTRA-002"),
        BTreeMap::from([(
            format!("/applications/{app}/passwordCredentials/short"),
            "PASS".to_string()
        )]),
        "the 40-day secret passes; the expired one gets no result"
    );
}

#[test]
fn a_403_on_conditional_access_errors_only_the_policy_checks() {
    let (emu, az) = start();
    emu.fault(
        Host::Graph,
        POLICIES,
        denied("Insufficient privileges to complete the operation."),
        None,
    );
    let report = scan_checks(&emu, &az, "ENTRA,AKV", 3);
    assert_eq!(report["scan"]["complete"], false);
    let gaps = report["scan"]["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0]["service"], "entra");
    assert_eq!(gaps[0]["status"], 403);
    assert_eq!(gaps[0]["call"], POLICIES);
    // ENTRA-007 and 021…023 read the same policies (security defaults, read, are off).
    assert_eq!(report["summary"]["ERROR"], 7);

    let tenant = tenant_resource();
    for rule in POLICY_RULES {
        assert_eq!(
            by_resource(&report, rule),
            BTreeMap::from([(tenant.clone(), "ERROR".to_string())]),
            "{rule}"
        );
        let message = message_of(&report, rule, &tenant);
        for needed in [
            "403",
            "Authorization_RequestDenied",
            "Policy.Read.All",
            "P1",
        ] {
            assert!(
                message.contains(needed),
                "{rule}: {needed} missing from {message}"
            );
        }
    }
    assert!(message_of(&report, "ENTRA-006", &tenant).contains("P2"));
    // Everything that did not need the policies is judged as before.
    assert_identity_verdicts(&report);
    assert_verdicts(
        &report,
        &[
            ("AKV-001", "kv-prod-secure", "PASS"),
            ("AKV-001", "kv-legacy-app", "FAIL"),
            ("AKV-002", "kv-data-defaults", "FAIL"),
            ("AKV-004", "kv-legacy-app/signing-key", "FAIL"),
            ("AKV-006", "kv-prod-secure", "PASS"),
        ],
    );
    assert_eq!(emu.count(Host::Graph, POLICIES), 1, "a 403 is not retried");
}

#[test]
fn conditional_access_throttling_without_retry_after_is_retried() {
    let (emu, az) = start();
    // Conditional Access answers 429 without Retry-After: the client backs off itself.
    let throttled = Fault::Status {
        status: 429,
        code: "TooManyRequests".into(),
        message: "Too many requests.".into(),
        retry_after: None,
    };
    emu.fault(Host::Graph, POLICIES, throttled, Some(1));
    let run = scan_json(&emu, &az, &["--checks", "ENTRA-004"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        by_resource(&run.json(), "ENTRA-004"),
        BTreeMap::from([(tenant_resource(), "PASS".to_string())])
    );
    assert_eq!(emu.count(Host::Graph, POLICIES), 3, "429 once + 2 pages");
}

#[test]
fn unreadable_role_assignments_error_entra_001_and_name_the_permission() {
    let (emu, az) = start();
    emu.fault(
        Host::Graph,
        ROLE_ASSIGNMENTS,
        denied("Insufficient privileges to complete the operation."),
        None,
    );
    let report = scan_checks(&emu, &az, "ENTRA-001,ENTRA-004", 3);
    let tenant = tenant_resource();
    assert_eq!(
        by_resource(&report, "ENTRA-001"),
        BTreeMap::from([(tenant.clone(), "ERROR".to_string())])
    );
    let message = message_of(&report, "ENTRA-001", &tenant);
    assert!(
        message.contains("RoleManagement.Read.Directory") && message.contains("Directory.Read.All"),
        "{message}"
    );
    // CA001 excludes nobody, so who holds the role does not matter to ENTRA-004.
    assert_eq!(
        by_resource(&report, "ENTRA-004"),
        BTreeMap::from([(tenant, "PASS".to_string())])
    );
}

#[test]
fn a_failed_principal_lookup_errors_that_assignment_only() {
    let (emu, az) = start();
    let lookup = format!("/v1.0/directoryObjects/{MI_RUNBOOK_SP}");
    emu.fault(
        Host::Graph,
        &lookup,
        denied("Insufficient privileges."),
        None,
    );
    let report = scan_checks(&emu, &az, "ENTRA-001", 3);
    assert_eq!(
        by_resource(&report, "ENTRA-001"),
        BTreeMap::from([
            (
                format!("/directoryObjects/{MI_RUNBOOK_SP}"),
                "ERROR".to_string()
            ),
            (
                format!("/servicePrincipals/{CI_DEPLOY_SP}"),
                "FAIL".to_string()
            ),
        ]),
        "no tenant PASS while a principal is unknown"
    );
    let message = message_of(
        &report,
        "ENTRA-001",
        &format!("/directoryObjects/{MI_RUNBOOK_SP}"),
    );
    assert!(message.contains("Directory.Read.All"), "{message}");
}

#[test]
fn skipping_entra_keeps_graph_out_of_the_scan() {
    let (emu, az) = start();
    // RBAC-002/003/006 resolve principals in Graph too, so they are skipped with ENTRA.
    let run = scan_json(
        &emu,
        &az,
        &["--skip-checks", "ENTRA,RBAC-002,RBAC-003,RBAC-006"],
    );
    let report = run.json();
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["rule_id"].as_str().unwrap().starts_with("ENTRA")),
    );
    assert!(
        !findings_of(&report, "AKV-001").is_empty(),
        "Azure checks ran"
    );
    assert!(
        emu.requests().iter().all(|r| r.host == Host::Arm),
        "no Graph request may be sent"
    );
    let invocations = az.invocations();
    assert!(!invocations.is_empty());
    assert!(
        invocations
            .iter()
            .all(|i| i.contains("--scope https://management.azure.com/.default")),
        "only the ARM token is requested: {invocations:?}"
    );
}
