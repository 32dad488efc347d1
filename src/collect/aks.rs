//! AKS collector: the subscription's managed clusters, then (only when a check needs
//! them) each cluster's diagnostic settings, concurrently.

use super::calls::{DIAGNOSTIC_SETTINGS, MANAGED_CLUSTERS};
use super::identity::{self, pointer_escape};
use super::json::Reader;
use super::{Collector, Source, monitor};
use crate::snapshot::Fetched;
use crate::snapshot::aks::{AadProfile, Addon, AgentPool, AksData, ManagedCluster};

pub async fn collect(c: &Collector) -> AksData {
    if !c
        .plan
        .wants_any(&[Source::ManagedClusters, Source::ClusterDiagnostics])
    {
        return AksData::default();
    }
    let mut clusters = c.list(&MANAGED_CLUSTERS, parse_cluster).await;
    if c.plan.wants(Source::ClusterDiagnostics)
        && let Fetched::Ok(clusters) = &mut clusters
    {
        c.children(
            clusters,
            async |cluster: &ManagedCluster| {
                c.list_under(
                    &DIAGNOSTIC_SETTINGS,
                    &cluster.id,
                    monitor::parse_diagnostic_setting,
                )
                .await
            },
            |cluster, settings| cluster.diagnostic_settings = settings,
        )
        .await;
    }
    AksData { clusters }
}

pub(super) fn parse_cluster(r: &Reader) -> ManagedCluster {
    let addons = r
        .object("/properties/addonProfiles")
        .and_then(|profiles| {
            let names: Vec<String> = profiles.value().as_object()?.keys().cloned().collect();
            Some(
                names
                    .into_iter()
                    .map(|name| Addon {
                        enabled: profiles.boolean(&format!("/{}/enabled", pointer_escape(&name))),
                        name,
                    })
                    .collect(),
            )
        })
        .unwrap_or_default();
    ManagedCluster {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        identity: identity::parse_identity(r),
        kubelet_identity_object_id: r
            .string("/properties/identityProfile/kubeletidentity/objectId"),
        enable_rbac: r.boolean("/properties/enableRBAC"),
        aad_profile: r.object("/properties/aadProfile").map(|a| AadProfile {
            managed: a.boolean("/managed"),
            enable_azure_rbac: a.boolean("/enableAzureRBAC"),
        }),
        disable_local_accounts: r.boolean("/properties/disableLocalAccounts"),
        enable_private_cluster: r
            .boolean("/properties/apiServerAccessProfile/enablePrivateCluster"),
        authorized_ip_ranges: r.strings("/properties/apiServerAccessProfile/authorizedIPRanges"),
        network_policy: r.string("/properties/networkProfile/networkPolicy"),
        defender_security_monitoring: r
            .boolean("/properties/securityProfile/defender/securityMonitoring/enabled"),
        upgrade_channel: r.string("/properties/autoUpgradeProfile/upgradeChannel"),
        addons,
        agent_pools: r
            .items("/properties/agentPoolProfiles")
            .iter()
            .map(|p| AgentPool {
                name: p.string("/name").unwrap_or_default(),
                enable_node_public_ip: p.boolean("/enableNodePublicIP"),
            })
            .collect(),
        diagnostic_settings: Fetched::NotCollected,
    }
}
