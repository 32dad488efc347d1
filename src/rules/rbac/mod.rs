//! Azure RBAC checks (RBAC-*): role assignments and definitions as ARM returns them for
//! a subscription (management-group and root `/` assignments included), with their
//! principals resolved once per tenant in Microsoft Graph. RBAC-007 builds on
//! `owner_or_above` and `assignment_subject`, matching principals to workloads without Graph.

mod rbac_001_custom_role_all_actions;
mod rbac_002_owner_guest;
mod rbac_003_owner_service_principal;
mod rbac_004_user_access_administrator;
mod rbac_005_classic_administrators;
mod rbac_006_orphaned_principal;
mod rbac_007_workload_identity_privileged;

use super::{Check, Subject, Verdicts};
use crate::snapshot::entra::{Directory, DirectoryObject};
use crate::snapshot::rbac::{RoleAssignment, ScopeLevel, scope_level};
use crate::snapshot::{Fetched, Snapshot};

pub const CHECKS: &[Check] = &[
    rbac_001_custom_role_all_actions::CHECK,
    rbac_002_owner_guest::CHECK,
    rbac_003_owner_service_principal::CHECK,
    rbac_004_user_access_administrator::CHECK,
    rbac_005_classic_administrators::CHECK,
    rbac_006_orphaned_principal::CHECK,
    rbac_007_workload_identity_privileged::CHECK,
];

/// What reading principals in Graph takes, for the ERROR a user acts on.
const DIRECTORY_PERMISSION: &str = "Directory.Read.All";

/// The subscription's role assignments, or one ERROR against it (None).
pub(crate) fn assignments<'a>(
    snapshot: &'a Snapshot,
    out: &mut Verdicts,
) -> Option<&'a [RoleAssignment]> {
    out.readable_in_subscription(&snapshot.rbac.role_assignments, "the role assignments")
}

/// Where an assignment's scope sits relative to the scanned subscription.
pub(crate) fn level(snapshot: &Snapshot, assignment: &RoleAssignment) -> ScopeLevel {
    // A missing scope is read from the assignment ID (everything before
    // `/providers/Microsoft.Authorization/roleAssignments/`).
    let from_id;
    let scope = match assignment.scope.as_deref() {
        Some(scope) => scope,
        None => {
            let lower = assignment.id.to_lowercase();
            let cut = lower
                .find("/providers/microsoft.authorization/roleassignments/")
                .unwrap_or(0);
            from_id = assignment.id[..cut].to_string();
            &from_id
        }
    };
    scope_level(scope, &snapshot.subscription.id)
}

/// Assignments of `role` (by final GUID) at this subscription or above.
pub(crate) fn owner_or_above<'a>(
    snapshot: &Snapshot,
    assignments: &'a [RoleAssignment],
    role: &str,
) -> Vec<&'a RoleAssignment> {
    assignments
        .iter()
        .filter(|a| a.holds(role) && level(snapshot, a).at_or_above())
        .collect()
}

pub(crate) fn assignment_subject(assignment: &RoleAssignment) -> Subject {
    let name = if assignment.name.trim().is_empty() {
        assignment.id.rsplit('/').next().unwrap_or(&assignment.id)
    } else {
        &assignment.name
    };
    Subject::new(
        &assignment.id,
        name,
        "Microsoft.Authorization/roleAssignments",
        None,
    )
}

/// `role assignment NAME (principal P, type T, scope S)` for messages.
pub(crate) fn describe(assignment: &RoleAssignment) -> String {
    format!(
        "role assignment {} (principal {} of type {}, scope {})",
        assignment.name,
        assignment.principal_id.as_deref().unwrap_or("unknown"),
        assignment
            .principal_type
            .as_deref()
            .unwrap_or("not reported"),
        assignment.scope.as_deref().unwrap_or("not reported")
    )
}

/// What Graph says about an assignment's principal.
pub(crate) enum Lookup<'a> {
    Found(&'a DirectoryObject),
    /// Absent from a successful getByIds: the object no longer exists.
    Deleted,
    /// Could not be read: the reason, naming the permission.
    Unread(String),
}

pub(crate) fn lookup<'a>(snapshot: &'a Snapshot, assignment: &RoleAssignment) -> Lookup<'a> {
    let what = format!(
        "the principal {} of role assignment {}",
        assignment.principal_id.as_deref().unwrap_or("unknown"),
        assignment.name
    );
    let unread = |reason: Option<String>| {
        Lookup::Unread(format!(
            "{}. Reading it needs the Microsoft Graph application permission {DIRECTORY_PERMISSION}.",
            reason.unwrap_or_default().trim_end_matches('.')
        ))
    };
    let directory: &Directory = match &snapshot.entra.principals {
        Fetched::Ok(directory) => directory,
        unavailable => return unread(unavailable.unavailable_reason(&what)),
    };
    let Some(id) = assignment.principal_id.as_deref() else {
        return Lookup::Unread(format!("{what} has no principal ID"));
    };
    match directory.objects.get(&id.trim().to_lowercase()) {
        Some(Fetched::Ok(Some(found))) => Lookup::Found(found),
        Some(Fetched::Ok(None)) => Lookup::Deleted,
        Some(unavailable) => unread(unavailable.unavailable_reason(&what)),
        None => unread(Fetched::<()>::NotCollected.unavailable_reason(&what)),
    }
}

/// A user's `userType`/`accountEnabled` were read (`$select`), or why not.
pub(crate) fn user_fields_read(user: &DirectoryObject) -> Result<(), String> {
    match &user.user_fields {
        Fetched::Ok(()) => Ok(()),
        unavailable => Err(format!(
            "{}. Reading it needs the Microsoft Graph application permission User.Read.All (or {DIRECTORY_PERMISSION}).",
            unavailable
                .unavailable_reason(&format!(
                    "the userType and accountEnabled of user {}",
                    user.label()
                ))
                .unwrap_or_default()
                .trim_end_matches('.')
        )),
    }
}
