//! AZNW-012: subnets without a network security group (gateway, firewall and route
//! server subnets, where Azure forbids or manages NSGs, are exempt).

use crate::rules::shape::each;
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aznw", "AZNW-012", sources: [VirtualNetworks], run: run);

const EXEMPT: [&str; 4] = [
    "GatewaySubnet",
    "AzureFirewallSubnet",
    "AzureFirewallManagementSubnet",
    "RouteServerSubnet",
];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let vnets = each(out, &snapshot.network.virtual_networks);
    for vnet in vnets {
        for subnet in &vnet.subnets {
            // By the name in its ID (what ARM keys a subnet by) as well as `name`.
            let names = [super::name_of(&subnet.id), subnet.name.as_str()];
            if EXEMPT
                .iter()
                .any(|e| names.iter().any(|n| n.eq_ignore_ascii_case(e)))
            {
                continue;
            }
            let subject = Subject::new(
                &subnet.id,
                &format!("{}/{}", vnet.name, subnet.name),
                "Microsoft.Network/virtualNetworks/subnets",
                vnet.location.as_deref(),
            );
            let nsg = subnet.network_security_group_id.as_deref();
            let message = match nsg {
                Some(id) => format!(
                    "{}/{}: network security group {} is associated",
                    vnet.name,
                    subnet.name,
                    super::name_of(id)
                ),
                None => format!(
                    "{}/{}: networkSecurityGroup is not set (no NSG filters its traffic)",
                    vnet.name, subnet.name
                ),
            };
            out.judge(
                nsg.is_some(),
                subject,
                message,
                json!({ "networkSecurityGroup.id": nsg }),
            );
        }
    }
}
