//! `azscan doctor` against the emulated subscription: a fully readable one exits 0;
//! a partly forbidden one exits 1 and names, per call, the missing ARM action or Graph
//! permission, what to grant and the command, without judging anything.

use crate::support::emulator::{Fault, Host};
use crate::support::run::azscan;
use crate::support::scenario::{SUB, TENANT, arm_denied, start};
use serde_json::Value;

/// Every probe of the report: each subscription's ARM probes, then each tenant's
/// Graph probes.
fn probes(report: &Value) -> Vec<&Value> {
    ["subscriptions", "tenants"]
        .iter()
        .flat_map(|part| report[part].as_array().unwrap())
        .flat_map(|entry| entry["probes"].as_array().unwrap())
        .collect()
}

fn probe<'a>(report: &'a Value, path_part: &str) -> &'a Value {
    probes(report)
        .into_iter()
        .find(|p| p["call"].as_str().unwrap().contains(path_part))
        .unwrap_or_else(|| panic!("no probe of {path_part}: {report:#}"))
}

#[test]
fn a_fully_readable_subscription_passes_every_probe() {
    let (emu, az) = start();
    let run = azscan(
        &["doctor", "--subscription-id", SUB, "--format", "json"],
        &emu,
        &az,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(report["ok"], true);
    assert_eq!(report["subscriptions"][0]["tenant_id"], TENANT);
    assert_eq!(report["credential"], "Azure CLI");
    let probes = probes(&report);
    assert!(
        probes
            .iter()
            .all(|p| p["status"] == "readable" || p["status"] == "not_probed"),
        "{report:#}"
    );
    // One probe per call the checks need, children under a real parent.
    assert_eq!(probe(&report, "/pricings?")["checks"][0], "ACR-004");
    assert_eq!(probe(&report, "{vaultId}/keys")["status"], "readable");
    assert_eq!(
        probe(&report, "/v1.0/identity/conditionalAccess/policies")["status"],
        "readable"
    );
    // Graph lists that page with $top are asked for one item.
    let applications = emu
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1.0/applications")
        .expect("applications probed");
    assert!(applications.query.contains("%24top=1") || applications.query.contains("$top=1"));
    // Doctor reads one page per call: far fewer requests than a scan, and no judging.
    assert!(emu.requests().len() <= probes.len() + 1);
    assert!(report.get("findings").is_none());
}

#[test]
fn a_partly_forbidden_subscription_names_what_to_grant_and_exits_1() {
    let (emu, az) = start();
    emu.fault(
        Host::Arm,
        &format!("/subscriptions/{SUB}/providers/Microsoft.Security/pricings"),
        arm_denied("Microsoft.Security/pricings/read"),
        None,
    );
    emu.fault(
        Host::Graph,
        "/v1.0/identity/conditionalAccess/policies",
        Fault::Status {
            status: 403,
            code: "Authorization_RequestDenied".into(),
            message: "Insufficient privileges to complete the operation.".into(),
            retry_after: None,
        },
        None,
    );
    let run = azscan(
        &["doctor", "--subscription-id", SUB, "--format", "json"],
        &emu,
        &az,
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(report["ok"], false);
    let pricings = probe(&report, "/pricings?");
    assert_eq!(pricings["status"], "forbidden");
    assert_eq!(pricings["missing"], "Microsoft.Security/pricings/read");
    assert_eq!(pricings["grant"], "the Reader role");
    assert!(
        pricings["command"]
            .as_str()
            .unwrap()
            .starts_with(&format!("az role assignment create --assignee <principal-id> --role Reader --scope /subscriptions/{SUB}"))
    );
    let policies = probe(&report, "conditionalAccess/policies");
    assert_eq!(policies["status"], "forbidden");
    assert_eq!(policies["missing"], "Policy.Read.All");
    assert!(
        policies["command"]
            .as_str()
            .unwrap()
            .contains("246dd0d5-5bd0-4def-940b-0421030a5b68=Role")
    );
    assert_eq!(probe(&report, "/storageAccounts?")["status"], "readable");

    // The table says the same to a person.
    let table = azscan(&["doctor", "--subscription-id", SUB], &emu, &az);
    assert_eq!(table.code, 1);
    assert!(table.stdout.contains("Microsoft.Security/pricings/read"));
    assert!(
        table.stdout.contains("2 call(s) cannot be read"),
        "{}",
        table.stdout
    );
}

#[test]
fn an_unregistered_provider_is_readable_for_lists_and_named_for_pricings() {
    let (emu, az) = start();
    for (path, namespace) in [
        ("Microsoft.Sql/servers", "Microsoft.Sql"),
        ("Microsoft.Security/pricings", "Microsoft.Security"),
    ] {
        emu.fault(
            Host::Arm,
            &format!("/subscriptions/{SUB}/providers/{path}"),
            Fault::Status {
                status: 409,
                code: "MissingSubscriptionRegistration".into(),
                message: format!(
                    "The subscription is not registered to use namespace '{namespace}'."
                ),
                retry_after: None,
            },
            None,
        );
    }
    let run = azscan(
        &[
            "doctor",
            "--subscription-id",
            SUB,
            "--format",
            "json",
            "--checks",
            "AZSQL,ACR",
        ],
        &emu,
        &az,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(
        probe(&report, "Microsoft.Sql/servers?")["status"],
        "readable"
    );
    assert_eq!(
        probe(&report, "{serverId}/auditingSettings")["status"],
        "not_probed"
    );
    let pricings = probe(&report, "/pricings?");
    assert_eq!(pricings["status"], "unregistered");
    assert_eq!(
        pricings["command"],
        "az provider register --namespace Microsoft.Security"
    );
}
