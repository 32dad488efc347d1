//! ENTRA-004: no enabled Conditional Access policy requiring MFA for Global Administrators.

use super::ca::requires_mfa;
use super::{CONDITIONAL_ACCESS, ROLE_ASSIGNMENTS, contains_ci};
use crate::rules::{Verdicts, check};
use crate::snapshot::entra::{ConditionalAccessPolicy, GLOBAL_ADMINISTRATOR_ROLE};
use crate::snapshot::{Fetched, Snapshot, eq_ci};
use std::collections::BTreeSet;

pub const CHECK: crate::rules::Check = check!(
    "entra",
    "ENTRA-004",
    sources: [GraphConditionalAccess, GraphRoleAssignments],
    run: run
);

const USER_KEYWORDS: [&str; 3] = ["All", "None", "GuestsOrExternalUsers"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(policies) = super::conditional_access(snapshot, out, &CONDITIONAL_ACCESS) else {
        return;
    };
    // Who holds Global Administrator, to tell whether a policy's excluded users or
    // groups take the role out of it. Only needed when a policy excludes anyone.
    let holders: Result<BTreeSet<String>, String> = match &snapshot.entra.global_admin_assignments {
        Fetched::Ok(assignments) => Ok(assignments
            .iter()
            .filter(|a| {
                a.role_definition_id
                    .as_deref()
                    .is_none_or(|role| eq_ci(Some(role), GLOBAL_ADMINISTRATOR_ROLE))
            })
            .map(|a| a.principal_id.to_lowercase())
            .collect()),
        unavailable => Err(super::unavailable_message(
            unavailable,
            "the Global Administrator role assignments",
            &ROLE_ASSIGNMENTS,
        )),
    };
    let excluded_holders = |policy: &ConditionalAccessPolicy| -> Result<Vec<String>, String> {
        // `excludeUsers` also takes keywords (GuestsOrExternalUsers); only object IDs
        // can name a role holder.
        let excluded: Vec<&String> = policy
            .exclude_users
            .iter()
            .chain(&policy.exclude_groups)
            .filter(|id| !USER_KEYWORDS.iter().any(|k| id.eq_ignore_ascii_case(k)))
            .collect();
        if excluded.is_empty() {
            return Ok(Vec::new());
        }
        let holders = holders.as_ref().map_err(Clone::clone)?;
        Ok(excluded
            .into_iter()
            .filter(|id| holders.contains(&id.to_lowercase()))
            .cloned()
            .collect())
    };
    let shape_fits = |p: &ConditionalAccessPolicy| {
        super::ca::covers_all_apps(p)
            && requires_mfa(p)
            && covers_global_admins(p)
            && !contains_ci(&p.exclude_roles, GLOBAL_ADMINISTRATOR_ROLE)
    };
    // An enabled policy that would count unless it excludes a holder we cannot see.
    let undecided: Vec<(&ConditionalAccessPolicy, String)> = policies
        .iter()
        .filter(|p| super::ca::is_enabled(p) && shape_fits(p))
        .filter_map(|p| excluded_holders(p).err().map(|why| (p, why)))
        .collect();
    let decided_pass = policies.iter().any(|p| {
        super::ca::is_enabled(p) && shape_fits(p) && excluded_holders(p).is_ok_and(|h| h.is_empty())
    });
    if !decided_pass && let Some((policy, why)) = undecided.first() {
        let tenant = out.tenant();
        out.error(
            tenant,
            format!(
                "policy '{}' requires MFA for Global Administrators but excludes users or groups, and whether they hold the role cannot be told: {why}",
                policy.label()
            ),
        );
        return;
    }
    let excluding: Vec<String> = policies
        .iter()
        .filter(|p| {
            super::ca::is_enabled(p)
                && super::ca::covers_all_apps(p)
                && requires_mfa(p)
                && covers_global_admins(p)
        })
        .filter_map(|p| {
            if contains_ci(&p.exclude_roles, GLOBAL_ADMINISTRATOR_ROLE) {
                return Some(format!(
                    "'{}' excludes the Global Administrator role",
                    p.label()
                ));
            }
            match excluded_holders(p) {
                Ok(ids) if !ids.is_empty() => Some(format!(
                    "'{}' excludes Global Administrator holder(s) {}",
                    p.label(),
                    ids.join(", ")
                )),
                _ => None,
            }
        })
        .collect();
    let note = (!excluding.is_empty()).then(|| excluding.join("; "));
    super::ca::judge_policies(
        out,
        policies,
        "requires MFA for Global Administrators",
        |p| shape_fits(p) && excluded_holders(p).is_ok_and(|h| h.is_empty()),
        note,
    );
}

/// All users, or the Global Administrator role among the included roles.
fn covers_global_admins(policy: &ConditionalAccessPolicy) -> bool {
    contains_ci(&policy.include_users, "All")
        || contains_ci(&policy.include_roles, GLOBAL_ADMINISTRATOR_ROLE)
}
