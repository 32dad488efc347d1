//! The managed identity an ARM resource carries (`identity`), shared by every workload
//! model (sites, VMs, AKS clusters, Logic Apps workflows) so that RBAC can match role
//! assignments to the workloads whose identities hold them.

use serde::{Deserialize, Serialize};

/// `identity` of a resource.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Identity {
    /// `SystemAssigned`, `UserAssigned`, both, or `None`.
    pub identity_type: Option<String>,
    /// The system-assigned identity's `principalId`.
    pub principal_id: Option<String>,
    /// `userAssignedIdentities.*.principalId`.
    pub user_assigned_principal_ids: Vec<String>,
}

impl Identity {
    /// Every principal ID the identity holds, each with how it is attached
    /// (`system-assigned` or `user-assigned`); blank IDs are skipped.
    pub fn principals(&self) -> Vec<(&str, &'static str)> {
        let system = self
            .principal_id
            .iter()
            .map(|p| (p.as_str(), "system-assigned"));
        let user = self
            .user_assigned_principal_ids
            .iter()
            .map(|p| (p.as_str(), "user-assigned"));
        system
            .chain(user)
            .filter(|(p, _)| !p.trim().is_empty())
            .collect()
    }
}
