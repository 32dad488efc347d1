//! ENTRA-012: guest users can read directory objects beyond their own.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-012", sources: [GraphAuthorizationPolicy], run: run);

const RESTRICTED: &str = "2af84b1e-32c8-42b7-82bc-daa82404023b";
const LIMITED: &str = "10dae51f-b6af-4016-8d66-8c2a99b929b3";
const MEMBERS: &str = "a0b1b346-4d3e-4e8b-98f8-753987be4970";

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(policy) = super::authorization_policy(snapshot, out) else {
        return;
    };
    let tenant = out.tenant();
    let role = policy.guest_user_role_id.as_deref().map(str::trim);
    let evidence = json!({ "guestUserRoleId": role });
    match role.map(str::to_lowercase).as_deref() {
        Some(RESTRICTED) => out.pass(
            tenant,
            format!("guestUserRoleId is {RESTRICTED}: guests can read only their own directory object"),
            evidence,
        ),
        Some(LIMITED) => out.fail(
            tenant,
            format!("guestUserRoleId is {LIMITED} (limited access, the default): guests can read other users' and groups' properties"),
            evidence,
        ),
        Some(MEMBERS) => out.fail(
            tenant,
            format!("guestUserRoleId is {MEMBERS}: guests have the same directory access as members"),
            evidence,
        ),
        None => out.fail(
            tenant,
            "guestUserRoleId is not set (the default limited guest access applies): guests can read other users' and groups' properties",
            evidence,
        ),
        Some(other) => out.manual(
            tenant,
            format!("guestUserRoleId is {other}, which is none of the three documented guest access levels: review it"),
            evidence,
        ),
    }
}
