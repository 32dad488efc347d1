//! ENTRA-005: no enabled Conditional Access policy requiring MFA for (or blocking) guests.

use super::ca::requires_mfa_or_blocks;
use super::{CONDITIONAL_ACCESS, contains_ci};
use crate::rules::check;
use crate::snapshot::entra::ConditionalAccessPolicy;

pub const CHECK: crate::rules::Check = check!("entra", "ENTRA-005", sources: [GraphConditionalAccess],
    run: |s, out| super::require_policy(s, out, &CONDITIONAL_ACCESS,
        "requires MFA for (or blocks) guests and external users",
        |p| targets_external_users(p) && requires_mfa_or_blocks(p)));

fn targets_external_users(policy: &ConditionalAccessPolicy) -> bool {
    let included = contains_ci(&policy.include_users, "All")
        || contains_ci(&policy.include_users, "GuestsOrExternalUsers")
        || policy.include_guests_or_external_users.is_some();
    // CHECKS-2: an exclusion naming any guest type other than `none` excludes guests.
    included && !super::ca::excludes_guests(policy)
}
