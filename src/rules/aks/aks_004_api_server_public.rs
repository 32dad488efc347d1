//! AKS-004: clusters whose API server any internet address can reach: not private, and
//! the authorized IP ranges are empty or cover every public address.

use crate::rules::shape::firewall::{Entry, covers_every_public_address};
use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aks", "AKS-004", sources: [ManagedClusters], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for cluster in each(out, &snapshot.aks.clusters) {
        let ranges = &cluster.authorized_ip_ranges;
        let (passed, why) = if cluster.enable_private_cluster == Some(true) {
            (
                true,
                "apiServerAccessProfile.enablePrivateCluster is true".to_string(),
            )
        } else if ranges.is_empty() {
            (
                false,
                "public API server with no apiServerAccessProfile.authorizedIPRanges".to_string(),
            )
        } else if covers_every_public_address(ranges.iter().map(|r| Entry::Prefix(r))) {
            (
                false,
                format!(
                    "apiServerAccessProfile.authorizedIPRanges admit every public address ({})",
                    ranges.join(", ")
                ),
            )
        } else {
            (
                true,
                format!(
                    "apiServerAccessProfile.authorizedIPRanges limit the API server to {}",
                    ranges.join(", ")
                ),
            )
        };
        out.judge(
            passed,
            cluster.subject(),
            format!("{}: {why}", cluster.name),
            json!({
                "apiServerAccessProfile.enablePrivateCluster": cluster.enable_private_cluster,
                "apiServerAccessProfile.authorizedIPRanges": ranges,
            }),
        );
    }
}
