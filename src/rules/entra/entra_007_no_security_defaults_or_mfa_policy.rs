//! ENTRA-007: neither security defaults nor an enabled all-users MFA Conditional Access policy.

use super::ca::{Grant, Requirement, Users};
use super::{CONDITIONAL_ACCESS, POLICIES, unavailable_message};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!(
    "entra",
    "ENTRA-007",
    sources: [GraphSecurityDefaults, GraphConditionalAccess],
    run: run
);

const ALL_USERS_MFA: Requirement = Requirement {
    application: None,
    users: Users::All,
    grant: Grant::Mfa,
    transfer_method: None,
    what: "requires MFA for all users and all applications",
};

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let tenant = out.tenant();
    let entra = &snapshot.entra;
    let defaults = match &entra.security_defaults {
        Fetched::Ok(d) => Ok(d.is_enabled),
        unavailable => Err(unavailable_message(
            unavailable,
            "the security defaults policy",
            &POLICIES,
        )),
    };
    if let Ok(Some(true)) = defaults {
        out.pass(
            tenant,
            "security defaults are enabled (isEnabled is true): every user must register for and use MFA",
            json!({ "securityDefaults.isEnabled": true }),
        );
        return;
    }
    let defaults_note = match &defaults {
        Ok(Some(_)) => "security defaults are disabled".to_string(),
        Ok(None) => "security defaults report no isEnabled value".to_string(),
        Err(why) => why.clone(),
    };
    let policies = match &entra.conditional_access_policies {
        Fetched::Ok(policies) => policies,
        unavailable => {
            let why = unavailable_message(
                unavailable,
                "the Conditional Access policies",
                &CONDITIONAL_ACCESS,
            );
            out.error(tenant, format!("{defaults_note}; {why}"));
            return;
        }
    };
    let qualifying = ALL_USERS_MFA.qualifying(policies);
    if !qualifying.is_empty() {
        // An enabled policy decides PASS whether or not security defaults were read.
        out.pass(
            tenant,
            format!(
                "{}; {defaults_note}",
                ALL_USERS_MFA.pass_message(&qualifying)
            ),
            ALL_USERS_MFA.evidence(&qualifying),
        );
        return;
    }
    match defaults {
        Err(why) => out.error(
            tenant,
            format!("{}; {why}", ALL_USERS_MFA.fail_message(policies)),
        ),
        Ok(enabled) => out.fail(
            tenant,
            format!(
                "{defaults_note} and {}",
                ALL_USERS_MFA.fail_message(policies)
            ),
            json!({ "securityDefaults.isEnabled": enabled }),
        ),
    }
}
