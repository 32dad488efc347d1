//! ENTRA-008: guest invitations not restricted to admins and guest inviters.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-008", sources: [GraphAuthorizationPolicy], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(policy) = super::authorization_policy(snapshot, out) else {
        return;
    };
    let tenant = out.tenant();
    let value = policy.allow_invites_from.as_deref();
    let evidence = json!({ "allowInvitesFrom": value });
    let Some(value) = value else {
        out.fail(
            tenant,
            "allowInvitesFrom is not reported: who may invite guests cannot be shown to be restricted",
            evidence,
        );
        return;
    };
    let restricted = ["adminsAndGuestInviters", "none"]
        .iter()
        .any(|v| eq_ci(Some(value), v));
    let message = if restricted {
        format!(
            "allowInvitesFrom is {value}: only admins and Guest Inviters (or nobody) can invite guests"
        )
    } else {
        format!(
            "allowInvitesFrom is {value}: users beyond admins and Guest Inviters can invite guests"
        )
    };
    out.judge(restricted, tenant, message, evidence);
}
