//! RBAC-003: Owner granted to a service principal at the subscription or above.

use super::{Lookup, assignment_subject, assignments, describe, lookup, owner_or_above};
use crate::rules::{Verdicts, check};
use crate::snapshot::rbac::OWNER_ROLE;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("rbac", "RBAC-003", sources: [RoleAssignments, GraphPrincipals], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(all) = assignments(snapshot, out) else {
        return;
    };
    // The verdict rests on ARM's principalType; Graph only tells a managed identity
    // from an application.
    let held: Vec<_> = owner_or_above(snapshot, all, OWNER_ROLE)
        .into_iter()
        .filter(|a| eq_ci(a.principal_type.as_deref(), "ServicePrincipal"))
        .collect();
    for a in &held {
        let kind = match lookup(snapshot, a) {
            Lookup::Found(p) => match p.service_principal_type.as_deref() {
                Some(t) if t.eq_ignore_ascii_case("ManagedIdentity") => format!("managed identity {}", p.label()),
                Some(t) => format!("{} service principal {}", t.to_lowercase(), p.label()),
                None => format!("service principal {}", p.label()),
            },
            Lookup::Deleted => "a service principal that no longer exists".to_string(),
            Lookup::Unread(_) => "a service principal (whether it is a managed identity or an app could not be read from Microsoft Graph)".to_string(),
        };
        out.fail(
            assignment_subject(a),
            format!("Owner is held by {kind} through {}", describe(a)),
            json!({ "principalId": a.principal_id, "principalType": a.principal_type, "scope": a.scope }),
        );
    }
    if held.is_empty() {
        let subscription = out.subscription();
        out.pass(
            subscription,
            "no service principal holds Owner at this subscription or above",
            json!({ "ownerAssignments": owner_or_above(snapshot, all, OWNER_ROLE).len() }),
        );
    }
}
