//! Issue 12's container and governance checks end to end: ACR-006…011 (Premium-only
//! settings give no result elsewhere), AKS-001…010 on a paged cluster list, AZPOL-001…003
//! with management-group assignments, case-varied `notScopes` and initiatives expanded
//! by the exact ID assigned (each read once per scan, however many subscriptions name
//! it), and LOCK-001's lock scopes by whole path segments; plus how a refused cluster
//! sub-call or initiative turns exactly the results that needed it into ERROR.

use crate::support::emulator::Host;
use crate::support::run::azscan;
use crate::support::scenario::{
    SUB, arm_denied, assert_verdicts, findings_of, message_of, scan_json, start,
};
use crate::support::subscriptions::{DEV, PROD, serve_copy};
use std::collections::BTreeMap;

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
    let run = scan_json(&emu, &az, &["--checks", CHECKS]);
    assert_eq!(run.code, 0, "nothing ERROR, no --fail-on: {}", run.stderr);
    let report = run.json();
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
    assert!(
        message_of(&report, "ACR-009", "acrprodsecure")
            .contains("acrprodsecure.westeurope.data.azurecr.io")
    );
    assert!(message_of(&report, "AKS-006", "aks-dev-open").contains("Containers plan is"));
    let allowed = message_of(&report, "AZPOL-003", "aks-prod-secure");
    assert!(
        allowed.contains("Container guardrails") && allowed.contains("acrprodsecure\\.azurecr"),
        "{allowed}"
    );
    let direct = message_of(&report, "AZPOL-002", "acrprodsecure");
    assert!(
        direct.contains("(effect AuditIfNotExists)") && direct.contains("running-images"),
        "{direct}"
    );
    let disabled = message_of(&report, "AZPOL-001", "Contoso Production");
    assert!(
        disabled.contains("containerRegistryVulnerabilityAssessmentEffect"),
        "{disabled}"
    );
    assert!(message_of(&report, "AZPOL-003", "aks-legacy").contains("no assignment applies"));

    // One cluster list in two pages, one diagnostic read per cluster, each initiative
    // by the ID the assignment gives, and the one definition whose default decides.
    let clusters =
        format!("/subscriptions/{SUB}/providers/Microsoft.ContainerService/managedClusters");
    assert_eq!(emu.count(Host::Arm, &clusters), 2);
    assert_eq!(
        emu.count(Host::Arm, &cluster_diagnostics("RG-Legacy", "aks-legacy")),
        1
    );
    for path in [BENCHMARK, BASELINE, REGISTRY_IMAGES] {
        assert_eq!(emu.count(Host::Arm, path), 1, "{path}");
    }
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in emu.requests() {
        *seen
            .entry((r.path.to_lowercase(), r.query.to_lowercase()))
            .or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "calls made more than once: {twice:#?}");
}

#[test]
fn a_403_on_one_clusters_diagnostic_settings_errors_only_its_aks_010() {
    let (emu, az) = start();
    emu.fault(
        Host::Arm,
        &cluster_diagnostics("RG-Legacy", "aks-legacy"),
        arm_denied("Microsoft.Insights/diagnosticSettings/read"),
        None,
    );
    let run = scan_json(&emu, &az, &["--checks", "AKS"]);
    assert_eq!(
        run.code, 3,
        "an ERROR makes the scan incomplete: {}",
        run.stderr
    );
    let report = run.json();
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
    let message = message_of(&report, "AKS-010", "aks-legacy");
    assert!(
        message.contains("403")
            && message.contains("diagnostic settings of AKS cluster aks-legacy"),
        "{message}"
    );
    assert_eq!(report["summary"]["ERROR"], 1);
}

#[test]
fn a_refused_initiative_leaves_undetermined_only_what_it_alone_decides() {
    let (emu, az) = start();
    emu.fault(
        Host::Arm,
        BASELINE,
        arm_denied("Microsoft.Authorization/policySetDefinitions/read"),
        None,
    );
    let run = scan_json(&emu, &az, &["--checks", "AZPOL"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let report = run.json();
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
    let message = message_of(&report, "AZPOL-003", "aks-prod-secure");
    assert!(
        message.contains("403") && message.contains("containers-baseline"),
        "{message}"
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
    for path in [BENCHMARK, BASELINE, REGISTRY_IMAGES] {
        assert_eq!(
            emu.count(Host::Arm, path),
            1,
            "{path} read once for two subscriptions"
        );
    }
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
