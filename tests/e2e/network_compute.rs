//! Issue 15's end-to-end contract for the network and compute checks AZNW-006…015 and
//! AZVM-006…010/013…015: verdicts on the emulated subscription (N1 over whole port sets,
//! VNet topology and DDoS attribution, TLS and WAF policies, flow-log analytics, disks
//! and VM extensions), one read per call, and what a refused list or sub-call costs.

use crate::network::VMS;
use crate::support::checks::{
    assert_message, assert_reads, assert_result_counts, deny, scan_checks,
};
use crate::support::scenario::{SUB, assert_verdicts, message_of, start};

const NETWORK: &str =
    "AZNW-006,AZNW-007,AZNW-008,AZNW-009,AZNW-010,AZNW-011,AZNW-012,AZNW-013,AZNW-014,AZNW-015";
const COMPUTE: &str = "AZVM-006,AZVM-007,AZVM-008,AZVM-009,AZVM-010,AZVM-013,AZVM-014,AZVM-015";
/// The scenario subscription's display name: the resource of subscription results.
const SUBSCRIPTION: &str = "Contoso Production";

/// The extension list of one scenario VM.
fn extensions(vm: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg-compute/providers/Microsoft.Compute/virtualMachines/{vm}/extensions"
    )
}

fn net(path: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/rg-network/providers/Microsoft.Network/{path}")
}

#[test]
fn network_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let report = scan_checks(&emu, &az, NETWORK, 0);
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
    assert_result_counts(
        &report,
        &[
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
        ],
    );

    for (rule, resource, parts) in [
        (
            "AZNW-006",
            "nsg-rdp-udp",
            &["UDP 3389", "rdp-shortpath-udp"][..],
        ),
        (
            "AZNW-008",
            "nsg-dev-range",
            &["TCP 3306", "MySQL", "allow-dev-ports"],
        ),
        ("AZNW-010", "vnet-prod", &["pip-agw-prod-waf", "pip-lb-web"]),
        (
            "AZNW-010",
            "vnet-hub",
            &["pip-vm-jumpbox", "pip-fw-hub", "pip-bas-hub", "pip-vgw-hub"],
        ),
        (
            "AZNW-013",
            "agw-detect",
            &["sslPolicy is not set", "sslProfile1 accepts TLS 1.1"],
        ),
        ("AZNW-014", "agw-prod-waf", &["wafpol-api (mode Detection"]),
    ] {
        assert_message(&report, rule, resource, parts);
    }
    assert!(message_of(&report, "AZNW-009", SUBSCRIPTION).ends_with("eastus"));
    let waf = message_of(&report, "AZNW-014", "agw-prod-waf");
    assert!(!waf.contains("wafpol-prod"), "{waf}");

    // Each list once (VNets and WAF policies over two pages), each VPN gateway once.
    let list = |kind: &str| format!("/subscriptions/{SUB}/providers/Microsoft.Network/{kind}");
    assert_reads(
        &emu,
        [
            (list("virtualNetworks"), 2),
            (list("ApplicationGatewayWebApplicationFirewallPolicies"), 2),
            (list("bastionHosts"), 1),
            (list("loadBalancers"), 1),
            (list("azureFirewalls"), 1),
            (list("publicIPAddresses"), 3),
            (net("virtualNetworkGateways/vgw-hub"), 1),
            (net("virtualNetworkGateways/vgw-branch"), 1),
        ],
    );
}

#[test]
fn compute_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let report = scan_checks(&emu, &az, COMPUTE, 0);
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
    assert_result_counts(
        &report,
        &[
            ("AZVM-006", 5),
            ("AZVM-007", 5),
            ("AZVM-008", 2), // the two scopes never share a disk
            ("AZVM-009", 7),
            ("AZVM-010", 5),
            ("AZVM-013", 2), // Linux VMs only
            ("AZVM-014", 5),
            ("AZVM-015", 7),
        ],
    );
    assert_message(
        &report,
        "AZVM-014",
        "vm-legacy-win",
        &["Microsoft.Compute.CustomScriptExtension 1.10"],
    );
    assert_reads(
        &emu,
        [(
            format!("/subscriptions/{SUB}/providers/Microsoft.Compute/disks"),
            2,
        )],
    );
    assert_reads(&emu, VMS.map(|vm| (extensions(vm), 1)));
}

#[test]
fn a_403_on_one_vms_extensions_errors_that_vm_for_azvm_014_only() {
    let (emu, az) = start();
    deny(
        &emu,
        &extensions("vm-db01"),
        "Microsoft.Compute/virtualMachines/extensions/read",
    );
    let report = scan_checks(&emu, &az, COMPUTE, 3);
    assert_verdicts(
        &report,
        &[
            ("AZVM-014", "vm-db01", "ERROR"),
            ("AZVM-014", "vm-jumpbox", "MANUAL"),
            ("AZVM-014", "vm-app01", "PASS"),
            ("AZVM-010", "vm-db01", "FAIL"),
        ],
    );
    assert_message(&report, "AZVM-014", "vm-db01", &["403", "extensions/read"]);
    assert_eq!(report["summary"]["ERROR"], 1);
}

#[test]
fn unreadable_resolving_lists_are_one_error_and_a_vpn_gateway_its_own() {
    let (emu, az) = start();
    let lbs = format!("/subscriptions/{SUB}/providers/Microsoft.Network/loadBalancers");
    deny(&emu, &lbs, "Microsoft.Network/loadBalancers/read");
    deny(
        &emu,
        &net("virtualNetworkGateways/vgw-branch"),
        "Microsoft.Network/virtualNetworkGateways/read",
    );
    let report = scan_checks(&emu, &az, "AZNW-010", 3);
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
    assert_message(
        &report,
        "AZNW-010",
        SUBSCRIPTION,
        &["pip-lb-web", "load balancer list"],
    );
    assert!(!message_of(&report, "AZNW-010", "vnet-prod").contains("pip-lb-web"));
    // vnet-branch is only reachable through the unread gateway: no verdict on it.
    assert_result_counts(&report, &[("AZNW-010", 5)]);
}
