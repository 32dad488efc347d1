//! Consumption Logic Apps workflows: their request triggers and who may call them.

use super::Fetched;
use super::identity::Identity;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LogicData {
    /// `Microsoft.Logic/workflows` at subscription scope.
    #[serde(default)]
    pub workflows: Fetched<Vec<Workflow>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Workflow {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `properties.state`: `Enabled`, `Disabled`, ...
    pub state: Option<String>,
    /// `identity`: the workflow's managed identities (RBAC-007).
    pub identity: Option<Identity>,
    /// Names of the triggers in `properties.definition.triggers` whose `type` is
    /// `Request` (any case).
    pub request_triggers: Vec<String>,
    /// `accessControl.triggers.allowedCallerIpAddresses[].addressRange`; None when the
    /// list is absent, empty when it is `[]` ("only other Logic Apps").
    pub allowed_caller_ranges: Option<Vec<String>>,
    /// `accessControl.triggers.openAuthenticationPolicies.policies`.
    pub oauth_policies: Vec<OAuthPolicy>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OAuthPolicy {
    pub name: String,
    /// `type`: `AAD` or `AADPOP`.
    pub policy_type: Option<String>,
    /// Names of its `claims`.
    pub claims: Vec<String>,
}
