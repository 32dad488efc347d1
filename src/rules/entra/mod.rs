//! Entra ID checks (ENTRA-*): tenant-scope identity posture read from Microsoft Graph,
//! and the shared words for what Graph permission (and licence) an unreadable list needs.

mod entra_001_service_principal_global_admin;
mod entra_002_long_lived_app_credentials;
mod entra_003_password_credentials;
mod entra_004_no_admin_mfa_policy;
mod entra_005_no_external_user_policy;
mod entra_006_no_sign_in_risk_policy;

use super::{Check, Subject, Verdicts};
use crate::snapshot::entra::{Application, ConditionalAccessPolicy, Credential};
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
];

/// What reading a Graph list takes, for the ERROR a user acts on.
struct Access {
    permission: &'static str,
    /// A licence the tenant needs for the data to exist at all.
    licence: Option<&'static str>,
}

const ROLE_ASSIGNMENTS: Access = Access {
    permission: "RoleManagement.Read.Directory (or Directory.Read.All)",
    licence: None,
};

/// Looking up a principal Graph did not expand reads `/directoryObjects/{id}`.
const DIRECTORY_OBJECTS: Access = Access {
    permission: "Directory.Read.All",
    licence: None,
};

const APPLICATIONS: Access = Access {
    permission: "Application.Read.All",
    licence: None,
};

const CONDITIONAL_ACCESS: Access = Access {
    permission: "Policy.Read.All",
    licence: Some("Conditional Access also needs a Microsoft Entra ID P1 licence in the tenant"),
};

const SIGN_IN_RISK: Access = Access {
    permission: "Policy.Read.All",
    licence: Some(
        "Conditional Access also needs a Microsoft Entra ID P1 licence in the tenant (P2 for sign-in risk policies)",
    ),
};

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
        judge_policies(out, policies, what, qualifies, None);
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

// ---------------------------------------------------------------------------
// Conditional Access policy reading shared by ENTRA-004…006 (CHECKS.md edge rules).

const REPORT_ONLY: &str = "enabledForReportingButNotEnforced";

fn contains_ci(values: &[String], wanted: &str) -> bool {
    values.iter().any(|v| eq_ci(Some(v), wanted))
}

fn is_enabled(policy: &ConditionalAccessPolicy) -> bool {
    eq_ci(policy.state.as_deref(), "enabled")
}

fn is_report_only(policy: &ConditionalAccessPolicy) -> bool {
    eq_ci(policy.state.as_deref(), REPORT_ONLY)
}

/// Only policies that cover every cloud app count.
fn covers_all_apps(policy: &ConditionalAccessPolicy) -> bool {
    contains_ci(&policy.include_applications, "All")
}

/// MFA is required when `mfa` cannot be bypassed by another control (it is the only
/// one, or the operator is AND), or when an authentication strength is set.
fn requires_mfa(policy: &ConditionalAccessPolicy) -> bool {
    if policy.authentication_strength.is_some() {
        return true;
    }
    let controls = policy.built_in_controls.len()
        + policy.custom_authentication_factors.len()
        + policy.terms_of_use.len();
    contains_ci(&policy.built_in_controls, "mfa")
        && (controls == 1 || eq_ci(policy.grant_operator.as_deref(), "AND"))
}

fn blocks(policy: &ConditionalAccessPolicy) -> bool {
    contains_ci(&policy.built_in_controls, "block")
}

/// Mfa, an authentication strength or block (ENTRA-005/006).
fn requires_mfa_or_blocks(policy: &ConditionalAccessPolicy) -> bool {
    requires_mfa(policy) || blocks(policy)
}

/// The grant controls as a phrase for messages.
fn grant_summary(policy: &ConditionalAccessPolicy) -> String {
    let mut parts: Vec<String> = policy.built_in_controls.clone();
    if let Some(strength) = &policy.authentication_strength {
        parts.push(format!("authentication strength {strength}"));
    }
    parts.extend(
        policy
            .custom_authentication_factors
            .iter()
            .chain(&policy.terms_of_use)
            .cloned(),
    );
    if parts.is_empty() {
        return "no grant control".into();
    }
    let operator = policy.grant_operator.as_deref().unwrap_or("OR");
    parts.join(&format!(" {operator} "))
}

fn quoted_names<'a>(policies: impl IntoIterator<Item = &'a ConditionalAccessPolicy>) -> String {
    policies
        .into_iter()
        .map(|p| format!("'{}'", p.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Evidence for a tenant-level Conditional Access verdict: the policies that mattered.
fn policies_evidence<'a>(
    policies: impl IntoIterator<Item = &'a ConditionalAccessPolicy>,
) -> serde_json::Value {
    serde_json::Value::Array(
        policies
            .into_iter()
            .map(|p| {
                serde_json::json!({
                    "id": p.id,
                    "displayName": p.display_name,
                    "state": p.state,
                    "grantControls": grant_summary(p),
                })
            })
            .collect(),
    )
}

/// The tenant-level verdict of ENTRA-004…006: PASS naming the enforcing policies, or
/// FAIL naming the report-only (and disabled) policies that would otherwise qualify.
fn judge_policies(
    out: &mut Verdicts,
    policies: &[ConditionalAccessPolicy],
    what: &str,
    qualifies: impl Fn(&ConditionalAccessPolicy) -> bool,
    fail_note: Option<String>,
) {
    let tenant = out.tenant();
    let enforcing: Vec<&ConditionalAccessPolicy> = policies
        .iter()
        .filter(|p| is_enabled(p) && covers_all_apps(p) && qualifies(p))
        .collect();
    if !enforcing.is_empty() {
        let message = format!(
            "enabled Conditional Access {} {what}: {}",
            if enforcing.len() == 1 {
                "policy"
            } else {
                "policies"
            },
            quoted_names(enforcing.iter().copied())
        );
        out.pass(tenant, message, policies_evidence(enforcing));
        return;
    }
    let not_enforced: Vec<&ConditionalAccessPolicy> = policies
        .iter()
        .filter(|p| !is_enabled(p) && covers_all_apps(p) && qualifies(p))
        .collect();
    let mut message = format!(
        "no enabled Conditional Access policy covering all cloud apps {what} ({} policies read)",
        policies.len()
    );
    let report_only: Vec<_> = not_enforced
        .iter()
        .copied()
        .filter(|p| is_report_only(p))
        .collect();
    if !report_only.is_empty() {
        message.push_str(&format!(
            "; report-only policies do not count: {}",
            quoted_names(report_only)
        ));
    }
    let disabled: Vec<_> = not_enforced
        .iter()
        .copied()
        .filter(|p| !is_report_only(p))
        .collect();
    if !disabled.is_empty() {
        message.push_str(&format!(
            "; not enabled: {}",
            disabled
                .iter()
                .map(|p| format!(
                    "'{}' ({})",
                    p.label(),
                    p.state.as_deref().unwrap_or("no state")
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(note) = fail_note {
        message.push_str(&format!("; {note}"));
    }
    out.fail(tenant, message, policies_evidence(not_enforced));
}
