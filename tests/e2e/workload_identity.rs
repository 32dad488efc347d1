//! RBAC-007 and AKS-011 against the emulated subscription: workload identities (system-
//! and user-assigned, the AKS kubelet identity) holding subscription-wide privileged
//! roles, inherited from a management group or the root too; running-container and
//! per-cluster Defender assessments; a refused VM list turning only unattributable
//! service-principal assignments into ERROR; and no call made twice.

use crate::support::emulator::Host;
use crate::support::scenario::{
    SUB, arm_denied, assert_verdicts, findings_of, message_of, scan_json, start,
};
use std::collections::BTreeSet;

const CHECKS: &str = "RBAC-007,AKS-011";
const VM_APP01: &str = "7d2e4f60-0001-4c1a-9b3e-5f7a9c1e3b01";
const REPORTS_MG: &str = "7d2e4f60-0002-4c1a-9b3e-5f7a9c1e3b02";
const AKS_LEGACY: &str = "7d2e4f60-0003-4c1a-9b3e-5f7a9c1e3b03";
const KUBELET_ROOT: &str = "7d2e4f60-0004-4c1a-9b3e-5f7a9c1e3b04";
const NIGHTLY: &str = "7d2e4f60-0005-4c1a-9b3e-5f7a9c1e3b05";
/// Owner held by the app registration `func-orders`, which no scanned workload carries.
const PIPELINE_OWNER: &str = "3f1e2d4c-6666-4a5b-9c8d-7e6f5a4b3c21";

#[test]
fn workload_identities_with_privileged_roles_and_running_container_findings_are_judged() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", CHECKS]);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("RBAC-007", VM_APP01, "FAIL"),
            ("RBAC-007", REPORTS_MG, "FAIL"),
            ("RBAC-007", AKS_LEGACY, "FAIL"),
            ("RBAC-007", KUBELET_ROOT, "FAIL"),
            ("RBAC-007", NIGHTLY, "FAIL"),
            ("AKS-011", "aks-dev-open", "FAIL"),
            ("AKS-011", "aks-prod-secure", "PASS"),
            ("AKS-011", "aks-legacy", "MANUAL"),
        ],
    );
    // The resource-group assignment of vm-db01 and the app's Owner are not this check's.
    assert_eq!(
        findings_of(&report, "RBAC-007").len(),
        5,
        "{:#?}",
        findings_of(&report, "RBAC-007")
    );
    let vm = message_of(&report, "RBAC-007", VM_APP01);
    assert!(
        vm.contains(
            "Contributor is held by the system-assigned identity of virtual machine vm-app01"
        ),
        "{vm}"
    );
    let reports = message_of(&report, "RBAC-007", REPORTS_MG);
    assert!(
        reports.contains("Role Based Access Control Administrator"),
        "{reports}"
    );
    assert!(
        reports.contains("user-assigned identity of function app func-reports-linux"),
        "{reports}"
    );
    assert!(
        reports.contains("managementGroups/contoso-root"),
        "{reports}"
    );
    let kubelet = message_of(&report, "RBAC-007", KUBELET_ROOT);
    assert!(
        kubelet.contains("kubelet identity of AKS cluster aks-prod-secure"),
        "{kubelet}"
    );
    assert!(
        kubelet.contains("kubelet identity of AKS cluster aks-dev-open"),
        "{kubelet}"
    );
    assert!(message_of(&report, "RBAC-007", AKS_LEGACY).contains("aks-legacy"));
    assert!(
        message_of(&report, "RBAC-007", NIGHTLY)
            .contains("system-assigned identity of workflow la-nightly-report")
    );
    let dev = message_of(&report, "AKS-011", "aks-dev-open");
    assert!(dev.contains("1 of 2 assessment(s) Unhealthy"), "{dev}");
    assert!(message_of(&report, "AKS-011", "aks-legacy").contains("Defender produced no result"));

    // No call made twice, every list read, and no Graph call: RBAC-007
    // needs none.
    let requests = emu.requests();
    assert!(
        requests.iter().all(|r| r.host != Host::Graph),
        "Graph was called"
    );
    let calls: BTreeSet<_> = requests
        .iter()
        .map(|r| (&r.method, r.path.to_lowercase(), r.query.to_lowercase()))
        .collect();
    assert_eq!(
        calls.len(),
        requests.len(),
        "a call was made twice: {calls:#?}"
    );
    for list in [
        "/providers/Microsoft.Authorization/roleAssignments",
        "/providers/Microsoft.Web/sites",
        "/providers/Microsoft.Compute/virtualMachines",
        "/providers/Microsoft.ContainerService/managedClusters",
        "/providers/Microsoft.Logic/workflows",
        "/providers/Microsoft.Security/assessments",
    ] {
        let path = format!("/subscriptions/{SUB}{list}");
        assert!(emu.count(Host::Arm, &path) > 0, "{path} was not read");
    }
}

#[test]
fn a_refused_vm_list_errors_only_the_service_principal_assignments_it_could_explain() {
    let (emu, az) = start();
    emu.fault(
        Host::Arm,
        &format!("/subscriptions/{SUB}/providers/Microsoft.Compute/virtualMachines"),
        arm_denied("Microsoft.Compute/virtualMachines/read"),
        None,
    );
    let run = scan_json(&emu, &az, &["--checks", CHECKS]);
    assert_eq!(run.code, 3, "incomplete scan: {}", run.stderr);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            // Matched to a workload of a readable list: still FAIL.
            ("RBAC-007", REPORTS_MG, "FAIL"),
            ("RBAC-007", AKS_LEGACY, "FAIL"),
            ("RBAC-007", KUBELET_ROOT, "FAIL"),
            ("RBAC-007", NIGHTLY, "FAIL"),
            // A service principal matching no readable workload may be a VM's.
            ("RBAC-007", VM_APP01, "ERROR"),
            ("RBAC-007", PIPELINE_OWNER, "ERROR"),
            ("AKS-011", "aks-dev-open", "FAIL"),
        ],
    );
    let error = message_of(&report, "RBAC-007", VM_APP01);
    assert!(
        error.contains("the virtual machine list could not be read"),
        "{error}"
    );
    assert!(error.contains("403"), "{error}");
    assert!(
        findings_of(&report, "RBAC-007")
            .iter()
            .all(|f| f.1 != "PASS"),
        "{:#?}",
        findings_of(&report, "RBAC-007")
    );
}
