//! AZNW-002: NSGs whose traffic no enabled flow log records, counting NSG flow logs on
//! the NSG and VNet flow logs on the subnets (or their virtual networks) it protects.

use crate::rules::Subject;
use crate::rules::evidence::first_few;
use crate::rules::shape::each;
use crate::rules::{Verdicts, check};
use crate::snapshot::index::Joins;
use crate::snapshot::network::{SecurityGroup, virtual_network_of_subnet};
use crate::snapshot::{Snapshot, canonical_id};
use serde_json::json;
use std::collections::BTreeSet;

pub const CHECK: crate::rules::Check = check!(
    "aznw",
    "AZNW-002",
    sources: [NetworkSecurityGroups, FlowLogs, NetworkInterfaces],
    run: run
);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let network = &snapshot.network;
    let nsgs = each(out, &network.security_groups);
    let inventory = network.flow_log_inventory();
    let joins = snapshot.joins();
    for nsg in nsgs {
        let subnets = attached_subnets(nsg, &joins);
        let vnets: BTreeSet<String> = subnets
            .iter()
            .filter_map(|subnet| virtual_network_of_subnet(subnet))
            .collect();
        let nsg_id = canonical_id(&nsg.id);
        let targets = std::iter::once(&nsg_id).chain(&subnets).chain(&vnets);
        let targeting = joins.flow_logs_targeting(targets.map(String::as_str));
        let attached: Vec<&String> = subnets.iter().collect();
        if let Some(log) = targeting.iter().find(|log| log.enabled == Some(true)) {
            let target = log.target_resource_id.as_deref().unwrap_or_default();
            out.pass(
                Subject::of(nsg),
                format!(
                    "{}: enabled flow log {} records its traffic (target {})",
                    nsg.name,
                    log.name,
                    describe_target(target, &nsg_id)
                ),
                json!({ "flowLog": log.id, "targetResourceId": target, "enabled": true }),
            );
            continue;
        }
        // Nothing found so far: only a complete picture may conclude FAIL.
        let mut unavailable = inventory.unavailable.clone();
        unavailable.extend(network.network_interfaces.unavailable_reason(
            "the network interface list (needed for the subnets of NICs using the NSG)",
        ));
        if !unavailable.is_empty() {
            out.error(Subject::of(nsg), unavailable.join("; "));
            continue;
        }
        let disabled: Vec<&str> = targeting.iter().map(|log| log.name.as_str()).collect();
        let message = if !disabled.is_empty() {
            format!(
                "{}: flow logging is not enabled (flow log(s) {} target it but are disabled)",
                nsg.name,
                disabled.join(", ")
            )
        } else if attached.is_empty() {
            format!(
                "{}: no enabled flow log targets the NSG, and it is attached to no subnet a VNet flow log could cover",
                nsg.name
            )
        } else {
            format!(
                "{}: no enabled flow log targets the NSG, its {} attached subnet(s) or their virtual networks",
                nsg.name,
                attached.len()
            )
        };
        out.fail(
            Subject::of(nsg),
            message,
            json!({
                "attachedSubnetCount": attached.len(),
                "attachedSubnets": first_few(&attached),
                "disabledFlowLogCount": disabled.len(),
                "disabledFlowLogs": first_few(&disabled),
            }),
        );
    }
}

/// Canonical IDs of the subnets the NSG protects: its own subnet associations, and the
/// subnets of every NIC that uses it (by the NIC's `networkSecurityGroup` or the NSG's
/// `networkInterfaces` reference).
fn attached_subnets(nsg: &SecurityGroup, joins: &Joins) -> BTreeSet<String> {
    let mut subnets: BTreeSet<String> = nsg.subnet_ids.iter().map(|id| canonical_id(id)).collect();
    for nic in joins.nics_using_nsg(nsg) {
        subnets.extend(
            nic.ip_configurations
                .iter()
                .filter_map(|ip| ip.subnet_id.as_deref().map(canonical_id)),
        );
    }
    subnets
}

fn describe_target(target: &str, nsg_id: &str) -> String {
    let canonical = canonical_id(target);
    if canonical == nsg_id {
        "the NSG itself".to_string()
    } else if canonical.contains("/subnets/") {
        format!("subnet {}", super::name_of(target))
    } else {
        format!("virtual network {}", super::name_of(target))
    }
}
