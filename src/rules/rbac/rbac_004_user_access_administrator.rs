//! RBAC-004: User Access Administrator assigned at the subscription, a management group or root.

use super::{assignment_subject, assignments, describe, level, owner_or_above};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::rbac::{ScopeLevel, USER_ACCESS_ADMINISTRATOR_ROLE};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("rbac", "RBAC-004", sources: [RoleAssignments], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(all) = assignments(snapshot, out) else {
        return;
    };
    let held = owner_or_above(snapshot, all, USER_ACCESS_ADMINISTRATOR_ROLE);
    for a in &held {
        let at = level(snapshot, a);
        let note = if at == ScopeLevel::Root {
            " (root scope: typically left behind by a Global Administrator's elevated access)"
        } else {
            ""
        };
        out.fail(
            assignment_subject(a),
            format!("User Access Administrator is assigned at {}{note} through {}", at.describe(), describe(a)),
            json!({ "principalId": a.principal_id, "principalType": a.principal_type, "scope": a.scope }),
        );
    }
    if held.is_empty() {
        let subscription = out.subscription();
        out.pass(
            subscription,
            "User Access Administrator is not assigned at this subscription, a management group above it or the root scope",
            json!({ "roleAssignments": all.len() }),
        );
    }
}
