//! The Entra ID tenant as Microsoft Graph v1.0 shows it: Global Administrator role
//! assignments with their principals, app registrations and service principals with
//! their credentials' validity dates, and Conditional Access policies.

use super::Fetched;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Template ID of the Global Administrator directory role (the same in every tenant).
pub const GLOBAL_ADMINISTRATOR_ROLE: &str = "62e90394-69f5-4237-9190-012177145e10";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EntraData {
    /// Role assignments of the Global Administrator role, each with its principal.
    #[serde(default)]
    pub global_admin_assignments: Fetched<Vec<RoleAssignment>>,
    #[serde(default)]
    pub applications: Fetched<Vec<Application>>,
    #[serde(default)]
    pub service_principals: Fetched<Vec<ServicePrincipal>>,
    #[serde(default)]
    pub conditional_access_policies: Fetched<Vec<ConditionalAccessPolicy>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleAssignment {
    pub id: String,
    pub role_definition_id: Option<String>,
    pub directory_scope_id: Option<String>,
    pub principal_id: String,
    /// Expanded with the assignment, or looked up in `/directoryObjects` when Graph
    /// did not expand it; `Failed` when that lookup failed.
    pub principal: Fetched<Principal>,
}

/// A directory object holding a role: user, group or service principal.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Principal {
    /// `@odata.type`, e.g. `#microsoft.graph.servicePrincipal`.
    pub odata_type: Option<String>,
    pub display_name: Option<String>,
    pub app_id: Option<String>,
    pub service_principal_type: Option<String>,
}

/// What kind of directory object a principal is, read from its `@odata.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    ServicePrincipal,
    /// A user, group or any other directory object.
    Other,
    /// No `@odata.type`: the kind cannot be told.
    Unknown,
}

impl Principal {
    pub fn kind(&self) -> PrincipalKind {
        match self.odata_type.as_deref().map(str::trim) {
            None | Some("") => PrincipalKind::Unknown,
            Some(t)
                if t.trim_start_matches('#')
                    .eq_ignore_ascii_case("microsoft.graph.servicePrincipal") =>
            {
                PrincipalKind::ServicePrincipal
            }
            Some(_) => PrincipalKind::Other,
        }
    }
}

/// An app registration (`/applications`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Application {
    /// The object ID.
    pub id: String,
    pub app_id: Option<String>,
    pub display_name: Option<String>,
    /// Client secrets.
    pub password_credentials: Vec<Credential>,
    /// Certificates.
    pub key_credentials: Vec<Credential>,
}

/// A service principal (`/servicePrincipals`) with its own client secrets.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ServicePrincipal {
    /// The object ID.
    pub id: String,
    pub app_id: Option<String>,
    pub display_name: Option<String>,
    /// `Application`, `ManagedIdentity`, `Legacy`, `SocialIdp`.
    pub service_principal_type: Option<String>,
    /// The tenant the application was registered in.
    pub app_owner_organization_id: Option<String>,
    pub password_credentials: Vec<Credential>,
}

/// A password or key credential: only its identity and validity, never its value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Credential {
    pub key_id: Option<String>,
    pub display_name: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub start_date_time: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub end_date_time: Option<OffsetDateTime>,
}

impl Credential {
    /// Expired at `at`; a credential without an end date never expires.
    pub fn expired_at(&self, at: OffsetDateTime) -> bool {
        self.end_date_time.is_some_and(|end| end <= at)
    }

    /// `displayName`, else `keyId`, for messages.
    pub fn label(&self) -> &str {
        self.display_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .or(self.key_id.as_deref())
            .unwrap_or("unnamed credential")
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConditionalAccessPolicy {
    pub id: String,
    pub display_name: Option<String>,
    /// `enabled`, `disabled` or `enabledForReportingButNotEnforced` (report-only).
    pub state: Option<String>,
    pub include_applications: Vec<String>,
    pub include_users: Vec<String>,
    pub exclude_users: Vec<String>,
    pub exclude_groups: Vec<String>,
    pub include_roles: Vec<String>,
    pub exclude_roles: Vec<String>,
    /// `includeGuestsOrExternalUsers`, when set.
    pub include_guests_or_external_users: Option<GuestsOrExternalUsers>,
    /// `excludeGuestsOrExternalUsers`, when set.
    pub exclude_guests_or_external_users: Option<GuestsOrExternalUsers>,
    pub sign_in_risk_levels: Vec<String>,
    /// `grantControls.operator`: `AND` or `OR`.
    pub grant_operator: Option<String>,
    pub built_in_controls: Vec<String>,
    pub custom_authentication_factors: Vec<String>,
    pub terms_of_use: Vec<String>,
    /// `grantControls.authenticationStrength`, when set: its display name or ID.
    pub authentication_strength: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GuestsOrExternalUsers {
    /// Comma-separated guest types, e.g. `internalGuest,b2bCollaborationGuest`.
    pub guest_or_external_user_types: Option<String>,
}

impl ConditionalAccessPolicy {
    /// `displayName`, else the policy ID, for messages.
    pub fn label(&self) -> &str {
        self.display_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.id)
    }
}
