//! AZNW-009: regions that have virtual networks but no working Network Watcher.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;
use std::collections::BTreeSet;

pub const CHECK: crate::rules::Check = check!("aznw", "AZNW-009",
    sources: [VirtualNetworks, NetworkWatchers], run: run);

/// `West Europe` and `westeurope` are one region.
fn region(location: &str) -> String {
    location.to_lowercase().replace(' ', "")
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let network = &snapshot.network;
    let Some(vnets) = super::virtual_networks(snapshot, out) else {
        return;
    };
    let in_use: BTreeSet<String> = vnets
        .iter()
        .filter_map(|vnet| vnet.location.as_deref().map(region))
        .collect();
    let subject = out.subscription();
    if in_use.is_empty() {
        out.pass(
            subject,
            "no regions in use: the subscription has no virtual networks",
            json!({ "regionsInUse": [] }),
        );
        return;
    }
    let Some(watchers) =
        out.readable_in_subscription(&network.watchers, "the network watcher list")
    else {
        return;
    };
    let watched: BTreeSet<String> = watchers
        .iter()
        .filter(|w| eq_ci(w.provisioning_state.as_deref(), "Succeeded"))
        .filter_map(|w| w.location.as_deref().map(region))
        .collect();
    let missing: Vec<&String> = in_use.difference(&watched).collect();
    let evidence = json!({ "regionsInUse": in_use, "regionsWithoutWatcher": missing });
    if missing.is_empty() {
        out.pass(
            subject,
            format!(
                "every region with virtual networks has a Network Watcher: {}",
                in_use.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
            evidence,
        );
    } else {
        out.fail(
            subject,
            format!(
                "regions with virtual networks but no Network Watcher in state Succeeded: {}",
                missing
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            evidence,
        );
    }
}
