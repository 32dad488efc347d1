//! AKS-009: clusters with a node pool that gives each node a public IP.

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aks", "AKS-009", sources: [ManagedClusters], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for cluster in each(out, &snapshot.aks.clusters) {
        let public: Vec<&str> = cluster
            .agent_pools
            .iter()
            .filter(|p| p.enable_node_public_ip == Some(true))
            .map(|p| p.name.as_str())
            .collect();
        let message = if public.is_empty() {
            format!(
                "{}: no node pool has enableNodePublicIP ({} pools)",
                cluster.name,
                cluster.agent_pools.len()
            )
        } else {
            format!(
                "{}: node pools with enableNodePublicIP true: {}",
                cluster.name,
                public.join(", ")
            )
        };
        out.judge(
            public.is_empty(),
            cluster.subject(),
            message,
            json!({ "publicNodePools": public }),
        );
    }
}
