//! Azure RBAC as ARM shows it for one subscription: role assignments at or above it
//! (management groups and the root `/` included), custom role definitions, and classic
//! subscription administrators. Principals are resolved per tenant (`entra.principals`).

use super::Fetched;
use serde::{Deserialize, Serialize};

/// Owner.
pub const OWNER_ROLE: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
/// Contributor.
pub const CONTRIBUTOR_ROLE: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";
/// User Access Administrator.
pub const USER_ACCESS_ADMINISTRATOR_ROLE: &str = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
/// Role Based Access Control Administrator.
pub const RBAC_ADMINISTRATOR_ROLE: &str = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RbacData {
    #[serde(default)]
    pub role_assignments: Fetched<Vec<RoleAssignment>>,
    /// Custom roles (`type eq 'CustomRole'`, re-applied on read).
    #[serde(default)]
    pub custom_roles: Fetched<Vec<RoleDefinition>>,
    #[serde(default)]
    pub classic_administrators: Fetched<Vec<ClassicAdministrator>>,
}

/// `Microsoft.Authorization/roleAssignments` (2022-04-01).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleAssignment {
    pub id: String,
    pub name: String,
    pub scope: Option<String>,
    pub role_definition_id: Option<String>,
    pub principal_id: Option<String>,
    /// `User`, `Group`, `ServicePrincipal`, `ForeignGroup`, `Device`.
    pub principal_type: Option<String>,
}

impl RoleAssignment {
    /// The role definition's final GUID, lower case (ARM returns both the
    /// subscription-scoped and the tenant-scoped form of the same definition).
    pub fn role_guid(&self) -> Option<String> {
        self.role_definition_id.as_deref().map(final_guid)
    }

    pub fn holds(&self, role: &str) -> bool {
        self.role_guid()
            .is_some_and(|g| g.eq_ignore_ascii_case(role))
    }
}

/// The last path segment of an ID, lower case.
pub fn final_guid(id: &str) -> String {
    id.trim()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_lowercase()
}

/// `Microsoft.Authorization/roleDefinitions`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleDefinition {
    pub id: String,
    pub name: String,
    pub role_name: Option<String>,
    /// `BuiltInRole` or `CustomRole`.
    pub role_type: Option<String>,
    /// `actions` of every `permissions[]` entry.
    pub actions: Vec<String>,
    pub assignable_scopes: Vec<String>,
}

/// `Microsoft.Authorization/classicAdministrators` (2015-07-01).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassicAdministrator {
    pub id: String,
    pub name: String,
    pub email_address: Option<String>,
    /// `;`-separated, e.g. `ServiceAdministrator;AccountAdministrator`.
    pub role: Option<String>,
}

/// Where a scope sits relative to the scanned subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeLevel {
    /// `/`: the tenant root.
    Root,
    ManagementGroup,
    /// The scanned subscription itself.
    Subscription,
    /// A resource group or resource in it.
    Below,
    /// Another subscription, or unparseable.
    Elsewhere,
}

impl ScopeLevel {
    /// "Subscription scope or above".
    pub fn at_or_above(self) -> bool {
        matches!(
            self,
            ScopeLevel::Root | ScopeLevel::ManagementGroup | ScopeLevel::Subscription
        )
    }

    pub fn describe(self) -> &'static str {
        match self {
            ScopeLevel::Root => "the root scope /",
            ScopeLevel::ManagementGroup => "a management group",
            ScopeLevel::Subscription => "the subscription",
            ScopeLevel::Below => "a resource group or resource",
            ScopeLevel::Elsewhere => "another scope",
        }
    }
}

/// Classifies `scope` by whole path segments against subscription `subscription_id`.
pub fn scope_level(scope: &str, subscription_id: &str) -> ScopeLevel {
    let segments: Vec<String> = scope
        .split('/')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_lowercase())
        .collect();
    match segments.as_slice() {
        [] => ScopeLevel::Root,
        [providers, namespace, groups, _]
            if providers == "providers"
                && namespace == "microsoft.management"
                && groups == "managementgroups" =>
        {
            ScopeLevel::ManagementGroup
        }
        [subscriptions, id, rest @ ..]
            if subscriptions == "subscriptions"
                && id.eq_ignore_ascii_case(subscription_id.trim()) =>
        {
            if rest.is_empty() {
                ScopeLevel::Subscription
            } else {
                ScopeLevel::Below
            }
        }
        _ => ScopeLevel::Elsewhere,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_classified_by_whole_segments() {
        let sub = "00000000-0000-0000-0000-000000000001";
        assert_eq!(scope_level("/", sub), ScopeLevel::Root);
        assert_eq!(scope_level("", sub), ScopeLevel::Root);
        assert_eq!(
            scope_level("/providers/Microsoft.Management/managementGroups/mg1", sub),
            ScopeLevel::ManagementGroup
        );
        assert_eq!(
            scope_level(&format!("subscriptions/{}", sub.to_uppercase()), sub),
            ScopeLevel::Subscription
        );
        assert_eq!(
            scope_level(&format!("/subscriptions/{sub}/resourceGroups/rg"), sub),
            ScopeLevel::Below
        );
        assert_eq!(
            scope_level(&format!("/subscriptions/{sub}1"), sub),
            ScopeLevel::Elsewhere
        );
        assert_eq!(
            final_guid(
                "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8E3AF657-A8FF-443C-A75C-2FE8C4BCB635"
            ),
            OWNER_ROLE
        );
    }
}
