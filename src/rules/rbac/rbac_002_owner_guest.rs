//! RBAC-002: Owner granted, at the subscription or above, to a guest user or a group with guests.

use super::{
    Lookup, assignment_subject, assignments, describe, lookup, owner_or_above, user_fields_read,
};
use crate::rules::{Verdicts, check};
use crate::snapshot::rbac::OWNER_ROLE;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("rbac", "RBAC-002", sources: [RoleAssignments, GraphPrincipals], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(all) = assignments(snapshot, out) else {
        return;
    };
    let owners = owner_or_above(snapshot, all, OWNER_ROLE);
    let mut all_judged_clean = true;
    for a in &owners {
        // Service principals and foreign groups are never guest users.
        let kind = a.principal_type.as_deref();
        if !(kind.is_none() || eq_ci(kind, "User") || eq_ci(kind, "Group")) {
            continue;
        }
        let subject = assignment_subject(a);
        let principal = match lookup(snapshot, a) {
            Lookup::Found(p) => p,
            // A principal that no longer exists is RBAC-006's finding.
            Lookup::Deleted => continue,
            Lookup::Unread(why) => {
                all_judged_clean = false;
                out.error(subject, why);
                continue;
            }
        };
        let evidence = json!({
            "principalId": a.principal_id, "principalType": a.principal_type, "scope": a.scope,
            "userType": principal.user_type, "userPrincipalName": principal.user_principal_name,
        });
        if principal.is_user() {
            if let Err(why) = user_fields_read(principal) {
                all_judged_clean = false;
                out.error(subject, why);
            } else if principal.is_guest() {
                all_judged_clean = false;
                out.fail(
                    subject,
                    format!(
                        "Owner is held by guest user {} through {}",
                        principal.label(),
                        describe(a)
                    ),
                    evidence,
                );
            }
        } else if principal.is_group() {
            let Some(directory) = snapshot.entra.principals.ok() else {
                continue;
            };
            match directory.group_guests(principal) {
                Ok(guests) if guests.is_empty() => {}
                Ok(guests) => {
                    all_judged_clean = false;
                    out.fail(
                        subject,
                        format!(
                            "Owner is held by group {} whose members include guest users {} ({})",
                            principal.label(),
                            guests.join(", "),
                            describe(a)
                        ),
                        evidence,
                    );
                }
                Err(why) => {
                    all_judged_clean = false;
                    out.error(
                        subject,
                        format!(
                            "{}. Reading it needs the Microsoft Graph application permission GroupMember.Read.All (or Directory.Read.All).",
                            why.trim_end_matches('.')
                        ),
                    );
                }
            }
        }
    }
    if all_judged_clean {
        let subscription = out.subscription();
        out.pass(
            subscription,
            format!("none of the {} Owner assignments at this subscription or above is held by a guest user or a group with guests", owners.len()),
            json!({ "ownerAssignments": owners.len() }),
        );
    }
}
