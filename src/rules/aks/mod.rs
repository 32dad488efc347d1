//! Azure Kubernetes Service checks (AKS-*): one managed-cluster list per subscription,
//! plus each cluster's diagnostic settings for AKS-010 and Defender's assessments for
//! AKS-011.

mod aks_001_rbac_disabled;
mod aks_002_entra_integration;
mod aks_003_local_accounts;
mod aks_004_api_server_public;
mod aks_005_network_policy;
mod aks_006_defender_monitoring;
mod aks_007_auto_upgrade;
mod aks_008_policy_addon;
mod aks_009_node_public_ip;
mod aks_010_audit_logs;
mod aks_011_container_vulnerabilities;

use super::Check;
use super::shape;
use crate::snapshot::aks::ManagedCluster;

pub const CHECKS: &[Check] = &[
    aks_001_rbac_disabled::CHECK,
    aks_002_entra_integration::CHECK,
    aks_003_local_accounts::CHECK,
    aks_004_api_server_public::CHECK,
    aks_005_network_policy::CHECK,
    aks_006_defender_monitoring::CHECK,
    aks_007_auto_upgrade::CHECK,
    aks_008_policy_addon::CHECK,
    aks_009_node_public_ip::CHECK,
    aks_010_audit_logs::CHECK,
    aks_011_container_vulnerabilities::CHECK,
];

shape::named_resource!(ManagedCluster, list: "the AKS cluster list", called: "AKS cluster");

/// Whether the Azure Policy add-on is enabled (AKS-008; AZPOL-003 needs it too): the
/// `addonProfiles` key `azurepolicy` in any case, with `enabled` true.
pub fn policy_addon_enabled(cluster: &ManagedCluster) -> Option<bool> {
    cluster.addon("azurepolicy").and_then(|a| a.enabled)
}
