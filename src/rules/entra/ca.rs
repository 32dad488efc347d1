//! The Conditional Access evaluator every CA-based ENTRA check uses: enabled policies
//! only (report-only does not count), `All` handling, exclusions, authentication
//! strengths, and conditions that narrow a policy so that it no longer counts.
//! ENTRA-004…006 keep CHECKS.md's rules (`judge_policies`); ENTRA-007/021/022/023 add
//! CHECKS-2's narrowing conditions and exclusions (`Requirement`).

use super::contains_ci;
use crate::rules::Verdicts;
use crate::snapshot::entra::{ConditionalAccessPolicy, privileged_role};
use crate::snapshot::eq_ci;
const REPORT_ONLY: &str = "enabledForReportingButNotEnforced";

pub(super) fn is_enabled(policy: &ConditionalAccessPolicy) -> bool {
    eq_ci(policy.state.as_deref(), "enabled")
}

pub(super) fn is_report_only(policy: &ConditionalAccessPolicy) -> bool {
    eq_ci(policy.state.as_deref(), REPORT_ONLY)
}

/// Only policies that cover every cloud app count.
pub(super) fn covers_all_apps(policy: &ConditionalAccessPolicy) -> bool {
    contains_ci(&policy.include_applications, "All")
}

/// MFA is required when `mfa` cannot be bypassed by another control (it is the only
/// one, or the operator is AND), or when an authentication strength is set.
pub(super) fn requires_mfa(policy: &ConditionalAccessPolicy) -> bool {
    if policy.authentication_strength.is_some() {
        return true;
    }
    let controls = policy.built_in_controls.len()
        + policy.custom_authentication_factors.len()
        + policy.terms_of_use.len();
    contains_ci(&policy.built_in_controls, "mfa")
        && (controls == 1 || eq_ci(policy.grant_operator.as_deref(), "AND"))
}

pub(super) fn blocks(policy: &ConditionalAccessPolicy) -> bool {
    contains_ci(&policy.built_in_controls, "block")
}

/// Mfa, an authentication strength or block (ENTRA-005/006).
pub(super) fn requires_mfa_or_blocks(policy: &ConditionalAccessPolicy) -> bool {
    requires_mfa(policy) || blocks(policy)
}

/// The grant controls as a phrase for messages.
pub(super) fn grant_summary(policy: &ConditionalAccessPolicy) -> String {
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

pub(super) fn quoted_names<'a>(
    policies: impl IntoIterator<Item = &'a ConditionalAccessPolicy>,
) -> String {
    policies
        .into_iter()
        .map(|p| format!("'{}'", p.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Evidence for a tenant-level Conditional Access verdict: the policies that mattered.
pub(super) fn policies_evidence<'a>(
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
pub(super) fn judge_policies(
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

/// Who a policy must include.
#[derive(Debug, Clone, Copy)]
pub(super) enum Users {
    /// `includeUsers` holds `All`.
    All,
    /// `All`, or a privileged directory role (CHECKS-2 E1) in `includeRoles` (ENTRA-022).
    AllOrPrivilegedRoles,
}

/// What a policy must grant.
#[derive(Debug, Clone, Copy)]
pub(super) enum Grant {
    /// ENTRA-004's "requires MFA": `mfa` alone or with AND, or an authentication strength.
    Mfa,
    Block,
}

/// What ENTRA-007/021/022/023 ask of one enabled policy.
pub(super) struct Requirement {
    /// The judged application; None means all applications (`All` must be included).
    pub application: Option<&'static str>,
    pub users: Users,
    pub grant: Grant,
    /// A transfer method the policy must name in `authenticationFlows` (ENTRA-023),
    /// which then does not count as narrowing.
    pub transfer_method: Option<&'static str>,
    /// The phrase after "Conditional Access policy": `requires MFA for all users`.
    pub what: &'static str,
}

/// A policy that meets the requirement, with what it leaves out (for the message).
pub(super) struct Qualifying<'a> {
    pub policy: &'a ConditionalAccessPolicy,
    pub exclusions: Vec<String>,
}

impl Requirement {
    /// Whether `policy`'s shape meets the requirement (its state aside): the exclusions
    /// to report, or why it does not count.
    pub(super) fn assess(&self, policy: &ConditionalAccessPolicy) -> Result<Vec<String>, String> {
        let granted = match self.grant {
            Grant::Mfa => requires_mfa(policy),
            Grant::Block => blocks(policy),
        };
        if !granted {
            return Err(format!("grants {}", grant_summary(policy)));
        }
        let mut exclusions = Vec::new();
        self.applications(policy, &mut exclusions)?;
        self.users(policy, &mut exclusions)?;
        if let Some(method) = self.transfer_method {
            let named = transfer_methods(policy)
                .iter()
                .any(|m| m.eq_ignore_ascii_case(method));
            if !named {
                return Err(format!("does not target the {method} authentication flow"));
            }
        }
        let narrowed = narrowing(policy, self.transfer_method.is_none());
        if !narrowed.is_empty() {
            return Err(format!("is narrowed by {}", narrowed.join(", ")));
        }
        Ok(exclusions)
    }

    fn applications(
        &self,
        policy: &ConditionalAccessPolicy,
        exclusions: &mut Vec<String>,
    ) -> Result<(), String> {
        let all = contains_ci(&policy.include_applications, "All");
        let included = all
            || self
                .application
                .is_some_and(|app| contains_ci(&policy.include_applications, app));
        if !included {
            return Err(match self.application {
                None => "does not include all applications".into(),
                Some(app) => format!("includes neither {app} nor all applications"),
            });
        }
        let judged_excluded = contains_ci(&policy.exclude_applications, "All")
            || self
                .application
                .is_some_and(|app| contains_ci(&policy.exclude_applications, app));
        if judged_excluded {
            return Err(format!(
                "excludes applications {}",
                policy.exclude_applications.join(", ")
            ));
        }
        if !policy.exclude_applications.is_empty() {
            exclusions.push(format!(
                "excludes applications {}",
                policy.exclude_applications.join(", ")
            ));
        }
        Ok(())
    }

    fn users(
        &self,
        policy: &ConditionalAccessPolicy,
        exclusions: &mut Vec<String>,
    ) -> Result<(), String> {
        let all = contains_ci(&policy.include_users, "All");
        let included = match self.users {
            Users::All => all,
            Users::AllOrPrivilegedRoles => {
                all || policy
                    .include_roles
                    .iter()
                    .any(|r| privileged_role(Some(r)).is_some())
            }
        };
        if !included {
            return Err(match self.users {
                Users::All => "does not include all users".into(),
                Users::AllOrPrivilegedRoles => {
                    "includes neither all users nor a privileged directory role".into()
                }
            });
        }
        let count = |n: usize, one: &str, many: &str| match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{n} {many}")),
        };
        let users: Vec<&String> = policy
            .exclude_users
            .iter()
            .filter(|u| !u.eq_ignore_ascii_case("GuestsOrExternalUsers"))
            .collect();
        let excluded: Vec<String> = [
            count(users.len(), "user", "users"),
            count(policy.exclude_groups.len(), "group", "groups"),
            count(policy.exclude_roles.len(), "role", "roles"),
            excludes_guests(policy).then(|| "guests or external users".to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !excluded.is_empty() {
            exclusions.push(format!("excludes {}", excluded.join(", ")));
        }
        Ok(())
    }

    /// The tenant's verdict: PASS naming the enabled policies that qualify (and what
    /// they exclude), else FAIL naming the report-only ones and why others fall short.
    pub(super) fn judge(&self, out: &mut Verdicts, policies: &[ConditionalAccessPolicy]) {
        let tenant = out.tenant();
        let qualifying = self.qualifying(policies);
        if !qualifying.is_empty() {
            out.pass(
                tenant,
                self.pass_message(&qualifying),
                self.evidence(&qualifying),
            );
            return;
        }
        out.fail(
            tenant,
            self.fail_message(policies),
            policies_evidence(policies),
        );
    }

    /// The enabled policies that meet the requirement.
    pub(super) fn qualifying<'a>(
        &self,
        policies: &'a [ConditionalAccessPolicy],
    ) -> Vec<Qualifying<'a>> {
        policies
            .iter()
            .filter(|p| is_enabled(p))
            .filter_map(|p| {
                self.assess(p).ok().map(|exclusions| Qualifying {
                    policy: p,
                    exclusions,
                })
            })
            .collect()
    }

    pub(super) fn pass_message(&self, qualifying: &[Qualifying]) -> String {
        let named: Vec<String> = qualifying
            .iter()
            .map(|q| match q.exclusions.as_slice() {
                [] => format!("'{}'", q.policy.label()),
                notes => format!("'{}' ({})", q.policy.label(), notes.join("; ")),
            })
            .collect();
        format!(
            "enabled Conditional Access {} {}: {}",
            if named.len() == 1 {
                "policy"
            } else {
                "policies"
            },
            self.what,
            named.join(", ")
        )
    }

    pub(super) fn evidence(&self, qualifying: &[Qualifying]) -> serde_json::Value {
        policies_evidence(qualifying.iter().map(|q| q.policy))
    }

    pub(super) fn fail_message(&self, policies: &[ConditionalAccessPolicy]) -> String {
        let mut message = format!(
            "no enabled Conditional Access policy {} ({} policies read)",
            self.what,
            policies.len()
        );
        let mut report_only = Vec::new();
        let mut short = Vec::new();
        for policy in policies {
            match self.assess(policy) {
                Ok(_) if is_report_only(policy) => {
                    report_only.push(format!("'{}'", policy.label()))
                }
                Ok(_) => short.push(format!(
                    "'{}' is {}",
                    policy.label(),
                    policy.state.as_deref().unwrap_or("without a state")
                )),
                // Only policies with the right grant are worth explaining.
                Err(why) if !why.starts_with("grants ") && is_enabled(policy) => {
                    short.push(format!("'{}' {why}", policy.label()))
                }
                Err(_) => {}
            }
        }
        if !report_only.is_empty() {
            message.push_str(&format!(
                "; report-only policies do not count: {}",
                report_only.join(", ")
            ));
        }
        if !short.is_empty() {
            message.push_str(&format!("; {}", short.join("; ")));
        }
        message
    }
}

/// `conditions.authenticationFlows.transferMethods`: a flags enum in one string.
fn transfer_methods(policy: &ConditionalAccessPolicy) -> Vec<&str> {
    policy
        .transfer_methods
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect()
}

/// Guests or external users are excluded: the `GuestsOrExternalUsers` keyword, or an
/// `excludeGuestsOrExternalUsers` naming any type other than `none`.
pub(super) fn excludes_guests(policy: &ConditionalAccessPolicy) -> bool {
    contains_ci(&policy.exclude_users, "GuestsOrExternalUsers")
        || policy
            .exclude_guests_or_external_users
            .as_ref()
            .and_then(|g| g.guest_or_external_user_types.as_deref())
            .is_some_and(|types| {
                types
                    .split(',')
                    .map(str::trim)
                    .any(|t| !t.is_empty() && !t.eq_ignore_ascii_case("none"))
            })
}

/// The conditions that narrow a policy so that it no longer covers every sign-in.
fn narrowing(policy: &ConditionalAccessPolicy, flows_narrow: bool) -> Vec<&'static str> {
    let mut found = Vec::new();
    if !policy.client_app_types.is_empty() && !contains_ci(&policy.client_app_types, "all") {
        found.push("client app types");
    }
    let everything = |include: &[String], exclude: &[String], all: &str| {
        include.is_empty() || (contains_ci(include, all) && exclude.is_empty())
    };
    if !everything(&policy.include_platforms, &policy.exclude_platforms, "all")
        || (policy.include_platforms.is_empty() && !policy.exclude_platforms.is_empty())
    {
        found.push("platforms");
    }
    if !everything(&policy.include_locations, &policy.exclude_locations, "All")
        || (policy.include_locations.is_empty() && !policy.exclude_locations.is_empty())
    {
        found.push("locations");
    }
    if policy.device_filter {
        found.push("a device filter");
    }
    let risky = [
        &policy.sign_in_risk_levels,
        &policy.user_risk_levels,
        &policy.service_principal_risk_levels,
    ];
    if risky.iter().any(|levels| !levels.is_empty()) {
        found.push("risk levels");
    }
    if policy.application_filter {
        found.push("an application filter");
    }
    if !policy.include_user_actions.is_empty() {
        found.push("user actions");
    }
    if !policy.include_authentication_contexts.is_empty() {
        found.push("authentication contexts");
    }
    if flows_narrow && !transfer_methods(policy).is_empty() {
        found.push("authentication flows");
    }
    found
}
