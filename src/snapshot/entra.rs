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
    /// `/policies/authorizationPolicy` (ENTRA-008…012, 026).
    #[serde(default)]
    pub authorization_policy: Fetched<AuthorizationPolicy>,
    /// `/groupSettings` (ENTRA-013, 020).
    #[serde(default)]
    pub group_settings: Fetched<Vec<GroupSetting>>,
    /// `/policies/identitySecurityDefaultsEnforcementPolicy` (ENTRA-007).
    #[serde(default)]
    pub security_defaults: Fetched<SecurityDefaults>,
    /// `/identity/conditionalAccess/namedLocations` (ENTRA-024).
    #[serde(default)]
    pub named_locations: Fetched<Vec<NamedLocation>>,
    /// `/reports/authenticationMethods/userRegistrationDetails` (ENTRA-016/017).
    #[serde(default)]
    pub registration_details: Fetched<Vec<RegistrationDetail>>,
    /// Guest users with their sign-in activity (ENTRA-025).
    #[serde(default)]
    pub guests: Fetched<Vec<GuestUser>>,
    /// The principals of the scanned subscriptions' Azure role assignments, resolved
    /// once per tenant (RBAC-002/003/006).
    #[serde(default)]
    pub principals: Fetched<Directory>,
    /// Active assignments of the privileged directory roles (E1), read unfiltered and
    /// kept for those roles (ENTRA-014/015).
    #[serde(default)]
    pub privileged_role_assignments: Fetched<Vec<RoleAssignment>>,
    /// Eligibility schedules (PIM) of the privileged directory roles.
    #[serde(default)]
    pub privileged_role_eligibility: Fetched<Vec<EligibilitySchedule>>,
}

/// Privileged directory roles (CHECKS-2 E1), by template ID.
pub const PRIVILEGED_ROLES: &[(&str, &str)] = &[
    (GLOBAL_ADMINISTRATOR_ROLE, "Global Administrator"),
    (
        "e8611ab8-c189-46e8-94e1-60213ab1f814",
        "Privileged Role Administrator",
    ),
    (
        "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
        "Privileged Authentication Administrator",
    ),
    (
        "194ae4cb-b126-40b2-bd5b-6091b380977d",
        "Security Administrator",
    ),
    (
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
        "Application Administrator",
    ),
    (
        "158c047a-c907-4556-b7ef-446551a6b5f7",
        "Cloud Application Administrator",
    ),
    ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
    (
        "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
        "Conditional Access Administrator",
    ),
    (
        "c4e39bd9-1100-46d3-8c65-fb160da0071f",
        "Authentication Administrator",
    ),
    (
        "29232cdf-9323-42fd-ade2-1d097af3e4de",
        "Exchange Administrator",
    ),
    (
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        "SharePoint Administrator",
    ),
    (
        "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        "Helpdesk Administrator",
    ),
    (
        "966707d0-3269-4727-9be2-8c3a10f19b9d",
        "Password Administrator",
    ),
    (
        "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
        "Hybrid Identity Administrator",
    ),
    (
        "3a2c62db-5318-420d-8d74-23affee5d9d5",
        "Intune Administrator",
    ),
    (
        "b0f54661-2d74-4c50-afa3-1ec803f12efe",
        "Billing Administrator",
    ),
];

/// The E1 role's name, when `role` (a template ID, any case) is one.
pub fn privileged_role(role: Option<&str>) -> Option<&'static str> {
    let role = role?.trim();
    PRIVILEGED_ROLES
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(role))
        .map(|(_, name)| *name)
}

/// A PIM eligibility schedule (`/roleManagement/directory/roleEligibilitySchedules`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EligibilitySchedule {
    pub id: String,
    pub principal_id: String,
    pub role_definition_id: Option<String>,
    pub directory_scope_id: Option<String>,
    pub status: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub start_date_time: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub end_date_time: Option<OffsetDateTime>,
}

impl EligibilitySchedule {
    /// In force at `at`: started (or no start), not ended, and not in a failed or
    /// revoked state.
    pub fn in_force(&self, at: OffsetDateTime) -> bool {
        let live_status = self.status.as_deref().is_none_or(|s| {
            ["Provisioned", "Granted", "ScheduleCreated"]
                .iter()
                .any(|ok| s.trim().eq_ignore_ascii_case(ok))
        });
        live_status
            && self.start_date_time.is_none_or(|start| start <= at)
            && self.end_date_time.is_none_or(|end| end > at)
    }
}

/// The tenant's `authorizationPolicy` (a single object in Graph v1.0).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthorizationPolicy {
    /// `none`, `adminsAndGuestInviters`, `adminsGuestInvitersAndAllMembers`, `everyone`.
    pub allow_invites_from: Option<String>,
    pub guest_user_role_id: Option<String>,
    /// `defaultUserRolePermissions.permissionGrantPoliciesAssigned`; None when null.
    pub permission_grant_policies_assigned: Option<Vec<String>>,
    pub allowed_to_create_apps: Option<bool>,
    pub allowed_to_create_tenants: Option<bool>,
    pub allowed_to_create_security_groups: Option<bool>,
}

/// A directory setting object (`/groupSettings`): its template and name/value pairs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupSetting {
    pub id: String,
    pub display_name: Option<String>,
    pub template_id: Option<String>,
    pub values: Vec<SettingValue>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingValue {
    pub name: String,
    pub value: Option<String>,
}

impl GroupSetting {
    /// The value named `name` (case-insensitive); None when absent.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(name))
            .and_then(|v| v.value.as_deref())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityDefaults {
    pub is_enabled: Option<bool>,
}

/// A Conditional Access named location.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NamedLocation {
    pub id: String,
    pub display_name: Option<String>,
    /// `#microsoft.graph.ipNamedLocation` or `#microsoft.graph.countryNamedLocation`.
    pub odata_type: Option<String>,
    pub is_trusted: Option<bool>,
}

/// One row of the authentication methods registration report.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationDetail {
    pub id: String,
    pub user_principal_name: Option<String>,
    pub user_display_name: Option<String>,
    pub is_admin: Option<bool>,
    /// `member` or `guest` (lower case in the report).
    pub user_type: Option<String>,
    pub is_mfa_registered: Option<bool>,
    pub methods_registered: Vec<String>,
}

/// A guest user with its sign-in activity (`signInActivity` None when not returned).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct GuestUser {
    pub id: String,
    pub user_principal_name: Option<String>,
    pub display_name: Option<String>,
    pub user_type: Option<String>,
    pub account_enabled: Option<bool>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub created_date_time: Option<OffsetDateTime>,
    pub sign_in_activity: Option<SignInActivity>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInActivity {
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_successful_sign_in_date_time: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_sign_in_date_time: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_non_interactive_sign_in_date_time: Option<OffsetDateTime>,
}

/// Directory objects looked up by ID (`POST /directoryObjects/getByIds`), users'
/// properties read with `$select`, and groups' transitive user members.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Directory {
    /// Each requested object ID (lower case): `Ok(None)` when a successful lookup did
    /// not return it (the object no longer exists), `Failed` when its lookup failed.
    pub objects: std::collections::BTreeMap<String, Fetched<Option<DirectoryObject>>>,
    /// Group object ID (lower case) → its transitive user members.
    pub group_users: std::collections::BTreeMap<String, Fetched<Vec<DirectoryObject>>>,
}

impl Directory {
    /// The guest users among the transitive members of group `group` (labels), or why
    /// its members are unknown (`... could not be read: ...`).
    pub fn group_guests(&self, group: &DirectoryObject) -> Result<Vec<String>, String> {
        let what = format!("the members of group {}", group.label());
        match self.group_users.get(&group.id.to_lowercase()) {
            Some(Fetched::Ok(users)) => Ok(users
                .iter()
                .filter(|u| u.is_guest())
                .map(DirectoryObject::label)
                .collect()),
            Some(unavailable) => Err(unavailable.unavailable_reason(&what).unwrap_or_default()),
            None => Err(Fetched::<()>::NotCollected
                .unavailable_reason(&what)
                .unwrap_or_default()),
        }
    }

    /// The lookup of `id`; NotCollected when it was never asked for.
    pub fn object(&self, id: &str) -> Fetched<Option<&DirectoryObject>> {
        match self.objects.get(&id.to_lowercase()) {
            Some(Fetched::Ok(found)) => Fetched::Ok(found.as_ref()),
            Some(Fetched::Failed(gap)) => Fetched::Failed(gap.clone()),
            Some(Fetched::NotCollected) | None => Fetched::NotCollected,
        }
    }
}

/// A user, group or service principal as the directory returns it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryObject {
    pub id: String,
    pub odata_type: Option<String>,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    pub user_type: Option<String>,
    pub account_enabled: Option<bool>,
    pub service_principal_type: Option<String>,
    /// For users: whether `userType`/`accountEnabled` were read (`$select`); the
    /// failure when they could not be.
    pub user_fields: Fetched<()>,
}

impl DirectoryObject {
    fn is_type(&self, name: &str) -> bool {
        self.odata_type
            .as_deref()
            .map(|t| t.trim().trim_start_matches('#'))
            .is_some_and(|t| t.eq_ignore_ascii_case(&format!("microsoft.graph.{name}")))
    }
    pub fn is_user(&self) -> bool {
        self.is_type("user")
    }
    pub fn is_group(&self) -> bool {
        self.is_type("group")
    }
    pub fn is_service_principal(&self) -> bool {
        self.is_type("servicePrincipal")
    }
    /// "Guest" in ENTRA and RBAC: `userType` Guest (any case) or a UPN with `#EXT#`.
    pub fn is_guest(&self) -> bool {
        is_guest(
            self.user_type.as_deref(),
            self.user_principal_name.as_deref(),
        )
    }
    /// `displayName (UPN)`, or the ID, for messages.
    pub fn label(&self) -> String {
        match (&self.display_name, &self.user_principal_name) {
            (Some(name), Some(upn)) => format!("{name} ({upn})"),
            (Some(name), None) => name.clone(),
            (None, Some(upn)) => upn.clone(),
            (None, None) => self.id.clone(),
        }
    }
}

/// "Guest" in ENTRA and RBAC (CHECKS-2 Clarifications).
pub fn is_guest(user_type: Option<&str>, upn: Option<&str>) -> bool {
    user_type.is_some_and(|t| t.trim().eq_ignore_ascii_case("guest"))
        || upn.is_some_and(|u| u.to_ascii_uppercase().contains("#EXT#"))
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
    pub exclude_applications: Vec<String>,
    pub client_app_types: Vec<String>,
    pub include_platforms: Vec<String>,
    pub exclude_platforms: Vec<String>,
    pub include_locations: Vec<String>,
    pub exclude_locations: Vec<String>,
    /// `conditions.devices.deviceFilter` is set.
    pub device_filter: bool,
    pub user_risk_levels: Vec<String>,
    pub service_principal_risk_levels: Vec<String>,
    /// `conditions.applications.applicationFilter` is set.
    pub application_filter: bool,
    pub include_user_actions: Vec<String>,
    pub include_authentication_contexts: Vec<String>,
    /// `conditions.authenticationFlows.transferMethods`: comma-separated flags.
    pub transfer_methods: Option<String>,
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
