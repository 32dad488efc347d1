//! ENTRA-009: users can consent to applications from any publisher.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-009", sources: [GraphAuthorizationPolicy], run: run);

const SELF: &str = "ManagePermissionGrantsForSelf.";
const OWNED: &str = "ManagePermissionGrantsForOwnedResource.";
const LIMITED: [&str; 2] = [
    "microsoft-user-default-low",
    "microsoft-user-default-recommended",
];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(policy) = super::authorization_policy(snapshot, out) else {
        return;
    };
    let tenant = out.tenant();
    // Null means none assigned (CHECKS-2).
    let assigned = policy
        .permission_grant_policies_assigned
        .clone()
        .unwrap_or_default();
    let evidence = json!({ "permissionGrantPoliciesAssigned": assigned });
    let starts = |p: &str, prefix: &str| {
        p.len() >= prefix.len() && p[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    let owner: Vec<&String> = assigned.iter().filter(|p| starts(p, OWNED)).collect();
    // An entry without a ManagePermissionGrantsFor… prefix is read as self-consent.
    let own: Vec<&str> = assigned
        .iter()
        .filter(|p| !starts(p, OWNED))
        .map(|p| {
            if starts(p, SELF) {
                &p[SELF.len()..]
            } else {
                p.as_str()
            }
        })
        .collect();
    let owner_note = if owner.is_empty() {
        String::new()
    } else {
        format!(
            " (group-owner consent, reported only: {})",
            owner
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    if own.is_empty() {
        out.pass(
            tenant,
            format!("user consent to applications is off: no self-consent policy is assigned{owner_note}"),
            evidence,
        );
        return;
    }
    let ends = |p: &str, suffix: &str| p.to_lowercase().ends_with(suffix);
    if own.iter().any(|p| ends(p, "microsoft-user-default-legacy")) {
        out.fail(
            tenant,
            format!(
                "users can consent to any application for the permissions it asks: {} is assigned{owner_note}",
                own.join(", ")
            ),
            evidence,
        );
        return;
    }
    let limited = own
        .iter()
        .all(|p| LIMITED.iter().any(|l| p.eq_ignore_ascii_case(l)));
    if limited {
        out.pass(
            tenant,
            format!(
                "users can consent only to verified publishers' applications for low-impact permissions ({}){owner_note}",
                own.join(", ")
            ),
            evidence,
        );
    } else {
        out.manual(
            tenant,
            format!(
                "a custom permission grant policy decides user consent ({}); review what it allows{owner_note}",
                own.join(", ")
            ),
            evidence,
        );
    }
}
