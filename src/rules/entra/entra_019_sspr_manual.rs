//! ENTRA-019: self-service password reset settings need a human review (not in Graph v1.0).

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::Value;

// The source is declared only so that the check runs once per tenant (tenant-level
// checks are those whose sources are all Graph); nothing in it is judged.
pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-019", sources: [GraphAuthorizationPolicy], run: run);

fn run(_snapshot: &Snapshot, out: &mut Verdicts) {
    let tenant = out.tenant();
    out.manual(
        tenant,
        "Microsoft Graph v1.0 does not expose the self-service password reset settings: check in the Entra admin center that the number of methods required to reset is 2, users are notified on password resets, all admins are notified when other admins reset, and the re-confirmation period is not 0 days",
        Value::Null,
    );
}
