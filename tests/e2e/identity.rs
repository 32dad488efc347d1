//! Issue 14's end-to-end contract: ENTRA-007…013, 016…026 and RBAC-001…006 against
//! the emulated tenant and subscription: Graph objects and paged lists, Azure role
//! assignments inherited from a management group and the root, principals resolved
//! once with POST getByIds plus users' `$select`, a group's paged transitive members,
//! a 403 naming the Graph permission, and no call made twice.

use crate::support::checks::assert_no_call_twice;
use crate::support::emulator::{Fault, Host};
use crate::support::scenario::{SUB, TENANT, scan_json, start};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

const GET_BY_IDS: &str = "/v1.0/directoryObjects/getByIds";

/// (rule, resource ID lower-cased) → status, for the identity rules.
fn results(report: &Value) -> BTreeMap<(String, String), String> {
    let mut map = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        let rule = f["rule_id"].as_str().unwrap();
        if !(rule.starts_with("ENTRA-") || rule.starts_with("RBAC-")) {
            continue;
        }
        let key = (
            rule.to_string(),
            f["resource_id"].as_str().unwrap().to_lowercase(),
        );
        let previous = map.insert(key.clone(), f["status"].as_str().unwrap().to_string());
        assert!(previous.is_none(), "two results for {key:?}");
    }
    map
}

fn message(report: &Value, rule: &str, resource_id: &str) -> String {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule_id"] == rule
                && f["resource_id"]
                    .as_str()
                    .unwrap()
                    .eq_ignore_ascii_case(resource_id)
        })
        .unwrap_or_else(|| panic!("no {rule} result for {resource_id}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

fn tenant() -> String {
    format!("/tenants/{TENANT}")
}

fn assignment(name: &str) -> String {
    format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleAssignments/{name}")
}

fn expect(report: &Value, expected: &[(&str, String, &str)]) {
    let got = results(report);
    let wrong: Vec<String> = expected
        .iter()
        .filter(|(rule, id, status)| {
            got.get(&(rule.to_string(), id.to_lowercase()))
                .map(String::as_str)
                != Some(*status)
        })
        .map(|(rule, id, status)| format!("{rule} {id}: expected {status}"))
        .collect();
    assert!(wrong.is_empty(), "{}\ngot: {got:#?}", wrong.join("\n"));
}

#[test]
fn the_tenant_and_subscription_identity_posture_is_judged_as_the_spec_decides() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", "ENTRA,RBAC"]);
    let report = run.json();
    let user = |id: &str| format!("/users/{id}");
    let mg = "/providers/Microsoft.Management/managementGroups/contoso-root";
    expect(
        &report,
        &[
            // No security defaults, and CA006 covers only Azure management.
            ("ENTRA-007", tenant(), "FAIL"),
            ("ENTRA-008", tenant(), "FAIL"), // everyone may invite
            ("ENTRA-009", tenant(), "PASS"), // low-impact, verified publishers
            ("ENTRA-010", tenant(), "FAIL"),
            ("ENTRA-011", tenant(), "PASS"),
            ("ENTRA-012", tenant(), "FAIL"),
            ("ENTRA-013", tenant(), "PASS"), // "False" on the first page
            ("ENTRA-019", tenant(), "MANUAL"),
            ("ENTRA-020", tenant(), "FAIL"), // banned list empty, on the second page
            ("ENTRA-021", tenant(), "PASS"), // CA006
            ("ENTRA-022", tenant(), "PASS"), // CA001 includes the E1 roles
            ("ENTRA-023", tenant(), "FAIL"),
            ("ENTRA-024", tenant(), "PASS"),
            ("ENTRA-026", tenant(), "FAIL"), // null means allowed
            // Joey, the break-glass user, Priya (eligible) and Tomas through Tier0; the
            // guest's expired eligibility, service principals and a disabled member do not count.
            ("ENTRA-014", tenant(), "PASS"),
            // Frank, a guest, is eligible for Security Administrator on an administrative unit.
            ("ENTRA-015", user("a1b2c3d4-0002-4a5b-8c9d-0e1f2a3b4c5d"), "FAIL"),
            ("ENTRA-016", user("a1b2c3d4-0007-4a5b-8c9d-0e1f2a3b4c5d"), "FAIL"),
            ("ENTRA-017", user("b2c3d4e5-0002-4b6c-9d0e-1f2a3b4c5d6e"), "FAIL"),
            ("ENTRA-025", user("a1b2c3d4-0002-4a5b-8c9d-0e1f2a3b4c5d"), "PASS"),
            ("ENTRA-025", user("a1b2c3d4-0009-4a5b-8c9d-0e1f2a3b4c5d"), "FAIL"),
            (
                "RBAC-001",
                format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/9c1d2e3f-aaaa-4b5c-8d9e-0f1a2b3c4d5e"),
                "FAIL",
            ),
            (
                "RBAC-001",
                format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/9c1d2e3f-bbbb-4b5c-8d9e-0f1a2b3c4d5e"),
                "PASS",
            ),
            // A guest owner at the management group, a group whose second page holds a guest.
            (
                "RBAC-002",
                format!("{mg}/providers/Microsoft.Authorization/roleAssignments/3f1e2d4c-2222-4a5b-9c8d-7e6f5a4b3c21"),
                "FAIL",
            ),
            ("RBAC-002", assignment("3f1e2d4c-5555-4a5b-9c8d-7e6f5a4b3c21"), "FAIL"),
            ("RBAC-003", assignment("3f1e2d4c-6666-4a5b-9c8d-7e6f5a4b3c21"), "FAIL"),
            (
                "RBAC-004",
                "/providers/Microsoft.Authorization/roleAssignments/3f1e2d4c-7777-4a5b-9c8d-7e6f5a4b3c21".to_string(),
                "FAIL",
            ),
            ("RBAC-005", format!("/subscriptions/{SUB}"), "FAIL"),
            // Deleted (absent from getByIds) and a disabled Contributor read by $select.
            ("RBAC-006", assignment("3f1e2d4c-4444-4a5b-9c8d-7e6f5a4b3c21"), "FAIL"),
            (
                "RBAC-006",
                format!("/subscriptions/{SUB}/resourceGroups/rg-app/providers/Microsoft.Authorization/roleAssignments/3f1e2d4c-3333-4a5b-9c8d-7e6f5a4b3c21"),
                "FAIL",
            ),
        ],
    );
    let got = results(&report);
    // The disabled guest is not judged; the member registered for MFA gets nothing.
    assert_eq!(got.keys().filter(|(r, _)| r == "ENTRA-025").count(), 2);
    assert_eq!(got.keys().filter(|(r, _)| r == "ENTRA-017").count(), 1);
    assert_eq!(got.keys().filter(|(r, _)| r == "RBAC-002").count(), 2);
    assert_eq!(got.keys().filter(|(r, _)| r == "ENTRA-015").count(), 1);
    assert!(message(&report, "ENTRA-014", &tenant()).starts_with("4 enabled users"));
    assert!(
        message(
            &report,
            "RBAC-002",
            &assignment("3f1e2d4c-5555-4a5b-9c8d-7e6f5a4b3c21")
        )
        .contains("grace_northwind.com#EXT#"),
        "the group's guest is named"
    );
    assert!(
        message(
            &report,
            "RBAC-003",
            &assignment("3f1e2d4c-6666-4a5b-9c8d-7e6f5a4b3c21")
        )
        .contains("managed identity func-orders")
    );

    // Principals are resolved once for the tenant, by POST; users' fields with $select.
    let requests = emu.requests();
    let posts: Vec<_> = requests
        .iter()
        .filter(|r| r.path.eq_ignore_ascii_case(GET_BY_IDS))
        .collect();
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0].method, "POST");
    // It asks for every principal a role names, each once, and for nothing else (the
    // emulator answers only what is asked; 0004 and 0008 are asked for and absent).
    let body: Value = serde_json::from_str(posts[0].body.as_deref().unwrap_or_default())
        .expect("getByIds is sent a JSON body");
    assert_eq!(body["types"], json!(["user", "group", "servicePrincipal"]));
    let sent: Vec<&str> = body["ids"]
        .as_array()
        .expect("an ids list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let distinct: BTreeSet<&str> = sent.iter().copied().collect();
    assert_eq!(distinct.len(), sent.len(), "an ID sent twice: {sent:?}");
    let named = principals_the_scenario_names();
    assert_eq!(
        distinct
            .iter()
            .map(|id| id.to_string())
            .collect::<BTreeSet<_>>(),
        named,
        "getByIds asks for exactly the principals the scenario names"
    );
    let user_lookups: Vec<_> = requests
        .iter()
        .filter(|r| {
            r.host == Host::Graph
                && r.path == "/v1.0/users"
                && r.query.contains("$filter=id%20in%20")
        })
        .collect();
    // Seven users fit one `$filter` of 15; its answer has a second page.
    assert_eq!(user_lookups.len(), 2, "{user_lookups:#?}");
    assert!(user_lookups[1].query.ends_with("&$skiptoken=1"));
    assert!(
        user_lookups[0]
            .query
            .contains("$select=id%2CdisplayName%2CuserPrincipalName%2CuserType%2CaccountEnabled"),
        "{}",
        user_lookups[0].query
    );
    assert_no_call_twice(&emu);
}

/// Every `principalId` of the scenario's role assignments (Azure's at any scope, and
/// Entra's) and role eligibility schedules, lower-cased: the principals a scan must
/// resolve. Workload identities without a role assignment are not among them.
fn principals_the_scenario_names() -> BTreeSet<String> {
    fn walk(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(fields) => {
                for (key, field) in fields {
                    match (key.eq_ignore_ascii_case("principalId"), field.as_str()) {
                        (true, Some(id)) => {
                            out.insert(id.to_ascii_lowercase());
                        }
                        _ => walk(field, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            _ => {}
        }
    }
    let mut named = BTreeSet::new();
    for entry in std::fs::read_dir(crate::support::scenario::scenario_dir()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let file: Value = serde_json::from_str(&text).unwrap();
        for route in file["routes"].as_array().into_iter().flatten() {
            let path = route["path"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if path.ends_with("/roleassignments") || path.ends_with("/roleeligibilityschedules") {
                walk(route, &mut named);
            }
        }
    }
    named
}

#[test]
fn a_refused_graph_read_costs_only_its_checks_and_names_the_permission() {
    let (emu, az) = start();
    let denied = |message: &str| Fault::Status {
        status: 403,
        code: "Authorization_RequestDenied".into(),
        message: message.into(),
        retry_after: None,
    };
    emu.fault(
        Host::Graph,
        GET_BY_IDS,
        denied("Insufficient privileges to complete the operation."),
        None,
    );
    emu.fault(
        Host::Graph,
        "/v1.0/reports/authenticationMethods/userRegistrationDetails",
        denied("Neither tenant is B2C or tenant doesn't have premium license"),
        None,
    );
    let report = scan_json(&emu, &az, &["--checks", "ENTRA,RBAC"]).json();
    let got = results(&report);
    for rule in ["ENTRA-016", "ENTRA-017"] {
        assert_eq!(
            got.get(&(rule.into(), tenant())),
            Some(&"ERROR".to_string()),
            "{rule}"
        );
        assert!(message(&report, rule, &tenant()).contains("AuditLog.Read.All"));
    }
    // Unresolved principals are ERROR, never "deleted"; no subscription-level PASS.
    let deleted = assignment("3f1e2d4c-4444-4a5b-9c8d-7e6f5a4b3c21");
    assert_eq!(
        got.get(&("RBAC-006".into(), deleted.to_lowercase())),
        Some(&"ERROR".to_string())
    );
    assert!(message(&report, "RBAC-006", &deleted).contains("Directory.Read.All"));
    let subscription = format!("/subscriptions/{SUB}").to_lowercase();
    assert_eq!(got.get(&("RBAC-002".into(), subscription.clone())), None);
    assert_eq!(got.get(&("RBAC-006".into(), subscription)), None);
    // RBAC-003 rests on ARM's principalType; ARM-only and other Graph checks stand.
    let mi = assignment("3f1e2d4c-6666-4a5b-9c8d-7e6f5a4b3c21");
    assert_eq!(
        got.get(&("RBAC-003".into(), mi.to_lowercase())),
        Some(&"FAIL".to_string())
    );
    assert_eq!(
        got.get(&("ENTRA-008".into(), tenant())),
        Some(&"FAIL".to_string())
    );
}

#[test]
fn a_principal_field_of_the_wrong_type_costs_the_assignments_that_name_it() {
    use crate::support::patch::{scenario_route, serve};
    let (emu, az) = start();
    let mut route = scenario_route("graph-identity.json", "/directoryObjects/getByIds");
    let ops_group = "a1b2c3d4-0005-4a5b-8c9d-0e1f2a3b4c5d";
    for object in route["body"]["value"].as_array_mut().unwrap() {
        if object["id"] == ops_group {
            object["displayName"] = serde_json::json!(42);
        }
    }
    serve(&emu, route);
    let report = scan_json(&emu, &az, &["--checks", "RBAC-002"]).json();
    let owner_group = assignment("3f1e2d4c-5555-4a5b-9c8d-7e6f5a4b3c21");
    assert_eq!(
        results(&report).get(&("RBAC-002".into(), owner_group.to_lowercase())),
        Some(&"ERROR".to_string())
    );
    assert!(message(&report, "RBAC-002", &owner_group).contains("displayName"));
}
