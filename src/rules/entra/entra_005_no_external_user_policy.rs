//! ENTRA-005: no enabled Conditional Access policy requiring MFA for (or blocking) guests.

use super::{CONDITIONAL_ACCESS, contains_ci, judged, requires_mfa_or_blocks};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::entra::ConditionalAccessPolicy;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-005", sources: [GraphConditionalAccess], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let policies = judged(
        out,
        &snapshot.entra.conditional_access_policies,
        "the Conditional Access policies",
        &CONDITIONAL_ACCESS,
    );
    if snapshot.entra.conditional_access_policies.ok().is_none() {
        return;
    }
    super::judge_policies(
        out,
        policies,
        "requires MFA for (or blocks) guests and external users",
        |p| targets_external_users(p) && requires_mfa_or_blocks(p),
        None,
    );
}

fn targets_external_users(policy: &ConditionalAccessPolicy) -> bool {
    let included = contains_ci(&policy.include_users, "All")
        || contains_ci(&policy.include_users, "GuestsOrExternalUsers")
        || policy.include_guests_or_external_users.is_some();
    let excluded = contains_ci(&policy.exclude_users, "GuestsOrExternalUsers")
        || policy.exclude_guests_or_external_users.is_some();
    included && !excluded
}
