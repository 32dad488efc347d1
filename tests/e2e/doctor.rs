//! `azscan doctor` against the emulated subscription: a fully readable one exits 0;
//! a partly forbidden one exits 1 and names, per call, the missing ARM action or Graph
//! permission, what to grant and the command, without judging anything. Several
//! subscriptions are each diagnosed on their own, Graph once per tenant.

use crate::support::emulator::{Emulator, Fault, Host};
use crate::support::fake_az::FakeAz;
use crate::support::run::azscan;
use crate::support::scenario::{SUB, TENANT, arm_denied, scenario_dir, start};
use crate::support::subscriptions::{self, DEV, LOCKED, PROD, graph_requests};
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

/// The entry of one subscription in the report.
fn subscription<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["subscription_id"] == id)
        .unwrap_or_else(|| panic!("no entry for {id}: {report:#}"))
}

fn status_of<'a>(entry: &'a Value, path_part: &str) -> &'a Value {
    &entry["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["call"].as_str().unwrap().contains(path_part))
        .unwrap_or_else(|| panic!("no probe of {path_part}: {entry:#}"))["status"]
}

#[test]
fn two_subscriptions_are_diagnosed_each_on_its_own_and_graph_once() {
    let (emu, az) = start();
    subscriptions::serve_copy(&emu, DEV);
    emu.fault(
        Host::Arm,
        &format!(
            "/subscriptions/{}/providers/Microsoft.Security/pricings",
            DEV.id
        ),
        arm_denied("Microsoft.Security/pricings/read"),
        None,
    );
    let alone = azscan(
        &["doctor", "--subscription-id", PROD.id, "--format", "json"],
        &emu,
        &az,
    );
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    let graph_for_one = graph_requests(&emu);
    assert!(graph_for_one > 0);

    let before = emu.requests().len();
    let both = format!("{},{}", PROD.id, DEV.id);
    let run = azscan(
        &["doctor", "--subscription-id", &both, "--format", "json"],
        &emu,
        &az,
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(report["ok"], false);
    assert_eq!(report["subscriptions"].as_array().unwrap().len(), 2);

    let prod = subscription(&report, PROD.id);
    assert_eq!(prod["ok"], true, "{prod:#}");
    assert_eq!(prod["display_name"], "Contoso Production");
    assert_eq!(status_of(prod, "/pricings?"), "readable");
    assert_eq!(status_of(prod, "{vaultId}/keys"), "readable");

    let dev = subscription(&report, DEV.id);
    assert_eq!(dev["ok"], false, "{dev:#}");
    assert_eq!(status_of(dev, "/pricings?"), "forbidden");
    assert_eq!(status_of(dev, "/storageAccounts?"), "readable");
    let pricings = dev["probes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["status"] == "forbidden")
        .unwrap();
    assert!(
        pricings["command"]
            .as_str()
            .unwrap()
            .ends_with(&format!("--scope /subscriptions/{}", DEV.id)),
        "{pricings:#}"
    );
    // The subscriptions' ARM probes hold no Graph call: those are the tenant's.
    assert!(
        prod["probes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| !p["call"].as_str().unwrap().contains("/v1.0/"))
    );

    // One tenant, probed once: as many Graph reads as for one subscription.
    let tenants = report["tenants"].as_array().unwrap();
    assert_eq!(tenants.len(), 1);
    assert_eq!(tenants[0]["tenant_id"], TENANT);
    assert_eq!(tenants[0]["ok"], true);
    let graph_for_two = emu.requests()[before..]
        .iter()
        .filter(|r| r.host == Host::Graph)
        .count();
    assert_eq!(graph_for_two, graph_for_one, "Graph probed once per tenant");

    // The table groups by subscription and names only DEV's failure.
    let table = azscan(&["doctor", "--subscription-id", &both], &emu, &az);
    assert_eq!(table.code, 1);
    assert!(
        table
            .stdout
            .contains(&format!("subscription {} (Contoso Dev", DEV.id)),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains(&format!(
            "1 call(s) cannot be read; the checks that need them would report ERROR:\n  subscription {}",
            DEV.id
        )),
        "{}",
        table.stdout
    );
}

#[test]
fn all_subscriptions_with_exclusions_and_an_unreadable_one() {
    let (emu, az) = start();
    subscriptions::serve_copy(&emu, DEV);
    subscriptions::serve_copy(&emu, LOCKED);
    subscriptions::deny_all(&emu, LOCKED);
    subscriptions::serve_list(&emu, &[PROD, DEV, LOCKED], 10);
    let args = |extra: &[&'static str]| {
        let mut args = vec![
            "doctor",
            "--all-subscriptions",
            "--checks",
            "AZST,AKV",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        args
    };
    let excluded = azscan(&args(&["--exclude-subscription", LOCKED.id]), &emu, &az);
    assert_eq!(excluded.code, 0, "{}", excluded.stderr);
    let report = excluded.json();
    let ids: Vec<&str> = report["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["subscription_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [DEV.id, PROD.id]);
    // No Entra check selected: no tenant section, no Graph read.
    assert!(report["tenants"].as_array().unwrap().is_empty());
    assert_eq!(graph_requests(&emu), 0);

    let all = azscan(&args(&[]), &emu, &az);
    assert_eq!(all.code, 1, "{}", all.stderr);
    let report = all.json();
    let locked = subscription(&report, LOCKED.id);
    assert_eq!(locked["ok"], false);
    assert_eq!(status_of(locked, "/storageAccounts?"), "forbidden");
    assert_eq!(subscription(&report, PROD.id)["ok"], true);
    assert_eq!(subscription(&report, DEV.id)["ok"], true);

    // Nothing in scope is a usage error, as for a scan.
    let none = azscan(
        &[
            "doctor",
            "--subscription-id",
            PROD.id,
            "--exclude-subscription",
            PROD.id,
        ],
        &emu,
        &az,
    );
    assert_eq!(none.code, 2, "{}", none.stderr);
    assert!(none.stdout.is_empty());
}

#[test]
fn without_a_scope_the_cli_subscription_is_checked_and_an_unreadable_named_one_fails() {
    let emu = Emulator::start();
    emu.load_dir(&scenario_dir());
    let az = FakeAz::with_current_subscription(SUB);
    let run = azscan(
        &["doctor", "--checks", "AZST", "--format", "json"],
        &emu,
        &az,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["subscriptions"][0]["subscription_id"], SUB);
    assert_eq!(report["subscriptions"].as_array().unwrap().len(), 1);
    assert!(
        az.invocations()
            .iter()
            .any(|i| i.starts_with("account show"))
    );

    // A named subscription the identity cannot read is in the report, not ok.
    let missing = "1a2b3c4d-0000-4000-8000-0000000000ff";
    let both = format!("{SUB},{missing}");
    let run = azscan(
        &[
            "doctor",
            "--subscription-id",
            &both,
            "--checks",
            "AZST",
            "--format",
            "json",
        ],
        &emu,
        &az,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(subscription(&report, SUB)["ok"], true);
    let gone = subscription(&report, missing);
    assert_eq!(gone["ok"], false);
    assert!(gone["probes"].as_array().unwrap().is_empty());
    assert!(
        gone["error"].as_str().unwrap().contains("not found"),
        "{gone:#}"
    );
}

#[test]
fn doctor_names_who_signed_in_from_graph_not_from_the_token() {
    let (emu, az) = start();
    crate::support::patch::serve(
        &emu,
        serde_json::json!({
            "host": "graph",
            "path": "/v1.0/me",
            "body": {
                "id": "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
                "userPrincipalName": "auditor@contoso.example"
            }
        }),
    );
    let run = azscan(
        &["doctor", "--subscription-id", SUB, "--format", "json"],
        &emu,
        &az,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(report["identity"]["kind"], "user");
    assert_eq!(
        report["identity"]["object_id"],
        "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
    );
    assert_eq!(report["identity"]["name"], "auditor@contoso.example");
    let me = emu
        .requests()
        .into_iter()
        .filter(|r| r.path.eq_ignore_ascii_case("/v1.0/me"))
        .count();
    assert_eq!(me, 1, "one Graph read says who signed in");

    let table = azscan(&["doctor", "--subscription-id", SUB], &emu, &az);
    assert!(
        table.stdout.contains(
            "as user auditor@contoso.example (object ID 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9)"
        ),
        "{}",
        table.stdout
    );
}

#[test]
fn doctor_asks_graph_nothing_when_no_selected_check_reads_it() {
    let (emu, az) = start();
    let run = azscan(
        &[
            "doctor",
            "--subscription-id",
            SUB,
            "--checks",
            "AZST",
            "--format",
            "json",
        ],
        &emu,
        &az,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.json()["identity"], Value::Null);
    assert_eq!(graph_requests(&emu), 0);
}

/// `azscan doctor --format json` for `SUB` and `checks`.
fn doctor_json(emu: &Emulator, az: &FakeAz, checks: &str) -> Value {
    let run = azscan(
        &[
            "doctor",
            "--subscription-id",
            SUB,
            "--checks",
            checks,
            "--format",
            "json",
        ],
        emu,
        az,
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    run.json()
}

const GATEWAY: &str = "/subscriptions/9b5c7e1a-3d2f-4c8b-a6e4-2f1d0c9b8a71/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworkGateways/vgw-hub";

#[test]
fn doctor_probes_a_vpn_gateway_a_public_ip_belongs_to_or_says_none_is_known() {
    // The scenario's first page of public IPs holds VM, load balancer and application
    // gateway addresses: no gateway to probe, and no public IP read as if it were one.
    let (emu, az) = start();
    let report = doctor_json(&emu, &az, "AZNW-010");
    let gateway = probe(&report, "{virtualNetworkGatewayId}");
    assert_eq!(gateway["status"], "not_probed", "{gateway:#}");
    let detail = gateway["detail"].as_str().unwrap();
    assert!(
        detail.contains("no public IP on the first page")
            && detail.contains("virtualNetworkGateways"),
        "{detail}"
    );
    assert!(
        emu.requests()
            .iter()
            .all(|r| !r.path.contains("/publicIPAddresses/")
                && !r
                    .path
                    .to_ascii_lowercase()
                    .contains("/virtualnetworkgateways/")),
        "{:#?}",
        emu.requests()
    );

    // A first page with a gateway's address: the gateway itself is read, once.
    let (emu, az) = start();
    let ip = |name: &str, configuration: &str| {
        serde_json::json!({
            "id": format!("/subscriptions/{SUB}/resourceGroups/rg-network/providers/Microsoft.Network/publicIPAddresses/{name}"),
            "name": name,
            "type": "Microsoft.Network/publicIPAddresses",
            "location": "westeurope",
            "properties": {"ipConfiguration": {"id": configuration}},
        })
    };
    let route = serde_json::json!({"routes": [{
        "path": format!("/subscriptions/{SUB}/providers/Microsoft.Network/publicIPAddresses"),
        "api_version": "2024-07-01",
        "pages": [[
            ip("pip-lb-web", &format!("/subscriptions/{SUB}/resourceGroups/rg-network/providers/Microsoft.Network/loadBalancers/lb-web/frontendIPConfigurations/fe")),
            ip("pip-vgw-hub", &format!("{GATEWAY}/ipConfigurations/default")),
        ]],
    }]});
    emu.load_str(&route.to_string());
    let report = doctor_json(&emu, &az, "AZNW-010");
    assert_eq!(
        probe(&report, "{virtualNetworkGatewayId}")["status"],
        "readable"
    );
    assert_eq!(emu.count(Host::Arm, GATEWAY), 1);
    assert!(
        emu.requests()
            .iter()
            .all(|r| !r.path.contains("/publicIPAddresses/")),
        "no public IP is read as a gateway"
    );
}

/// The diagnostic-settings requests doctor sent.
fn diagnostic_probes(emu: &Emulator) -> Vec<String> {
    emu.requests()
        .into_iter()
        .filter(|r| {
            r.path
                .ends_with("/providers/Microsoft.Insights/diagnosticSettings")
        })
        .map(|r| r.path)
        .collect()
}

#[test]
fn doctor_probes_diagnostic_settings_under_a_chosen_parent_and_says_which() {
    // The subscription itself when a check reads its settings: it always exists.
    let (emu, az) = start();
    let report = doctor_json(&emu, &az, "AKS-010,AZMON");
    let detail = probe(
        &report,
        "{resourceId}/providers/Microsoft.Insights/diagnosticSettings",
    )["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        detail.contains(&format!(
            "probed under /subscriptions/{SUB}: the subscription itself"
        )),
        "{detail}"
    );
    assert_eq!(
        diagnostic_probes(&emu),
        [format!(
            "/subscriptions/{SUB}/providers/Microsoft.Insights/diagnosticSettings"
        )]
    );

    // Without it, the first parent list in the table's order that returned an item
    // (Key Vaults before clusters), whichever order the checks are named in.
    for checks in ["AKS-010,AZMON-004", "AZMON-004,AKS-010"] {
        let (emu, az) = start();
        let report = doctor_json(&emu, &az, checks);
        let probed = diagnostic_probes(&emu);
        assert_eq!(probed.len(), 1, "{probed:?}");
        assert!(
            probed[0].contains("/providers/Microsoft.KeyVault/vaults/"),
            "{checks}: {probed:?}"
        );
        let detail = probe(
            &report,
            "{resourceId}/providers/Microsoft.Insights/diagnosticSettings",
        )["detail"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            detail.contains("the first item of /subscriptions/{subscriptionId}/providers/Microsoft.KeyVault/vaults")
                && detail.contains("2 kinds of parent"),
            "{detail}"
        );
    }
}
