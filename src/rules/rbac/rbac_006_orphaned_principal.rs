//! RBAC-006: role assignments held by a deleted identity, or privileged ones by a disabled user.

use super::{Lookup, assignment_subject, assignments, describe, lookup, user_fields_read};
use crate::rules::{Verdicts, check};
use crate::snapshot::rbac::{CONTRIBUTOR_ROLE, OWNER_ROLE, USER_ACCESS_ADMINISTRATOR_ROLE};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("rbac", "RBAC-006", sources: [RoleAssignments, GraphPrincipals], run: run);

const PRIVILEGED: [(&str, &str); 3] = [
    (OWNER_ROLE, "Owner"),
    (CONTRIBUTOR_ROLE, "Contributor"),
    (USER_ACCESS_ADMINISTRATOR_ROLE, "User Access Administrator"),
];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(all) = assignments(snapshot, out) else {
        return;
    };
    let mut clean = true;
    for a in all {
        let subject = assignment_subject(a);
        let evidence = json!({ "principalId": a.principal_id, "principalType": a.principal_type, "scope": a.scope, "roleDefinitionId": a.role_definition_id });
        if eq_ci(a.principal_type.as_deref(), "Unknown") {
            clean = false;
            out.fail(
                subject,
                format!(
                    "{} names a principal ARM reports as Unknown (deleted)",
                    describe(a)
                ),
                evidence,
            );
            continue;
        }
        // A group from another tenant cannot be looked up here: never called deleted.
        if eq_ci(a.principal_type.as_deref(), "ForeignGroup") {
            continue;
        }
        let role = PRIVILEGED
            .iter()
            .find(|(guid, _)| a.holds(guid))
            .map(|(_, name)| *name);
        match lookup(snapshot, a) {
            Lookup::Deleted => {
                clean = false;
                out.fail(
                    subject,
                    format!(
                        "{} names a principal that no longer exists in the directory",
                        describe(a)
                    ),
                    evidence,
                );
            }
            Lookup::Unread(why) => {
                clean = false;
                out.error(subject, why);
            }
            Lookup::Found(p) if p.is_user() => {
                let Some(role) = role else { continue };
                if let Err(why) = user_fields_read(p) {
                    clean = false;
                    out.error(subject, why);
                } else if p.account_enabled == Some(false) {
                    clean = false;
                    out.fail(
                        subject,
                        format!(
                            "{role} is held by disabled user {} through {}",
                            p.label(),
                            describe(a)
                        ),
                        evidence,
                    );
                }
            }
            Lookup::Found(_) => {}
        }
    }
    if clean {
        let subscription = out.subscription();
        out.pass(
            subscription,
            format!("every one of the {} role assignments names an existing principal, and no privileged one a disabled user", all.len()),
            json!({ "roleAssignments": all.len() }),
        );
    }
}
