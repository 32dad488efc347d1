//! Network checks (AZNW-*), with the effective NSG evaluator they share.

mod aznw_001_internet_ssh_rdp;
mod aznw_002_no_flow_logs;
mod aznw_003_gateway_without_waf;
mod aznw_004_no_explicit_deny_all;
mod aznw_005_public_ip_on_vm_nic;
mod aznw_006_internet_udp;
mod aznw_007_internet_http;
mod aznw_008_internet_risky_ports;
mod aznw_009_network_watcher_regions;
mod aznw_010_ddos_protection;
mod aznw_011_no_bastion;
mod aznw_012_subnet_without_nsg;
mod aznw_013_gateway_tls;
mod aznw_014_waf_detection_mode;
mod aznw_015_traffic_analytics;
mod nsg_eval;

use super::shape::{self, Resource};
use super::{Check, Verdicts};
use crate::snapshot::Snapshot;
use crate::snapshot::network::{SecurityGroup, VirtualNetwork};

pub const CHECKS: &[Check] = &[
    aznw_001_internet_ssh_rdp::CHECK,
    aznw_002_no_flow_logs::CHECK,
    aznw_003_gateway_without_waf::CHECK,
    aznw_004_no_explicit_deny_all::CHECK,
    aznw_005_public_ip_on_vm_nic::CHECK,
    aznw_006_internet_udp::CHECK,
    aznw_007_internet_http::CHECK,
    aznw_008_internet_risky_ports::CHECK,
    aznw_009_network_watcher_regions::CHECK,
    aznw_010_ddos_protection::CHECK,
    aznw_011_no_bastion::CHECK,
    aznw_012_subnet_without_nsg::CHECK,
    aznw_013_gateway_tls::CHECK,
    aznw_014_waf_detection_mode::CHECK,
    aznw_015_traffic_analytics::CHECK,
];

shape::named_resource!(SecurityGroup, list: "the network security group list",
    called: "network security group");
shape::named_resource!(VirtualNetwork, list: "the virtual network list", called: "virtual network");

/// The virtual networks, or None after one ERROR on the subscription: for checks that
/// judge something other than each network (regions, internet-facing networks).
fn virtual_networks<'s>(
    snapshot: &'s Snapshot,
    out: &mut Verdicts,
) -> Option<&'s [VirtualNetwork]> {
    out.readable_in_subscription(&snapshot.network.virtual_networks, VirtualNetwork::LIST)
}

/// The last segment of an ARM ID: the resource's name.
fn name_of(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}
