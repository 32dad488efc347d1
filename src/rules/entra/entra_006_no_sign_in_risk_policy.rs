//! ENTRA-006: no enabled Conditional Access policy acting on sign-in risk.

use super::ca::requires_mfa_or_blocks;
use super::{SIGN_IN_RISK, contains_ci};
use crate::rules::check;
use crate::snapshot::entra::ConditionalAccessPolicy;

pub const CHECK: crate::rules::Check = check!("entra", "ENTRA-006", sources: [GraphConditionalAccess],
    run: |s, out| super::require_policy(s, out, &SIGN_IN_RISK,
        "requires MFA for (or blocks) risky sign-ins",
        |p| acts_on_sign_in_risk(p) && requires_mfa_or_blocks(p)));

/// `none` is a risk level Graph accepts, but it selects sign-ins with no risk.
fn acts_on_sign_in_risk(policy: &ConditionalAccessPolicy) -> bool {
    ["low", "medium", "high"]
        .iter()
        .any(|level| contains_ci(&policy.sign_in_risk_levels, level))
}
