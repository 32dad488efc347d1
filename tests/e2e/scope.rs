//! Scope: several subscriptions in one run: scope flags (IDs, --all-subscriptions,
//! --management-group, exclusions, the Azure CLI's default), tenant-level checks
//! read once per tenant, a subscription without access, multi-subscription
//! snapshots, `azscan merge` and `azscan plan`.

use crate::support::emulator::{Emulator, Host};
use crate::support::fake_az::FakeAz;
use crate::support::run::{Run, azscan, azscan_env};
use crate::support::scenario::{self, SUB};
use crate::support::subscriptions::{
    self, DEV, LOCKED, OLD, PROD, RESOURCE_GRAPH, Sub, TEST, graph_requests, reads_of,
};
use serde_json::Value;
use std::collections::BTreeSet;

/// (rule, resource, status, message) of one subscription's findings, leaving out
/// tenant-level (ENTRA) results.
fn results_of(report: &Value, sub: &str) -> BTreeSet<(String, String, String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["subscription_id"] == sub)
        .filter(|f| !f["rule_id"].as_str().unwrap().starts_with("ENTRA"))
        // Other tenant-level results (AZMON-017) go with the tenant's first subscription.
        .filter(|f| {
            !f["resource_id"]
                .as_str()
                .unwrap_or_default()
                .starts_with("/tenants/")
        })
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule_id"), s("resource_id"), s("status"), s("message"))
        })
        .collect()
}

fn entra_findings(report: &Value) -> Vec<&Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"].as_str().unwrap().starts_with("ENTRA"))
        .collect()
}

fn scanned(report: &Value) -> Vec<String> {
    report["scan"]["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["scanned"] == true)
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

fn with_copies(copies: &[Sub]) -> (Emulator, FakeAz) {
    let (emu, az) = scenario::start();
    for sub in copies {
        subscriptions::serve_copy(&emu, *sub);
    }
    (emu, az)
}

fn run(emu: &Emulator, az: &FakeAz, args: &[&str]) -> Run {
    azscan(args, emu, az)
}

#[test]
fn two_subscriptions_give_each_its_own_verdicts_and_read_entra_once() {
    let (emu, az) = with_copies(&[DEV]);
    let both = format!("{},{}", PROD.id, DEV.id);
    let combined = run(&emu, &az, &["--subscription-id", &both, "--format", "json"]);
    let graph_for_two = graph_requests(&emu);
    assert_eq!(combined.code, 0, "{}", combined.stderr);
    let report = combined.json();

    let alone_emu_start = emu.requests().len();
    let prod = run(
        &emu,
        &az,
        &["scan", "--subscription-id", PROD.id, "--format", "json"],
    )
    .json();
    let graph_for_one = emu.requests()[alone_emu_start..]
        .iter()
        .filter(|r| r.host == Host::Graph)
        .count();
    // ARM reads outside any subscription (`/providers/...`) are made once per tenant.
    let arm_in = |from: usize, to: usize| {
        emu.requests()[from..to]
            .iter()
            .filter(|r| r.host == Host::Arm && !r.path.starts_with("/providers/"))
            .count()
    };
    let dev_start = emu.requests().len();
    let dev = run(
        &emu,
        &az,
        &["--subscription-id", DEV.id, "--format", "json"],
    )
    .json();
    // No ARM call twice: together, exactly the calls each needs alone. Tenant-wide
    // reads (`/providers/…`: policy initiatives and definitions, runtime stacks) are
    // left out of `arm_in`, since a scan makes them once, not once per subscription.
    let end = emu.requests().len();
    let tenant_wide = emu.requests()[dev_start..end]
        .iter()
        .filter(|r| r.host == Host::Arm && r.path.starts_with("/providers/"))
        .count();
    assert!(tenant_wide > 0, "the scenario assigns initiatives");
    assert_eq!(
        arm_in(0, alone_emu_start),
        arm_in(alone_emu_start, dev_start) + arm_in(dev_start, end)
    );

    assert!(!results_of(&prod, PROD.id).is_empty());
    assert_eq!(results_of(&report, PROD.id), results_of(&prod, PROD.id));
    assert_eq!(results_of(&report, DEV.id), results_of(&dev, DEV.id));
    // The copies differ by resource IDs only, so each has as many results.
    assert_eq!(
        results_of(&report, DEV.id).len(),
        results_of(&prod, PROD.id).len()
    );

    // Entra: read once for the tenant, reported once, under the lowest ID (DEV's).
    assert!(graph_for_one > 0);
    assert_eq!(graph_for_two, graph_for_one, "Graph read once per tenant");
    let entra = entra_findings(&report);
    assert_eq!(entra.len(), entra_findings(&prod).len());
    assert!(entra.iter().all(|f| f["subscription_id"] == DEV.id));

    assert_eq!(report["schema_version"], 2);
    assert_eq!(report["scan"]["scope"], "subscriptions");
    let subs = report["scan"]["subscriptions"].as_array().unwrap();
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0]["id"], DEV.id);
    assert_eq!(subs[0]["display_name"], "Contoso Dev");
    assert_eq!(subs[1]["display_name"], "Contoso Production");
    assert_eq!(subs[1]["state"], "Enabled");
    assert_eq!(report["scan"]["tenant_id"], scenario::TENANT);
}

#[test]
fn all_subscriptions_skips_disabled_and_excluded_ones_without_reading_them() {
    let (emu, az) = with_copies(&[DEV, TEST]);
    subscriptions::serve_list(&emu, &[PROD, OLD, DEV, TEST], 2);
    let out = run(
        &emu,
        &az,
        &[
            "--all-subscriptions",
            "--exclude-subscription",
            TEST.id,
            "--checks",
            "AZST",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = out.json();
    assert_eq!(scanned(&report), [DEV.id, PROD.id]);
    assert_eq!(report["scan"]["scope"], "all");
    let warning = format!(
        "skipping subscription {} (Contoso Retired): its state is Disabled",
        OLD.id
    );
    assert!(out.stderr.contains(&warning), "{}", out.stderr);
    let old = report["scan"]["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == OLD.id)
        .expect("the disabled subscription is reported");
    assert_eq!(old["scanned"], false);
    assert_eq!(old["skipped"], "disabled");
    assert_eq!(old["state"], "Disabled");
    assert_eq!(reads_of(&emu, OLD.id), 0);
    assert_eq!(reads_of(&emu, TEST.id), 0, "excluded: no reads");
    assert!(reads_of(&emu, DEV.id) > 0);
    // The list already gave each subscription: none is read again.
    assert_eq!(
        emu.count(Host::Arm, &format!("/subscriptions/{}", PROD.id)),
        0
    );
    assert_eq!(emu.count(Host::Arm, "/subscriptions"), 2, "two pages");
}

#[test]
fn a_management_group_two_levels_deep_is_scanned_with_its_category() {
    let (emu, az) = with_copies(&[DEV, TEST]);
    subscriptions::serve_list(&emu, &[PROD, DEV, TEST, OLD], 10);
    subscriptions::serve_management_group(&emu, "contoso", &[PROD], "contoso-apps", &[DEV, OLD]);
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("azscan.sarif");
    let report_arg = format!("sarif={}", sarif.display());
    let out = run(
        &emu,
        &az,
        &[
            "scan",
            "--management-group",
            "contoso",
            "--checks",
            "AZST",
            "--format",
            "json",
            "--report",
            &report_arg,
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = out.json();
    assert_eq!(scanned(&report), [DEV.id, PROD.id], "both levels, not TEST");
    assert_eq!(report["scan"]["scope"], "mg-contoso");
    assert!(out.stderr.contains(OLD.id), "{}", out.stderr);
    assert_eq!(reads_of(&emu, TEST.id), 0);
    assert_eq!(reads_of(&emu, OLD.id), 0);
    assert_eq!(
        emu.count(
            Host::Arm,
            "/providers/Microsoft.Management/managementGroups/contoso/descendants"
        ),
        4,
        "every page of the tree"
    );
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 1);
    assert_eq!(
        sarif["runs"][0]["automationDetails"]["id"],
        "azscan/mg-contoso/"
    );
}

#[test]
fn a_subscription_without_access_gets_errors_while_the_others_complete() {
    let (emu, az) = with_copies(&[LOCKED]);
    subscriptions::deny_all(&emu, LOCKED);
    subscriptions::serve_list(&emu, &[PROD, LOCKED], 10);
    let out = run(
        &emu,
        &az,
        &[
            "--all-subscriptions",
            "--checks",
            "AZST,AKV",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    let report = out.json();
    let locked: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["subscription_id"] == LOCKED.id)
        .collect();
    assert!(!locked.is_empty());
    for finding in &locked {
        assert_eq!(finding["status"], "ERROR", "{finding}");
        assert!(
            finding["message"].as_str().unwrap().contains("403"),
            "{finding}"
        );
    }
    let entry = report["scan"]["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == LOCKED.id)
        .unwrap()
        .clone();
    assert_eq!(entry["scanned"], true);
    assert!(
        entry["error"].as_str().unwrap().contains("Reader role"),
        "{entry}"
    );
    let prod = results_of(&report, PROD.id);
    assert!(prod.iter().any(|r| r.2 == "FAIL") && prod.iter().any(|r| r.2 == "PASS"));
    assert!(
        out.stderr.contains(&format!(
            "the identity needs the Reader role on /subscriptions/{}",
            LOCKED.id
        )),
        "{}",
        out.stderr
    );
}

#[test]
fn unreadable_named_subscriptions_are_reported_and_all_unreadable_exits_2() {
    let (emu, az) = scenario::start();
    let missing = "1a2b3c4d-0000-4000-8000-0000000000ff";
    let both = format!("{SUB},{missing}");
    let out = run(
        &emu,
        &az,
        &[
            "--subscription-id",
            &both,
            "--checks",
            "AZST",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 3, "{}", out.stderr);
    let report = out.json();
    let entry = report["scan"]["subscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == missing)
        .expect("the missing subscription is reported")
        .clone();
    assert_eq!(entry["skipped"], "unreadable");
    assert!(entry["error"].as_str().unwrap().contains("not found"));
    assert_eq!(report["scan"]["complete"], false);

    let alone = run(
        &emu,
        &az,
        &["--subscription-id", missing, "--format", "json"],
    );
    assert_eq!(alone.code, 2);
    assert!(alone.stdout.is_empty());
    assert!(alone.stderr.contains(missing), "{}", alone.stderr);
}

#[test]
fn merged_shards_equal_the_combined_scan_and_overlaps_are_refused() {
    let (emu, az) = with_copies(&[DEV]);
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let both = format!("{},{}", PROD.id, DEV.id);
    let combined = run(&emu, &az, &["--subscription-id", &both, "--format", "json"]).json();
    for (sub, file) in [(PROD.id, "a.json"), (DEV.id, "b.json")] {
        let out = run(
            &emu,
            &az,
            &[
                "--subscription-id",
                sub,
                "--format",
                "json",
                "-o",
                &path(file),
            ],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    let merged = run(
        &emu,
        &az,
        &[
            "merge",
            &path("a.json"),
            &path("b.json"),
            "--format",
            "json",
        ],
    );
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    let merged = merged.json();
    // Everything but messages, which quote the instant of each run.
    let strip = |report: &Value| -> Vec<Vec<Value>> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                [
                    "rule_id",
                    "resource_id",
                    "subscription_id",
                    "status",
                    "severity",
                ]
                .iter()
                .map(|k| f[*k].clone())
                .collect()
            })
            .collect()
    };
    assert_eq!(strip(&merged), strip(&combined));
    assert_eq!(merged["summary"], combined["summary"]);
    assert_eq!(
        merged["scan"]["subscriptions"],
        combined["scan"]["subscriptions"]
    );

    let gated = run(
        &emu,
        &az,
        &[
            "merge",
            &path("a.json"),
            &path("b.json"),
            "--fail-on",
            "high",
            "--format",
            "markdown",
        ],
    );
    assert_eq!(gated.code, 1);
    assert!(gated.stdout.contains("Contoso Dev"), "{}", gated.stdout);

    let sarif_path = path("merged.sarif");
    let sarif_arg = format!("sarif={sarif_path}");
    let uploaded = run(
        &emu,
        &az,
        &[
            "merge",
            &path("a.json"),
            &path("b.json"),
            "--sarif-category",
            "azscan/all/",
            "--report",
            &sarif_arg,
            "--quiet",
        ],
    );
    assert_eq!(uploaded.code, 0, "{}", uploaded.stderr);
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap()).unwrap();
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 1);
    assert_eq!(sarif["runs"][0]["automationDetails"]["id"], "azscan/all/");
    let fails = combined["summary"]["FAIL"].as_u64().unwrap() as usize;
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), fails);

    let overlap = run(&emu, &az, &["merge", &path("a.json"), &path("a.json")]);
    assert_eq!(overlap.code, 2);
    assert!(
        overlap.stderr.contains("scanned in both"),
        "{}",
        overlap.stderr
    );
}

#[test]
fn a_multi_subscription_snapshot_scans_like_the_live_run() {
    let (emu, az) = with_copies(&[DEV]);
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("estate.json").display().to_string();
    let both = format!("{},{}", PROD.id, DEV.id);
    let collected = run(
        &emu,
        &az,
        &["collect", "--subscription-id", &both, "-o", &snapshot],
    );
    assert_eq!(collected.code, 0, "{}", collected.stderr);
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&snapshot).unwrap()).unwrap();
    assert_eq!(file["schema_version"], 2);
    assert_eq!(file["subscriptions"].as_array().unwrap().len(), 2);
    assert_eq!(
        file["tenants"].as_array().unwrap().len(),
        1,
        "Entra data once"
    );

    let live = run(&emu, &az, &["--subscription-id", &both, "--format", "json"]).json();
    let offline = run(
        &emu,
        &az,
        &["scan", "--snapshot", &snapshot, "--format", "json"],
    )
    .json();
    for sub in [PROD.id, DEV.id] {
        assert_eq!(results_of(&offline, sub), results_of(&live, sub));
    }
    assert_eq!(entra_findings(&offline).len(), entra_findings(&live).len());
}

#[test]
fn plan_balances_shards_by_resource_count_or_by_number() {
    let (emu, az) = scenario::start();
    subscriptions::serve_list(&emu, &[PROD, DEV, TEST, OLD], 10);
    let by_number = run(&emu, &az, &["plan", "--all-subscriptions", "--shards", "2"]);
    assert_eq!(by_number.code, 0, "{}", by_number.stderr);
    assert!(
        by_number.stderr.contains("number of subscriptions"),
        "{}",
        by_number.stderr
    );
    let matrix = by_number.json();
    let sizes: Vec<u64> = matrix["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["subscription_count"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, [2, 1], "three Enabled subscriptions over two shards");

    // That first plan asked Resource Graph, which the emulator did not serve yet.
    assert_eq!(emu.count(Host::Arm, RESOURCE_GRAPH), 1);
    subscriptions::serve_resource_counts(&emu, &[(PROD.id, 100), (DEV.id, 60), (TEST.id, 50)]);
    let out = run(
        &emu,
        &az,
        &[
            "plan",
            "--all-subscriptions",
            "--shards",
            "2",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let matrix = out.json();
    let shards = matrix["include"].as_array().unwrap();
    assert_eq!(shards.len(), 2);
    assert_eq!(shards[0]["subscriptions"], PROD.id);
    assert_eq!(shards[0]["resources"], 100);
    assert_eq!(
        shards[1]["subscriptions"],
        format!("{},{}", DEV.id, TEST.id)
    );
    assert_eq!(shards[1]["resources"], 110);
    assert_eq!(
        emu.count(Host::Arm, RESOURCE_GRAPH),
        2,
        "one Resource Graph query"
    );
    assert_eq!(reads_of(&emu, OLD.id), 0);
}

#[test]
fn without_a_scope_the_azure_cli_subscription_is_scanned() {
    let emu = Emulator::start();
    emu.load_dir(&scenario::scenario_dir());
    let az = FakeAz::with_current_subscription(SUB);
    let out = azscan(&["--checks", "AZST", "--format", "json"], &emu, &az);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "scanning the Azure CLI's current subscription {SUB}"
        )),
        "{}",
        out.stderr
    );
    assert_eq!(scanned(&out.json()), [SUB]);
    assert!(
        az.invocations()
            .iter()
            .any(|i| i.starts_with("account show"))
    );
}

#[test]
fn without_a_scope_another_credential_is_a_usage_error() {
    let (emu, az) = scenario::start();
    let out = azscan_env(&["--auth", "env", "--format", "json"], &emu, &az, &[]);
    assert_eq!(out.code, 2);
    for flag in [
        "--subscription-id",
        "--all-subscriptions",
        "--management-group",
    ] {
        assert!(out.stderr.contains(flag), "{}", out.stderr);
    }
    assert!(emu.requests().is_empty(), "nothing was read");
}

#[test]
fn subscriptions_of_two_tenants_read_each_tenant_once() {
    let other = Sub {
        tenant: "5e4d3c2b-0000-4000-8000-0000000000aa",
        ..DEV
    };
    let (emu, az) = with_copies(&[other]);
    let alone = run(
        &emu,
        &az,
        &["--subscription-id", PROD.id, "--format", "json"],
    );
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    let graph_for_one = graph_requests(&emu);
    let both = format!("{},{}", PROD.id, other.id);
    let out = run(&emu, &az, &["--subscription-id", &both, "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(graph_requests(&emu) - graph_for_one, 2 * graph_for_one);
    let report = out.json();
    assert_eq!(report["scan"]["tenant_id"], Value::Null);
    assert_eq!(report["scan"]["tenants"].as_array().unwrap().len(), 2);
    // Each tenant's results under its own subscription: PROD's tenant exactly as
    // when PROD is scanned alone. (The other tenant sees the same Graph data, but
    // its service principals then belong to a foreign tenant, so it has fewer.)
    let entra = entra_findings(&report);
    let of = |sub: &str| entra.iter().filter(|f| f["subscription_id"] == sub).count();
    assert_eq!(of(PROD.id), entra_findings(&alone.json()).len());
    assert!(of(other.id) > 0);
    assert_eq!(of(PROD.id) + of(other.id), entra.len());
}

#[test]
fn when_no_subscription_in_scope_can_be_read_nothing_was_scanned() {
    let (emu, az) = with_copies(&[LOCKED]);
    subscriptions::deny_all(&emu, LOCKED);
    subscriptions::serve_list(&emu, &[LOCKED, OLD], 10);
    let out = run(
        &emu,
        &az,
        &[
            "--all-subscriptions",
            "--checks",
            "AZST,AKV",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains(LOCKED.id), "{}", out.stderr);
    assert!(out.stderr.contains("Reader"), "{}", out.stderr);

    subscriptions::serve_list(&emu, &[OLD], 10);
    let none = run(&emu, &az, &["--all-subscriptions", "--format", "json"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("no Enabled subscription"),
        "{}",
        none.stderr
    );
    assert!(none.stderr.contains(OLD.id), "{}", none.stderr);
}
