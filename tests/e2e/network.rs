//! Issue 4's end-to-end contract: NSG exposure (effective rule evaluation), flow logs,
//! WAF, public IPs and VM hardening verdicts on the emulated subscription, and how
//! unreadable supporting lists (JIT policies, NICs, one watcher's flow logs) turn
//! exactly the results that needed them into ERROR.

use crate::support::checks::{Rescan, assert_message, collect_and_rescan, deny, scan_checks};
use crate::support::emulator::Host;
use crate::support::scenario::{SUB, assert_verdicts, findings_of, message_of, scan_json, start};

const NSGS: [&str; 6] = [
    "nsg-web-prod",
    "nsg-jumpbox",
    "nsg-app-shadowed",
    "nsg-dev-range",
    "nsg-rdp-udp",
    "nsg-data-locked",
];
/// The scenario's virtual machines.
pub(crate) const VMS: [&str; 5] = [
    "vm-jumpbox",
    "vm-app01",
    "vm-legacy-win",
    "vm-db01",
    "vm-restored",
];

#[test]
fn network_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    // Nothing ERROR, no --fail-on: exit 0.
    let report = scan_checks(&emu, &az, "AZNW", 0);
    assert_verdicts(
        &report,
        &[
            ("AZNW-001", "nsg-web-prod", "PASS"), // only 443 from the internet
            ("AZNW-001", "nsg-jumpbox", "FAIL"),  // SSH from *
            ("AZNW-001", "nsg-app-shadowed", "PASS"), // allow shadowed by a deny at 200
            ("AZNW-001", "nsg-dev-range", "FAIL"), // 3000-3500 from 0.0.0.0/0 covers 3389
            ("AZNW-001", "nsg-rdp-udp", "FAIL"),  // lower-case udp allow
            ("AZNW-001", "nsg-data-locked", "PASS"),
            ("AZNW-002", "nsg-web-prod", "PASS"), // VNet flow log via its subnet
            ("AZNW-002", "nsg-jumpbox", "PASS"),  // NSG flow log, target in upper case
            ("AZNW-002", "nsg-app-shadowed", "PASS"), // via the subnet of a NIC using it
            ("AZNW-002", "nsg-dev-range", "FAIL"), // its VNet flow log is disabled
            ("AZNW-002", "nsg-rdp-udp", "FAIL"),
            ("AZNW-002", "nsg-data-locked", "PASS"), // subnet-level flow log
            ("AZNW-003", "agw-prod-waf", "PASS"),    // WAF policy attached
            ("AZNW-003", "agw-legacy", "FAIL"),      // Standard tier
            ("AZNW-003", "agw-detect", "PASS"),      // WAF v1 in Detection mode
            ("AZNW-003", "agw-waf-off", "FAIL"),     // WAF_v2 with the WAF disabled
            ("AZNW-004", "nsg-web-prod", "PASS"),
            ("AZNW-004", "nsg-jumpbox", "FAIL"),
            ("AZNW-004", "nsg-app-shadowed", "FAIL"),
            ("AZNW-004", "nsg-dev-range", "FAIL"),
            ("AZNW-004", "nsg-rdp-udp", "FAIL"),
            ("AZNW-004", "nsg-data-locked", "PASS"), // 0.0.0.0/0, 0-65535
            ("AZNW-005", "pip-vm-jumpbox", "FAIL"),
            ("AZNW-005", "pip-lb-web", "PASS"), // load balancer, not a VM
            ("AZNW-005", "pip-agw-prod-waf", "PASS"),
            ("AZNW-005", "pip-vmss-web", "FAIL"), // scale set instance NIC
            ("AZNW-005", "pip-unused", "PASS"),
            ("AZNW-005", "pip-vm-legacy-win", "FAIL"), // lower-case NIC path
            ("AZNW-005", "pip-fw-hub", "PASS"),        // firewall
            ("AZNW-005", "pip-bas-hub", "PASS"),       // Bastion host
            ("AZNW-005", "pip-vgw-hub", "PASS"),       // VPN gateway
        ],
    );
    for (rule, count) in [
        ("AZNW-001", 6),
        ("AZNW-002", 6),
        ("AZNW-003", 4),
        ("AZNW-004", 6),
        ("AZNW-005", 10),
    ] {
        assert_eq!(findings_of(&report, rule).len(), count, "{rule}");
    }

    let jumpbox = message_of(&report, "AZNW-001", "nsg-jumpbox");
    assert!(
        jumpbox.contains("port 22/TCP")
            && jumpbox.contains("allow-ssh-anywhere")
            && jumpbox.contains("priority 100")
            && !jumpbox.contains("3389"),
        "{jumpbox}"
    );
    let range = message_of(&report, "AZNW-001", "nsg-dev-range");
    assert!(
        range.contains("port 3389/TCP")
            && range.contains("allow-dev-ports")
            && range.contains("priority 310")
            && !range.contains("port 22/")
            && !range.contains("3389/UDP"),
        "{range}"
    );
    let udp = message_of(&report, "AZNW-001", "nsg-rdp-udp");
    assert!(
        udp.contains("port 3389/UDP") && !udp.contains("port 3389/TCP"),
        "{udp}"
    );
    assert_message(
        &report,
        "AZNW-001",
        "nsg-app-shadowed",
        &["deny-remote-internet"],
    );
    assert_message(&report, "AZNW-003", "agw-prod-waf", &["Prevention"]);
    assert_message(&report, "AZNW-003", "agw-detect", &["Detection"]);

    // Flow logs are read per watcher (two pages for westeurope), and the WAF policy
    // once for the gateway that has one.
    let watcher = format!(
        "/subscriptions/{SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers"
    );
    assert_eq!(
        emu.count(
            Host::Arm,
            &format!("{watcher}/NetworkWatcher_westeurope/flowLogs")
        ),
        2
    );
    assert_eq!(
        emu.count(
            Host::Arm,
            &format!("{watcher}/NetworkWatcher_northeurope/flowLogs")
        ),
        1
    );
    let policy = format!(
        "/subscriptions/{SUB}/resourceGroups/rg-network/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/wafpol-prod"
    );
    assert_eq!(emu.count(Host::Arm, &policy), 1);
    // AZNW-011 reads the VM list (its scope); no network check reads VM details,
    // disks or JIT policies.
    let vm_list = format!("/subscriptions/{SUB}/providers/Microsoft.Compute/virtualMachines");
    assert!(
        emu.requests()
            .iter()
            .all(|r| !r.path.contains("Microsoft.Security")
                && (!r.path.contains("Microsoft.Compute") || r.path == vm_list)),
        "network checks read no VM details or JIT policies"
    );
}

#[test]
fn vm_verdicts_follow_the_catalog() {
    let (emu, az) = start();
    let report = scan_checks(&emu, &az, "AZVM", 0);
    assert_verdicts(
        &report,
        &[
            ("AZVM-001", "vm-jumpbox", "FAIL"), // encryptionAtHost false, no DES
            ("AZVM-001", "vm-app01", "PASS"),   // encryption at host
            ("AZVM-001", "vm-legacy-win", "PASS"), // Azure Disk Encryption
            ("AZVM-001", "vm-db01", "PASS"),    // every disk on a DES
            ("AZVM-001", "vm-restored", "FAIL"), // a data disk without a DES
            ("AZVM-002", "vm-jumpbox", "FAIL"),
            ("AZVM-002", "vm-app01", "PASS"),
            ("AZVM-002", "vm-legacy-win", "FAIL"),
            ("AZVM-002", "vm-db01", "PASS"),
            ("AZVM-002", "vm-restored", "PASS"),
            ("AZVM-003", "vm-jumpbox", "FAIL"),
            ("AZVM-003", "vm-app01", "PASS"), // listed with its ID in upper case
            ("AZVM-003", "vm-legacy-win", "PASS"),
            ("AZVM-003", "vm-db01", "FAIL"),
            ("AZVM-003", "vm-restored", "FAIL"),
            ("AZVM-004", "vm-jumpbox", "FAIL"), // Linux ImageDefault
            ("AZVM-004", "vm-app01", "PASS"),   // Linux AutomaticByPlatform
            ("AZVM-004", "vm-legacy-win", "PASS"), // no patchMode, null enableAutomaticUpdates
            ("AZVM-004", "vm-db01", "FAIL"),    // Manual
            ("AZVM-004", "vm-restored", "MANUAL"), // no osProfile
            ("AZVM-005", "vm-jumpbox", "FAIL"), // no identity
            ("AZVM-005", "vm-app01", "PASS"),
            ("AZVM-005", "vm-legacy-win", "FAIL"), // type None
            ("AZVM-005", "vm-db01", "PASS"),
            ("AZVM-005", "vm-restored", "PASS"),
        ],
    );
    assert_message(&report, "AZVM-002", "vm-jumpbox", &["pip-vm-jumpbox"]);
    assert_message(&report, "AZVM-004", "vm-restored", &["osProfile"]);
    assert_message(&report, "AZVM-003", "vm-app01", &["default"]);
}

#[test]
fn a_403_on_jit_policies_errors_every_vm_for_azvm_003_only() {
    let (emu, az) = start();
    let jit = format!("/subscriptions/{SUB}/providers/Microsoft.Security/jitNetworkAccessPolicies");
    deny(
        &emu,
        &jit,
        "Microsoft.Security/locations/jitNetworkAccessPolicies/read",
    );
    let report = scan_checks(&emu, &az, "AZVM", 3);
    let errors = findings_of(&report, "AZVM-003");
    assert_eq!(errors.len(), VMS.len(), "{errors:?}");
    for (vm, status, message) in &errors {
        assert!(VMS.contains(&vm.as_str()), "{vm}");
        assert_eq!(status, "ERROR", "{vm}");
        assert!(
            message.contains("403") && message.contains("just-in-time"),
            "{message}"
        );
    }
    assert_eq!(report["summary"]["ERROR"], VMS.len());
    let gaps = report["scan"]["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0]["service"], "security");
    assert_verdicts(
        &report,
        &[
            ("AZVM-001", "vm-app01", "PASS"),
            ("AZVM-002", "vm-jumpbox", "FAIL"),
            ("AZVM-004", "vm-restored", "MANUAL"),
            ("AZVM-005", "vm-legacy-win", "FAIL"),
        ],
    );
}

#[test]
fn an_unreadable_nic_list_errors_only_what_needed_it() {
    let (emu, az) = start();
    let nics = format!("/subscriptions/{SUB}/providers/Microsoft.Network/networkInterfaces");
    deny(&emu, &nics, "Microsoft.Network/networkInterfaces/read");
    let report = scan_checks(&emu, &az, "AZVM-002,AZNW-002,AZNW-005", 3);
    for vm in VMS {
        assert_verdicts(&report, &[("AZVM-002", vm, "ERROR")]);
    }
    assert_verdicts(
        &report,
        &[
            // Covered without the NIC list: still judged.
            ("AZNW-002", "nsg-web-prod", "PASS"),
            ("AZNW-002", "nsg-jumpbox", "PASS"),
            ("AZNW-002", "nsg-data-locked", "PASS"),
            // Only a NIC's subnet could show coverage: not assessed.
            ("AZNW-002", "nsg-app-shadowed", "ERROR"),
            ("AZNW-002", "nsg-dev-range", "ERROR"),
            ("AZNW-002", "nsg-rdp-udp", "ERROR"),
            ("AZNW-005", "pip-vm-jumpbox", "FAIL"),
            ("AZNW-005", "pip-lb-web", "PASS"),
        ],
    );
}

#[test]
fn one_unreadable_watcher_does_not_hide_the_other_flow_logs() {
    let (emu, az) = start();
    let flow_logs = format!(
        "/subscriptions/{SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_northeurope/flowLogs"
    );
    deny(
        &emu,
        &flow_logs,
        "Microsoft.Network/networkWatchers/flowLogs/read",
    );
    let report = scan_json(&emu, &az, &["--checks", "AZNW-002"]).json();
    assert_verdicts(
        &report,
        &[
            ("AZNW-002", "nsg-web-prod", "PASS"),
            ("AZNW-002", "nsg-jumpbox", "PASS"),
            ("AZNW-002", "nsg-app-shadowed", "PASS"),
            ("AZNW-002", "nsg-data-locked", "PASS"),
            ("AZNW-002", "nsg-dev-range", "ERROR"),
            ("AZNW-002", "nsg-rdp-udp", "ERROR"),
        ],
    );
    assert_message(
        &report,
        "AZNW-002",
        "nsg-rdp-udp",
        &["NetworkWatcher_northeurope"],
    );
}

#[test]
fn an_unreadable_nsg_list_is_one_error_per_check_against_the_subscription() {
    let (emu, az) = start();
    let nsgs = format!("/subscriptions/{SUB}/providers/Microsoft.Network/networkSecurityGroups");
    deny(&emu, &nsgs, "Microsoft.Network/networkSecurityGroups/read");
    let run = scan_json(&emu, &az, &["--checks", "AZNW"]);
    assert_eq!(run.code, 3);
    let report = run.json();
    for rule in ["AZNW-001", "AZNW-002", "AZNW-004"] {
        let found = findings_of(&report, rule);
        assert_eq!(found.len(), 1, "{rule}: {found:?}");
        assert_eq!(found[0].0, "Contoso Production");
        assert_eq!(found[0].1, "ERROR");
    }
    assert_eq!(
        findings_of(&report, "AZNW-003").len(),
        4,
        "gateways unaffected"
    );
    assert_eq!(
        findings_of(&report, "AZNW-005").len(),
        10,
        "public IPs unaffected"
    );
    // A 403 is final: no retries.
    assert_eq!(emu.count(Host::Arm, &nsgs), 1);
}

#[test]
fn the_critical_check_alone_reads_only_the_nsg_list() {
    let (emu, az) = start();
    let run = scan_json(
        &emu,
        &az,
        &["--checks", "AZNW-001", "--fail-on", "critical"],
    );
    assert_eq!(run.code, 1, "an open SSH port breaches --fail-on critical");
    let paths: Vec<String> = emu
        .requests()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p != &format!("/subscriptions/{SUB}"))
        .collect();
    assert!(
        paths
            .iter()
            .all(|p| p.ends_with("/providers/Microsoft.Network/networkSecurityGroups")),
        "{paths:?}"
    );
    assert_eq!(paths.len(), 3, "three pages, one of them empty: {paths:?}");
}

/// Results of AZNW-006…015 on the scenario: three port checks per NSG, one per
/// subscription for 009 and 011, and those network_compute.rs asserts for the rest.
const NEW_NETWORK: usize = NSGS.len() * 3 + 1 + 4 + 1 + 8 + 3 + 2 + 3;
/// Results of AZVM-006…010/013…015: per VM for 006, 010, 014; per disk for 007/008
/// together, 009 and 015 (seven disks); 013 for the two Linux VMs.
const NEW_COMPUTE: usize = VMS.len() * 3 + 7 * 3 + 2;

#[test]
fn collect_then_scan_snapshot_gives_the_same_network_and_vm_verdicts() {
    let (emu, az) = start();
    let Rescan { live, offline, .. } = collect_and_rescan(&emu, &az, "AZNW,AZVM");
    assert_eq!(live["findings"], offline["findings"]);
    assert_eq!(
        live["findings"].as_array().unwrap().len(),
        NSGS.len() * 3 + 4 + 10 + VMS.len() * 7 + NEW_NETWORK + NEW_COMPUTE
    );
}
