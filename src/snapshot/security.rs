//! Microsoft Defender for Cloud data: plan pricings and just-in-time VM access policies.

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SecurityData {
    /// `Microsoft.Security/pricings` at subscription scope.
    #[serde(default)]
    pub pricings: Fetched<Vec<Pricing>>,
    /// `Microsoft.Security/jitNetworkAccessPolicies` at subscription scope.
    #[serde(default)]
    pub jit_policies: Fetched<Vec<JitPolicy>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Pricing {
    /// Plan name: `Containers`, `ContainerRegistry`, `VirtualMachines`, ...
    pub name: String,
    /// `Free` or `Standard`.
    pub pricing_tier: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct JitPolicy {
    pub id: String,
    pub name: String,
    /// IDs of the virtual machines the policy lists, as returned.
    pub virtual_machine_ids: Vec<String>,
}
