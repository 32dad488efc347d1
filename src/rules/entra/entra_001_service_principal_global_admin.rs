//! ENTRA-001: service principals (managed identities included) holding Global Administrator.

use super::{DIRECTORY_OBJECTS, ROLE_ASSIGNMENTS, describe, judged, unavailable_message};
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::entra::{GLOBAL_ADMINISTRATOR_ROLE, PrincipalKind, RoleAssignment};
use crate::snapshot::{Fetched, Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-001", sources: [GraphRoleAssignments], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(assignments) = judged(
        out,
        &snapshot.entra.global_admin_assignments,
        "the Global Administrator role assignments",
        &ROLE_ASSIGNMENTS,
    ) else {
        return;
    };
    // The collector asks Graph for this role only; a snapshot may hold others.
    let global_admins: Vec<&RoleAssignment> = assignments
        .iter()
        .filter(|a| {
            a.role_definition_id
                .as_deref()
                .is_none_or(|role| eq_ci(Some(role), GLOBAL_ADMINISTRATOR_ROLE))
        })
        .collect();
    // The tenant PASSes only when every principal was told apart and none is a service principal.
    let mut all_told = true;
    let mut any_service_principal = false;
    for assignment in &global_admins {
        let principal = match &assignment.principal {
            Fetched::Ok(principal) => principal,
            unavailable => {
                all_told = false;
                let what = format!(
                    "the principal {} of Global Administrator role assignment {}",
                    assignment.principal_id, assignment.id
                );
                out.error(
                    directory_object(&assignment.principal_id),
                    unavailable_message(unavailable, &what, &DIRECTORY_OBJECTS),
                );
                continue;
            }
        };
        match principal.kind() {
            PrincipalKind::ServicePrincipal => {
                any_service_principal = true;
                let name = describe(
                    "service principal",
                    principal.display_name.as_deref(),
                    &assignment.principal_id,
                    principal.app_id.as_deref(),
                );
                out.fail(
                    super::service_principal_subject(
                        &assignment.principal_id,
                        principal.display_name.as_deref(),
                    ),
                    format!(
                        "{name} holds Global Administrator through role assignment {} (directory scope {})",
                        assignment.id,
                        assignment.directory_scope_id.as_deref().unwrap_or("/")
                    ),
                    json!({
                        "roleAssignmentId": assignment.id,
                        "roleDefinitionId": assignment.role_definition_id,
                        "directoryScopeId": assignment.directory_scope_id,
                        "principal": {
                            "id": assignment.principal_id,
                            "@odata.type": principal.odata_type,
                            "displayName": principal.display_name,
                            "appId": principal.app_id,
                            "servicePrincipalType": principal.service_principal_type,
                        },
                    }),
                );
            }
            PrincipalKind::Unknown => {
                all_told = false;
                out.error(
                    directory_object(&assignment.principal_id),
                    format!(
                        "the principal {} of Global Administrator role assignment {} has no @odata.type, so whether it is a service principal cannot be told",
                        assignment.principal_id, assignment.id
                    ),
                );
            }
            PrincipalKind::Other => {}
        }
    }
    if all_told && !any_service_principal {
        let tenant = out.tenant();
        let message = match global_admins.len() {
            0 => "no Global Administrator role assignment was found".to_string(),
            n => format!(
                "none of the {n} Global Administrator role assignments is held by a service principal"
            ),
        };
        out.pass(
            tenant,
            message,
            json!({ "globalAdministratorAssignments": global_admins.len() }),
        );
    }
}

fn directory_object(id: &str) -> Subject {
    Subject::new(
        &format!("/directoryObjects/{id}"),
        id,
        "Microsoft.Graph/directoryObjects",
        None,
    )
}
