//! Entra ID checks (ENTRA-*): tenant-scope identity posture read from Microsoft Graph,
//! and the shared words for what Graph permission (and licence) an unreadable list needs.

mod entra_001_service_principal_global_admin;
mod entra_002_long_lived_app_credentials;
mod entra_003_password_credentials;
mod entra_004_no_admin_mfa_policy;
mod entra_005_no_external_user_policy;
mod entra_006_no_sign_in_risk_policy;
mod entra_007_no_security_defaults_or_mfa_policy;
mod entra_008_guest_invitations;
mod entra_009_user_consent;
mod entra_010_users_register_apps;
mod entra_011_users_create_tenants;
mod entra_012_guest_directory_access;
mod entra_013_users_create_m365_groups;
mod entra_014_global_admin_count;
mod entra_015_privileged_role_guest;
mod entra_016_admin_without_mfa;
mod entra_017_member_without_mfa;
mod entra_018_expired_app_credentials;
mod entra_019_sspr_manual;
mod entra_020_banned_passwords;
mod entra_021_management_mfa_policy;
mod entra_022_admin_portals_mfa_policy;
mod entra_023_device_code_flow_policy;
mod entra_024_trusted_named_location;
mod entra_025_inactive_guests;
mod entra_026_users_create_security_groups;

mod ca;

use super::{Check, Subject, Verdicts};
use crate::snapshot::entra::{
    Application, AuthorizationPolicy, ConditionalAccessPolicy, Credential, Directory, GroupSetting,
    privileged_role,
};
use crate::snapshot::{Fetched, Snapshot, eq_ci};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub const CHECKS: &[Check] = &[
    entra_001_service_principal_global_admin::CHECK,
    entra_002_long_lived_app_credentials::CHECK,
    entra_003_password_credentials::CHECK,
    entra_004_no_admin_mfa_policy::CHECK,
    entra_005_no_external_user_policy::CHECK,
    entra_006_no_sign_in_risk_policy::CHECK,
    entra_007_no_security_defaults_or_mfa_policy::CHECK,
    entra_008_guest_invitations::CHECK,
    entra_009_user_consent::CHECK,
    entra_010_users_register_apps::CHECK,
    entra_011_users_create_tenants::CHECK,
    entra_012_guest_directory_access::CHECK,
    entra_013_users_create_m365_groups::CHECK,
    entra_014_global_admin_count::CHECK,
    entra_015_privileged_role_guest::CHECK,
    entra_016_admin_without_mfa::CHECK,
    entra_017_member_without_mfa::CHECK,
    entra_018_expired_app_credentials::CHECK,
    entra_019_sspr_manual::CHECK,
    entra_020_banned_passwords::CHECK,
    entra_021_management_mfa_policy::CHECK,
    entra_022_admin_portals_mfa_policy::CHECK,
    entra_023_device_code_flow_policy::CHECK,
    entra_024_trusted_named_location::CHECK,
    entra_025_inactive_guests::CHECK,
    entra_026_users_create_security_groups::CHECK,
];

/// What reading a Graph list takes, for the ERROR a user acts on.
struct Access {
    permission: &'static str,
    /// A licence the tenant needs for the data to exist at all.
    licence: Option<&'static str>,
}

impl Access {
    /// A permission alone.
    const fn needs(permission: &'static str) -> Access {
        Access {
            permission,
            licence: None,
        }
    }

    /// A permission, and the licence without which the data does not exist.
    const fn licensed(permission: &'static str, licence: &'static str) -> Access {
        Access {
            permission,
            licence: Some(licence),
        }
    }
}

const ROLE_ASSIGNMENTS: Access =
    Access::needs("RoleManagement.Read.Directory (or Directory.Read.All)");

/// Looking up a principal Graph did not expand reads `/directoryObjects/{id}`.
const DIRECTORY_OBJECTS: Access = Access::needs("Directory.Read.All");

const APPLICATIONS: Access = Access::needs("Application.Read.All");

const CONDITIONAL_ACCESS: Access = Access::licensed(
    "Policy.Read.All",
    "Conditional Access also needs a Microsoft Entra ID P1 licence in the tenant",
);

const SIGN_IN_RISK: Access = Access::licensed(
    "Policy.Read.All",
    "Conditional Access also needs a Microsoft Entra ID P1 licence in the tenant (P2 for sign-in risk policies)",
);

const POLICIES: Access = Access::needs("Policy.Read.All");

/// `/groupSettings` is documented under Directory.Read.All in v1.0.
const DIRECTORY_SETTINGS: Access = Access::needs("Directory.Read.All");

const REGISTRATION_REPORT: Access = Access::licensed(
    "AuditLog.Read.All",
    "the registration report also needs a Microsoft Entra ID P1 or P2 licence",
);

const GUESTS: Access = Access::licensed(
    "User.Read.All and AuditLog.Read.All",
    "sign-in activity also needs a Microsoft Entra ID P1 or P2 licence",
);

/// The tenant's authorization policy, or one ERROR against the tenant (None).
fn authorization_policy<'a>(
    snapshot: &'a Snapshot,
    out: &mut Verdicts,
) -> Option<&'a AuthorizationPolicy> {
    match &snapshot.entra.authorization_policy {
        Fetched::Ok(policy) => Some(policy),
        unavailable => {
            let tenant = out.tenant();
            out.error(
                tenant,
                unavailable_message(unavailable, "the authorization policy", &POLICIES),
            );
            None
        }
    }
}

/// ENTRA-010/011/026: a `defaultUserRolePermissions` flag whose null means true (the
/// default lets every user do it): PASS only when false.
fn default_user_may(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    field: &str,
    may: &str,
    read: fn(&AuthorizationPolicy) -> Option<bool>,
) {
    let Some(policy) = authorization_policy(snapshot, out) else {
        return;
    };
    let tenant = out.tenant();
    let evidence =
        serde_json::json!({ format!("defaultUserRolePermissions.{field}"): read(policy) });
    match read(policy) {
        Some(false) => out.pass(
            tenant,
            format!("defaultUserRolePermissions.{field} is false: non-admin users cannot {may}"),
            evidence,
        ),
        Some(true) => out.fail(
            tenant,
            format!("defaultUserRolePermissions.{field} is true: every user can {may}"),
            evidence,
        ),
        None => out.fail(
            tenant,
            format!(
                "defaultUserRolePermissions.{field} is not set (default true): every user can {may}"
            ),
            evidence,
        ),
    }
}

/// A directory setting object by template ID, or None (defaults apply); ERROR on the
/// tenant when the settings could not be read (`Err`).
fn group_setting<'a>(
    snapshot: &'a Snapshot,
    out: &mut Verdicts,
    template: &str,
) -> Result<Option<&'a GroupSetting>, ()> {
    let settings = judged(
        out,
        &snapshot.entra.group_settings,
        "the directory settings (/groupSettings)",
        &DIRECTORY_SETTINGS,
    )
    .ok_or(())?;
    Ok(settings
        .iter()
        .find(|s| eq_ci(s.template_id.as_deref(), template)))
}

/// One holding of a privileged directory role: its principal, the role, and whether it
/// is an eligible (PIM) rather than an active assignment.
struct Holding<'a> {
    principal_id: &'a str,
    role: &'static str,
    eligible: bool,
}

/// The holdings of the E1 roles `wanted` keeps, active and (when readable) eligible in
/// force at `collected_at`, with a note when eligibility could not be read; None after
/// one tenant ERROR when the active assignments or the principals could not be read.
fn privileged_holdings<'a>(
    snapshot: &'a Snapshot,
    out: &mut Verdicts,
    wanted: impl Fn(&str) -> bool,
) -> Option<(Vec<Holding<'a>>, &'a Directory, Option<String>)> {
    let entra = &snapshot.entra;
    let active = judged(
        out,
        &entra.privileged_role_assignments,
        "the privileged directory role assignments",
        &ROLE_ASSIGNMENTS,
    )?;
    let directory = match &entra.principals {
        Fetched::Ok(directory) => directory,
        unavailable => {
            let tenant = out.tenant();
            out.error(
                tenant,
                unavailable_message(
                    unavailable,
                    "the role holders' directory objects",
                    &DIRECTORY_OBJECTS,
                ),
            );
            return None;
        }
    };
    let role = |id: Option<&str>| privileged_role(id).filter(|_| id.is_some_and(&wanted));
    let mut holdings: Vec<Holding> = active
        .iter()
        .filter_map(|a| {
            Some(Holding {
                principal_id: &a.principal_id,
                role: role(a.role_definition_id.as_deref())?,
                eligible: false,
            })
        })
        .collect();
    let note = match &entra.privileged_role_eligibility {
        Fetched::Ok(schedules) => {
            holdings.extend(
                schedules
                    .iter()
                    .filter(|e| e.in_force(snapshot.collected_at))
                    .filter_map(|e| {
                        Some(Holding {
                            principal_id: &e.principal_id,
                            role: role(e.role_definition_id.as_deref())?,
                            eligible: true,
                        })
                    }),
            );
            None
        }
        unavailable => Some(format!(
            "active assignments only: {}",
            unavailable_message(unavailable, "the eligible (PIM) assignments", &ELIGIBILITY)
        )),
    };
    Some((holdings, directory, note))
}

const ELIGIBILITY: Access = Access {
    permission: "RoleEligibilitySchedule.Read.Directory",
    licence: Some("eligible assignments exist only with Microsoft Entra ID P2"),
};

/// A user as a subject (`/users/{id}`).
fn user_subject(id: &str, name: Option<&str>) -> Subject {
    Subject::new(
        &format!("/users/{id}"),
        name.filter(|n| !n.trim().is_empty()).unwrap_or(id),
        "Microsoft.Graph/users",
        None,
    )
}

/// The ERROR message for Graph data that could not be read: why, then what to grant.
fn unavailable_message<T>(data: &Fetched<T>, what: &str, access: &Access) -> String {
    let reason = data.unavailable_reason(what).unwrap_or_default();
    let reason = reason.trim_end_matches('.');
    let denied = matches!(data, Fetched::Failed(gap) if matches!(gap.status, Some(401 | 403)));
    let permission = if denied {
        format!(
            "Grant the scanning identity the Microsoft Graph application permission {} (with admin consent)",
            access.permission
        )
    } else {
        format!(
            "Reading it needs the Microsoft Graph application permission {}",
            access.permission
        )
    };
    match access.licence {
        Some(licence) => format!("{reason}. {permission}; {licence}."),
        None => format!("{reason}. {permission}."),
    }
}

/// The judged Graph list, or one ERROR against the tenant (naming the permission) and
/// None: nothing to judge.
fn judged<'a, T>(
    out: &mut Verdicts,
    list: &'a Fetched<Vec<T>>,
    what: &str,
    access: &Access,
) -> Option<&'a [T]> {
    match list {
        Fetched::Ok(items) => Some(items),
        unavailable => {
            let tenant = out.tenant();
            out.error(tenant, unavailable_message(unavailable, what, access));
            None
        }
    }
}

/// The Conditional Access policies ENTRA-004…006 judge (None after the tenant's ERROR).
fn conditional_access<'a>(
    snapshot: &'a Snapshot,
    out: &mut Verdicts,
    access: &Access,
) -> Option<&'a [ConditionalAccessPolicy]> {
    judged(
        out,
        &snapshot.entra.conditional_access_policies,
        "the Conditional Access policies",
        access,
    )
}

/// ENTRA-005/006: the tenant PASSes when an enabled policy covering every cloud app
/// `qualifies`; the check differs only by what it needs read and `what` qualifies.
fn require_policy(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    access: &Access,
    what: &str,
    qualifies: fn(&ConditionalAccessPolicy) -> bool,
) {
    if let Some(policies) = conditional_access(snapshot, out, access) {
        ca::judge_policies(out, policies, what, qualifies, None);
    }
}

/// ENTRA-021/022/023: the tenant's verdict on one Conditional Access requirement.
fn require(snapshot: &Snapshot, out: &mut Verdicts, requirement: &ca::Requirement) {
    if let Some(policies) = conditional_access(snapshot, out, &CONDITIONAL_ACCESS) {
        requirement.judge(out, policies);
    }
}

fn application_subject(app: &Application) -> Subject {
    Subject::new(
        &format!("/applications/{}", app.id),
        app.display_name.as_deref().unwrap_or(&app.id),
        "Microsoft.Graph/applications",
        None,
    )
}

fn service_principal_subject(id: &str, display_name: Option<&str>) -> Subject {
    Subject::new(
        &format!("/servicePrincipals/{id}"),
        display_name.unwrap_or(id),
        "Microsoft.Graph/servicePrincipals",
        None,
    )
}

/// `app registration NAME (object ID X, app ID Y)`.
fn describe_app(app: &Application) -> String {
    describe(
        "app registration",
        app.display_name.as_deref(),
        &app.id,
        app.app_id.as_deref(),
    )
}

fn describe(kind: &str, name: Option<&str>, object_id: &str, app_id: Option<&str>) -> String {
    let name = name.unwrap_or("(no display name)");
    match app_id {
        Some(app_id) => format!("{kind} {name} (object ID {object_id}, app ID {app_id})"),
        None => format!("{kind} {name} (object ID {object_id})"),
    }
}

/// RFC 3339 to the second: Graph's sub-second digits only clutter a message.
fn format_time(at: OffsetDateTime) -> String {
    let at = at.replace_nanosecond(0).unwrap_or(at);
    at.format(&Rfc3339).unwrap_or_else(|_| at.to_string())
}

/// Password credentials still valid at `at` (expired ones no longer authenticate).
fn active_secrets(credentials: &[Credential], at: OffsetDateTime) -> Vec<&Credential> {
    credentials.iter().filter(|c| !c.expired_at(at)).collect()
}

fn contains_ci(values: &[String], wanted: &str) -> bool {
    values.iter().any(|v| eq_ci(Some(v), wanted))
}
