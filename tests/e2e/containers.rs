//! Issue 12's container and governance checks end to end: ACR-006…011 (Premium-only
//! settings give no result elsewhere), AKS-001…010 on a paged cluster list, AZPOL-001…003
//! with management-group assignments, case-varied `notScopes` and initiatives expanded
//! by the exact ID assigned (each read once per scan, however many subscriptions name
//! it), and LOCK-001's lock scopes by whole path segments; plus how a refused cluster
//! sub-call or initiative turns exactly the results that needed it into ERROR.

use crate::support::checks::{
    assert_message, assert_no_call_twice, assert_reads, deny, scan_checks,
};
use crate::support::run::azscan;
use crate::support::scenario::{SUB, assert_verdicts, findings_of, start};
use crate::support::subscriptions::{DEV, PROD, serve_copy};

const CHECKS: &str = "ACR,AKS,AZPOL,LOCK";
const BENCHMARK: &str =
    "/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8";
const BASELINE: &str = "/providers/Microsoft.Management/managementGroups/contoso-root/providers/Microsoft.Authorization/policySetDefinitions/containers-baseline";
const REGISTRY_IMAGES: &str =
    "/providers/Microsoft.Authorization/policyDefinitions/090c7b07-b4ed-4561-ad20-e9075f3ccaff";

fn cluster_diagnostics(group: &str, name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourcegroups/{group}/providers/Microsoft.ContainerService/managedClusters/{name}/providers/Microsoft.Insights/diagnosticSettings"
    )
}

#[test]
fn container_and_governance_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    // Nothing ERROR, no --fail-on: exit 0.
    let report = scan_checks(&emu, &az, CHECKS, 0);
    assert_verdicts(
        &report,
        &[
            ("ACR-006", "acrprodsecure", "PASS"),
            ("ACR-006", "acrdevopen", "FAIL"), // anonymousPullEnabled true
            ("ACR-006", "acrdefaults", "PASS"), // absent = false
            ("ACR-006", "acrpremiumfw", "PASS"), // null = false
            ("ACR-007", "acrprodsecure", "FAIL"), // quarantine disabled
            ("ACR-007", "acrpremiumfw", "FAIL"), // SKU "premium", no policy
            ("ACR-008", "acrprodsecure", "PASS"),
            ("ACR-008", "acrpremiumfw", "FAIL"), // absent = export enabled
            ("ACR-009", "acrprodsecure", "PASS"),
            ("ACR-009", "acrpremiumfw", "FAIL"),
            ("ACR-010", "acrprodsecure", "PASS"),
            ("ACR-010", "acrpremiumfw", "FAIL"),
            ("ACR-011", "acrprodsecure", "PASS"), // Approved connection
            ("ACR-011", "acrpremiumfw", "FAIL"),  // Pending only
            ("AKS-001", "aks-prod-secure", "PASS"),
            ("AKS-001", "aks-dev-open", "FAIL"),
            ("AKS-001", "aks-legacy", "PASS"), // second page
            ("AKS-002", "aks-prod-secure", "PASS"),
            ("AKS-002", "aks-dev-open", "FAIL"), // no aadProfile
            ("AKS-002", "aks-legacy", "FAIL"),   // legacy integration
            ("AKS-003", "aks-prod-secure", "PASS"),
            ("AKS-003", "aks-dev-open", "FAIL"),
            ("AKS-003", "aks-legacy", "FAIL"),      // null
            ("AKS-004", "aks-prod-secure", "PASS"), // private cluster
            ("AKS-004", "aks-dev-open", "FAIL"),    // public, no ranges
            ("AKS-004", "aks-legacy", "PASS"),      // authorized ranges
            ("AKS-005", "aks-prod-secure", "PASS"),
            ("AKS-005", "aks-dev-open", "FAIL"), // none
            ("AKS-005", "aks-legacy", "PASS"),   // Calico
            ("AKS-006", "aks-prod-secure", "PASS"),
            ("AKS-006", "aks-dev-open", "FAIL"),
            ("AKS-006", "aks-legacy", "FAIL"), // securityProfile {}
            ("AKS-007", "aks-prod-secure", "PASS"),
            ("AKS-007", "aks-dev-open", "FAIL"),    // none
            ("AKS-007", "aks-legacy", "PASS"),      // Stable
            ("AKS-008", "aks-prod-secure", "PASS"), // azurepolicy
            ("AKS-008", "aks-dev-open", "FAIL"),    // azurePolicy disabled
            ("AKS-008", "aks-legacy", "PASS"),      // azurePolicy enabled
            ("AKS-009", "aks-prod-secure", "PASS"),
            ("AKS-009", "aks-dev-open", "FAIL"),
            ("AKS-009", "aks-legacy", "PASS"),
            ("AKS-010", "aks-prod-secure", "PASS"), // kube-audit-admin to a workspace
            ("AKS-010", "aks-dev-open", "FAIL"),    // no settings
            ("AKS-010", "aks-legacy", "FAIL"),      // kube-audit disabled
            // The management-group benchmark sets the registry-images effect to Disabled.
            ("AZPOL-001", "Contoso Production", "FAIL"),
            ("AZPOL-002", "acrprodsecure", "PASS"), // direct, rg-prod, definition default
            ("AZPOL-002", "acrpremiumfw", "PASS"),
            ("AZPOL-002", "acrdevopen", "FAIL"), // only the Disabled benchmark
            ("AZPOL-002", "acrdefaults", "FAIL"),
            ("AZPOL-003", "aks-prod-secure", "PASS"), // Deny through the initiative
            ("AZPOL-003", "aks-dev-open", "FAIL"),
            ("AZPOL-003", "aks-legacy", "FAIL"), // upper-case notScopes entry
            ("LOCK-001", "stprodsecure01", "PASS"), // its own lock
            ("LOCK-001", "stlegacyweb", "MANUAL"),
            ("LOCK-001", "stclassicv1", "MANUAL"),
            ("LOCK-001", "stdataarchive", "PASS"), // rg-data ReadOnly
            ("LOCK-001", "stfileshares", "PASS"),
            ("LOCK-001", "kv-prod-secure", "MANUAL"), // NotSpecified
            ("LOCK-001", "kv-data-defaults", "PASS"),
            ("LOCK-001", "sql-prod-orders", "MANUAL"), // rg-prod-eu is not rg-prod
            ("LOCK-001", "sql-legacy-crm", "MANUAL"),  // a database's lock
            ("LOCK-001", "sql-data-warehouse", "PASS"),
            ("LOCK-001", "law-app-default", "PASS"),
            ("LOCK-001", "law-security-central", "MANUAL"),
            ("LOCK-001", "rsv-prod", "PASS"), // its own lock
            ("LOCK-001", "rsv-dev", "MANUAL"),
            ("LOCK-001", "rsv-legacy", "MANUAL"),
            ("LOCK-001", "cosmos-orders", "MANUAL"),
            ("LOCK-001", "cosmos-dev-playground", "MANUAL"),
            ("LOCK-001", "cosmos-legacy-catalog", "MANUAL"),
        ],
    );
    for (rule, count) in [
        ("ACR-006", 4),
        ("ACR-007", 2),
        ("ACR-011", 2),
        ("AKS-010", 3),
        ("AZPOL-001", 1),
        ("AZPOL-002", 4),
        ("AZPOL-003", 3),
        ("LOCK-001", 21),
    ] {
        assert_eq!(findings_of(&report, rule).len(), count, "{rule}");
    }
    for (rule, resource, parts) in [
        (
            "ACR-009",
            "acrprodsecure",
            &["acrprodsecure.westeurope.data.azurecr.io"][..],
        ),
        ("AKS-006", "aks-dev-open", &["Containers plan is"]),
        (
            "AZPOL-003",
            "aks-prod-secure",
            &["Container guardrails", "acrprodsecure\\.azurecr"],
        ),
        (
            "AZPOL-002",
            "acrprodsecure",
            &["(effect AuditIfNotExists)", "running-images"],
        ),
        (
            "AZPOL-001",
            "Contoso Production",
            &["containerRegistryVulnerabilityAssessmentEffect"],
        ),
        ("AZPOL-003", "aks-legacy", &["no assignment applies"]),
    ] {
        assert_message(&report, rule, resource, parts);
    }

    // One cluster list in two pages, one diagnostic read per cluster, each initiative
    // by the ID the assignment gives, and the one definition whose default decides.
    let clusters =
        format!("/subscriptions/{SUB}/providers/Microsoft.ContainerService/managedClusters");
    assert_reads(
        &emu,
        [
            (clusters, 2),
            (cluster_diagnostics("RG-Legacy", "aks-legacy"), 1),
            (BENCHMARK.to_string(), 1),
            (BASELINE.to_string(), 1),
            (REGISTRY_IMAGES.to_string(), 1),
        ],
    );
    assert_no_call_twice(&emu);
}

#[test]
fn a_403_on_one_clusters_diagnostic_settings_errors_only_its_aks_010() {
    let (emu, az) = start();
    deny(
        &emu,
        &cluster_diagnostics("RG-Legacy", "aks-legacy"),
        "Microsoft.Insights/diagnosticSettings/read",
    );
    // An ERROR makes the scan incomplete: exit 3.
    let report = scan_checks(&emu, &az, "AKS", 3);
    assert_verdicts(
        &report,
        &[
            ("AKS-010", "aks-legacy", "ERROR"),
            ("AKS-010", "aks-prod-secure", "PASS"),
            ("AKS-010", "aks-dev-open", "FAIL"),
            ("AKS-001", "aks-legacy", "PASS"),
            ("AKS-004", "aks-legacy", "PASS"),
        ],
    );
    assert_message(
        &report,
        "AKS-010",
        "aks-legacy",
        &["403", "diagnostic settings of AKS cluster aks-legacy"],
    );
    assert_eq!(report["summary"]["ERROR"], 1);
}

#[test]
fn a_refused_initiative_leaves_undetermined_only_what_it_alone_decides() {
    let (emu, az) = start();
    deny(
        &emu,
        BASELINE,
        "Microsoft.Authorization/policySetDefinitions/read",
    );
    let report = scan_checks(&emu, &az, "AZPOL", 3);
    assert_verdicts(
        &report,
        &[
            ("AZPOL-001", "Contoso Production", "FAIL"),
            // The direct assignment still decides the registries in rg-prod.
            ("AZPOL-002", "acrprodsecure", "PASS"),
            ("AZPOL-002", "acrpremiumfw", "PASS"),
            // Only the unread initiative could have restricted images.
            ("AZPOL-003", "aks-prod-secure", "ERROR"),
            // No add-on: FAIL whatever the initiative says.
            ("AZPOL-003", "aks-dev-open", "FAIL"),
        ],
    );
    assert_message(
        &report,
        "AZPOL-003",
        "aks-prod-secure",
        &["403", "containers-baseline"],
    );
    // The refused initiative was assigned to rg-aks and RG-Legacy only: a registry in
    // rg-dev never depended on it.
    assert_verdicts(&report, &[("AZPOL-002", "acrdevopen", "FAIL")]);
}

#[test]
fn initiatives_and_definitions_are_read_once_per_scan_across_subscriptions() {
    let (emu, az) = start();
    serve_copy(&emu, DEV);
    let both = format!("{},{}", PROD.id, DEV.id);
    let run = azscan(
        &[
            "scan",
            "--subscription-id",
            &both,
            "--checks",
            "AZPOL",
            "--format",
            "json",
        ],
        &emu,
        &az,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Read once for two subscriptions.
    assert_reads(&emu, [(BENCHMARK, 1), (BASELINE, 1), (REGISTRY_IMAGES, 1)]);
    let report = run.json();
    let prod_and_dev: Vec<_> = findings_of(&report, "AZPOL-003")
        .into_iter()
        .filter(|(name, status, _)| name == "aks-prod-secure" && status == "PASS")
        .collect();
    assert_eq!(
        prod_and_dev.len(),
        2,
        "each subscription judged: {prod_and_dev:?}"
    );
}
