//! AKS-002: clusters without the AKS-managed Microsoft Entra integration.

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aks", "AKS-002", sources: [ManagedClusters], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for cluster in each(out, &snapshot.aks.clusters) {
        let profile = cluster.aad_profile.as_ref();
        let managed = profile.and_then(|p| p.managed);
        let azure_rbac = profile.and_then(|p| p.enable_azure_rbac);
        let message = match (profile, managed) {
            (None, _) => format!(
                "{}: aadProfile is not set (no Entra integration)",
                cluster.name
            ),
            (Some(_), Some(true)) => format!(
                "{}: aadProfile.managed is true; Kubernetes authorization through Azure RBAC (enableAzureRBAC) is {}",
                cluster.name,
                if azure_rbac == Some(true) {
                    "on"
                } else {
                    "off"
                }
            ),
            (Some(_), _) => format!(
                "{}: aadProfile.managed is {} (legacy Entra integration, retired)",
                cluster.name,
                managed.map_or("not set".to_string(), |m| m.to_string())
            ),
        };
        out.judge(
            managed == Some(true),
            cluster.subject(),
            message,
            json!({
                "aadProfile.managed": managed,
                "aadProfile.enableAzureRBAC": azure_rbac,
            }),
        );
    }
}
