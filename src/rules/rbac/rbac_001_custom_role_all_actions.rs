//! RBAC-001: custom roles granting every action (`*`) assignable at the subscription or above.

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::rbac::scope_level;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("rbac", "RBAC-001", sources: [CustomRoles], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(roles) =
        out.readable_in_subscription(&snapshot.rbac.custom_roles, "the custom role definitions")
    else {
        return;
    };
    if roles.is_empty() {
        let subscription = out.subscription();
        out.pass(
            subscription,
            "no custom role is defined for this subscription",
            json!({ "customRoles": 0 }),
        );
        return;
    }
    for role in roles {
        let name = role.role_name.as_deref().unwrap_or(&role.name);
        let subject = Subject::new(
            &role.id,
            name,
            "Microsoft.Authorization/roleDefinitions",
            None,
        );
        // Exactly `*`: a provider wildcard (`Microsoft.Compute/*`) is not every action.
        let everything = role.actions.iter().any(|a| a.trim() == "*");
        let wide: Vec<&String> = role
            .assignable_scopes
            .iter()
            .filter(|s| scope_level(s, &snapshot.subscription.id).at_or_above())
            .collect();
        let evidence =
            json!({ "actions": role.actions, "assignableScopes": role.assignable_scopes });
        match (everything, wide.is_empty()) {
            (true, false) => out.fail(
                subject,
                format!(
                    "custom role {name} grants every action (*) and is assignable at {} (notActions do not change this)",
                    wide.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
                evidence,
            ),
            (true, true) => out.pass(
                subject,
                format!("custom role {name} grants every action (*) but is assignable only below the subscription"),
                evidence,
            ),
            (false, _) => out.pass(
                subject,
                format!("custom role {name} does not grant every action (*)"),
                evidence,
            ),
        }
    }
}
