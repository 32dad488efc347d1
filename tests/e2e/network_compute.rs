//! Issue 15's end-to-end contract for the network and compute checks AZNW-006…015 and
//! AZVM-006…010/013…015: verdicts on the emulated subscription (N1 over whole port sets,
//! VNet topology and DDoS attribution, TLS and WAF policies, flow-log analytics, disks
//! and VM extensions), one read per call, and what a refused list or sub-call costs.

use crate::support::emulator::Host;
use crate::support::scenario::{
    SUB, arm_denied, assert_verdicts, findings_of, message_of, scan_json, start,
};

const NETWORK: &str =
    "AZNW-006,AZNW-007,AZNW-008,AZNW-009,AZNW-010,AZNW-011,AZNW-012,AZNW-013,AZNW-014,AZNW-015";
const COMPUTE: &str = "AZVM-006,AZVM-007,AZVM-008,AZVM-009,AZVM-010,AZVM-013,AZVM-014,AZVM-015";
/// The scenario subscription's display name: the resource of subscription results.
const SUBSCRIPTION: &str = "Contoso Production";
const VMS: [&str; 5] = [
    "vm-jumpbox",
    "vm-app01",
    "vm-legacy-win",
    "vm-db01",
    "vm-restored",
];

fn net(path: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/rg-network/providers/Microsoft.Network/{path}")
}

#[test]
fn network_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", NETWORK]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZNW-006", "nsg-rdp-udp", "FAIL"), // lower-case udp allow on 3389
            ("AZNW-006", "nsg-web-prod", "PASS"),
            ("AZNW-006", "nsg-jumpbox", "PASS"),
            ("AZNW-006", "nsg-dev-range", "PASS"),
            ("AZNW-006", "nsg-app-shadowed", "PASS"),
            ("AZNW-006", "nsg-data-locked", "PASS"),
            ("AZNW-007", "nsg-web-prod", "MANUAL"), // 443 only
            ("AZNW-007", "nsg-jumpbox", "PASS"),
            ("AZNW-007", "nsg-dev-range", "PASS"),
            ("AZNW-008", "nsg-dev-range", "FAIL"), // 3000-3500 covers MySQL 3306
            ("AZNW-008", "nsg-jumpbox", "PASS"),   // SSH is AZNW-001's
            ("AZNW-008", "nsg-rdp-udp", "PASS"),
            ("AZNW-009", SUBSCRIPTION, "FAIL"), // eastus has a VNet, no watcher
            ("AZNW-010", "vnet-hub", "PASS"),   // DDoS plan
            ("AZNW-010", "vnet-prod", "FAIL"),  // gateway and load balancer IPs
            ("AZNW-010", "vnet-dev", "FAIL"),   // a VM's NIC (lower-case ID)
            ("AZNW-010", "vnet-branch", "PASS"), // VPN gateway IP, IP Protection
            ("AZNW-011", SUBSCRIPTION, "PASS"),
            ("AZNW-012", "vnet-hub/mgmt", "FAIL"), // networkSecurityGroup {}
            ("AZNW-012", "vnet-hub/data", "PASS"),
            ("AZNW-012", "vnet-hub/AzureBastionSubnet", "FAIL"), // empty id
            ("AZNW-012", "vnet-prod/web", "PASS"),
            ("AZNW-012", "vnet-prod/app", "FAIL"), // null
            ("AZNW-012", "vnet-prod/appgw", "PASS"),
            ("AZNW-012", "vnet-dev/default", "PASS"),
            ("AZNW-012", "vnet-branch/workload", "FAIL"), // absent
            ("AZNW-013", "agw-prod-waf", "PASS"),
            ("AZNW-013", "agw-legacy", "FAIL"),
            ("AZNW-013", "agw-detect", "FAIL"),
            ("AZNW-014", "agw-prod-waf", "FAIL"), // a listener's policy in Detection
            ("AZNW-014", "agw-detect", "FAIL"),   // inline Detection
            ("AZNW-015", "fl-vnet-prod", "PASS"),
            ("AZNW-015", "fl-nsg-jumpbox", "FAIL"),
            ("AZNW-015", "fl-subnet-data", "FAIL"),
        ],
    );
    for (rule, count) in [
        ("AZNW-006", 6),
        ("AZNW-007", 6),
        ("AZNW-008", 6),
        ("AZNW-009", 1),
        ("AZNW-010", 4), // vnet-* only: pip-vmss-web and pip-unused lead nowhere
        ("AZNW-011", 1),
        ("AZNW-012", 8), // GatewaySubnet (any case) and AzureFirewallSubnet exempt
        ("AZNW-013", 3), // agw-waf-off has no HTTPS listener
        ("AZNW-014", 2), // agw-legacy is Standard, agw-waf-off's WAF is off
        ("AZNW-015", 3), // fl-vnet-dev is disabled
    ] {
        assert_eq!(findings_of(&report, rule).len(), count, "{rule}");
    }

    let udp = message_of(&report, "AZNW-006", "nsg-rdp-udp");
    assert!(
        udp.contains("UDP 3389") && udp.contains("rdp-shortpath-udp"),
        "{udp}"
    );
    let risky = message_of(&report, "AZNW-008", "nsg-dev-range");
    assert!(
        risky.contains("TCP 3306") && risky.contains("MySQL") && risky.contains("allow-dev-ports"),
        "{risky}"
    );
    assert!(message_of(&report, "AZNW-009", SUBSCRIPTION).ends_with("eastus"));
    let prod = message_of(&report, "AZNW-010", "vnet-prod");
    assert!(
        prod.contains("pip-agw-prod-waf") && prod.contains("pip-lb-web"),
        "{prod}"
    );
    let hub = message_of(&report, "AZNW-010", "vnet-hub");
    for ip in ["pip-vm-jumpbox", "pip-fw-hub", "pip-bas-hub", "pip-vgw-hub"] {
        assert!(hub.contains(ip), "{hub}");
    }
    let detect = message_of(&report, "AZNW-013", "agw-detect");
    assert!(
        detect.contains("sslPolicy is not set") && detect.contains("sslProfile1 accepts TLS 1.1"),
        "{detect}"
    );
    let waf = message_of(&report, "AZNW-014", "agw-prod-waf");
    assert!(
        waf.contains("wafpol-api (mode Detection") && !waf.contains("wafpol-prod"),
        "{waf}"
    );

    // Each list once (VNets and WAF policies over two pages), each VPN gateway once.
    let list = |kind: &str| format!("/subscriptions/{SUB}/providers/Microsoft.Network/{kind}");
    for (path, reads) in [
        (list("virtualNetworks"), 2),
        (list("ApplicationGatewayWebApplicationFirewallPolicies"), 2),
        (list("bastionHosts"), 1),
        (list("loadBalancers"), 1),
        (list("azureFirewalls"), 1),
        (list("publicIPAddresses"), 3),
        (net("virtualNetworkGateways/vgw-hub"), 1),
        (net("virtualNetworkGateways/vgw-branch"), 1),
    ] {
        assert_eq!(emu.count(Host::Arm, &path), reads, "{path}");
    }
}

#[test]
fn compute_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let run = scan_json(&emu, &az, &["--checks", COMPUTE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZVM-006", "vm-db01", "PASS"),
            ("AZVM-006", "vm-restored", "PASS"),
            ("AZVM-007", "vm-jumpbox_OsDisk_1", "FAIL"), // platform key
            ("AZVM-007", "vm-app01_OsDisk_1", "PASS"),
            ("AZVM-007", "vm-db01_OsDisk_1", "PASS"), // platform and customer keys
            ("AZVM-007", "vm-db01-data1", "PASS"),    // diskState Reserved
            ("AZVM-007", "vm-restored-data1", "FAIL"), // Unattached, but a VM names it
            ("AZVM-008", "disk-orphan-backup", "FAIL"),
            ("AZVM-008", "disk-spare-cmk", "PASS"), // lower-case values
            ("AZVM-009", "vm-jumpbox_OsDisk_1", "FAIL"),
            ("AZVM-009", "vm-db01-data1", "PASS"), // AllowAll, public access Disabled
            ("AZVM-009", "vm-db01_OsDisk_1", "PASS"), // AllowPrivate
            ("AZVM-009", "vm-restored-data1", "FAIL"), // null: AllowAll
            ("AZVM-010", "vm-app01", "PASS"),
            ("AZVM-010", "vm-jumpbox", "FAIL"),
            ("AZVM-013", "vm-app01", "PASS"),
            ("AZVM-013", "vm-jumpbox", "FAIL"),
            ("AZVM-014", "vm-app01", "PASS"), // no extensions
            ("AZVM-014", "vm-legacy-win", "MANUAL"),
            ("AZVM-015", "vm-app01_OsDisk_1", "PASS"),
            ("AZVM-015", "vm-restored-data1", "FAIL"),
        ],
    );
    for (rule, count) in [
        ("AZVM-006", 5),
        ("AZVM-007", 5),
        ("AZVM-008", 2), // the two scopes never share a disk
        ("AZVM-009", 7),
        ("AZVM-010", 5),
        ("AZVM-013", 2), // Linux VMs only
        ("AZVM-014", 5),
        ("AZVM-015", 7),
    ] {
        assert_eq!(findings_of(&report, rule).len(), count, "{rule}");
    }
    let legacy = message_of(&report, "AZVM-014", "vm-legacy-win");
    assert!(
        legacy.contains("Microsoft.Compute.CustomScriptExtension 1.10"),
        "{legacy}"
    );
    assert_eq!(
        emu.count(
            Host::Arm,
            &format!("/subscriptions/{SUB}/providers/Microsoft.Compute/disks")
        ),
        2
    );
    for vm in VMS {
        let path = format!(
            "/subscriptions/{SUB}/resourceGroups/rg-compute/providers/Microsoft.Compute/virtualMachines/{vm}/extensions"
        );
        assert_eq!(emu.count(Host::Arm, &path), 1, "{vm}");
    }
}

#[test]
fn a_403_on_one_vms_extensions_errors_that_vm_for_azvm_014_only() {
    let (emu, az) = start();
    let path = format!(
        "/subscriptions/{SUB}/resourceGroups/rg-compute/providers/Microsoft.Compute/virtualMachines/vm-db01/extensions"
    );
    emu.fault(
        Host::Arm,
        &path,
        arm_denied("Microsoft.Compute/virtualMachines/extensions/read"),
        None,
    );
    let run = scan_json(&emu, &az, &["--checks", COMPUTE]);
    assert_eq!(run.code, 3, "incomplete scan: {}", run.stderr);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZVM-014", "vm-db01", "ERROR"),
            ("AZVM-014", "vm-jumpbox", "MANUAL"),
            ("AZVM-014", "vm-app01", "PASS"),
            ("AZVM-010", "vm-db01", "FAIL"),
        ],
    );
    let message = message_of(&report, "AZVM-014", "vm-db01");
    assert!(
        message.contains("403") && message.contains("extensions/read"),
        "{message}"
    );
    assert_eq!(report["summary"]["ERROR"], 1);
}

#[test]
fn unreadable_resolving_lists_are_one_error_and_a_vpn_gateway_its_own() {
    let (emu, az) = start();
    let lbs = format!("/subscriptions/{SUB}/providers/Microsoft.Network/loadBalancers");
    emu.fault(
        Host::Arm,
        &lbs,
        arm_denied("Microsoft.Network/loadBalancers/read"),
        None,
    );
    emu.fault(
        Host::Arm,
        &net("virtualNetworkGateways/vgw-branch"),
        arm_denied("Microsoft.Network/virtualNetworkGateways/read"),
        None,
    );
    let run = scan_json(&emu, &az, &["--checks", "AZNW-010"]);
    assert_eq!(run.code, 3, "incomplete scan: {}", run.stderr);
    let report = run.json();
    assert_verdicts(
        &report,
        &[
            ("AZNW-010", SUBSCRIPTION, "ERROR"),
            ("AZNW-010", "vgw-branch", "ERROR"),
            ("AZNW-010", "vnet-hub", "PASS"),
            // The gateway's address still makes vnet-prod internet-facing and unprotected.
            ("AZNW-010", "vnet-prod", "FAIL"),
            ("AZNW-010", "vnet-dev", "FAIL"),
        ],
    );
    let unresolved = message_of(&report, "AZNW-010", SUBSCRIPTION);
    assert!(
        unresolved.contains("pip-lb-web") && unresolved.contains("load balancer list"),
        "{unresolved}"
    );
    assert!(!message_of(&report, "AZNW-010", "vnet-prod").contains("pip-lb-web"));
    // vnet-branch is only reachable through the unread gateway: no verdict on it.
    assert_eq!(findings_of(&report, "AZNW-010").len(), 5);
}
