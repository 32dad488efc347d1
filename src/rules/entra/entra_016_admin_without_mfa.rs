//! ENTRA-016: administrators not registered for MFA, from the registration report.

use super::{REGISTRATION_REPORT, judged, user_subject};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::entra::RegistrationDetail;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("entra", "ENTRA-016", sources: [GraphRegistrationDetails],
    run: |s, out| judge_registration(s, out, |u| u.is_admin == Some(true), "administrator"));

/// ENTRA-016/017: FAIL per user `selected` whose `isMfaRegistered` is not true (null
/// means not registered), one tenant PASS when none. `who` names the population.
pub(super) fn judge_registration(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    selected: fn(&RegistrationDetail) -> bool,
    who: &str,
) {
    let Some(rows) = judged(
        out,
        &snapshot.entra.registration_details,
        "the authentication methods registration report",
        &REGISTRATION_REPORT,
    ) else {
        return;
    };
    let users: Vec<&RegistrationDetail> = rows.iter().filter(|u| selected(u)).collect();
    let mut unregistered = 0;
    for user in &users {
        if user.is_mfa_registered == Some(true) {
            continue;
        }
        unregistered += 1;
        let name = user
            .user_principal_name
            .as_deref()
            .or(user.user_display_name.as_deref())
            .unwrap_or(&user.id);
        let methods = if user.methods_registered.is_empty() {
            "no authentication method".to_string()
        } else {
            format!("only {}", user.methods_registered.join(", "))
        };
        let state = match user.is_mfa_registered {
            Some(_) => "isMfaRegistered is false",
            None => "isMfaRegistered is not reported",
        };
        out.fail(
            user_subject(&user.id, Some(name)),
            format!("{who} {name} is not registered for MFA ({state}; registered: {methods})"),
            json!({
                "userPrincipalName": user.user_principal_name,
                "isAdmin": user.is_admin,
                "userType": user.user_type,
                "isMfaRegistered": user.is_mfa_registered,
                "methodsRegistered": user.methods_registered,
            }),
        );
    }
    if unregistered == 0 {
        let tenant = out.tenant();
        out.pass(
            tenant,
            format!(
                "every {who} in the registration report ({}) is registered for MFA; the report omits disabled users",
                users.len()
            ),
            json!({ "usersJudged": users.len() }),
        );
    }
}
