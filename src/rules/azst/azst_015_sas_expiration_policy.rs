//! AZST-015: accounts whose SAS expiration policy is missing or longer than allowed.

use crate::rules::settings::TimeSpan;
use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azst", "AZST-015", sources: [StorageAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let limit = out.settings().storage.sas_max_expiration;
    for account in each(out, &snapshot.storage.accounts) {
        let name = account.label();
        let subject = account.subject();
        if super::passes_without_shared_key(out, account, "no account-key SAS can be signed") {
            continue;
        }
        let Some(policy) = &account.sas_policy else {
            out.fail(
                subject,
                format!("{name}: sasPolicy is not set (SAS tokens may be valid for any period)"),
                json!({ "sasPolicy": null, "allowSharedKeyAccess": account.allow_shared_key_access }),
            );
            continue;
        };
        let period = policy.sas_expiration_period.as_deref();
        // Log only records SAS tokens over the period; Block rejects them.
        let action = match policy.expiration_action.as_deref() {
            Some(a) if a.eq_ignore_ascii_case("Block") => {
                format!("{a} (longer SAS tokens are rejected)")
            }
            Some(a) => format!("{a} (longer SAS tokens are only logged)"),
            None => "not set (Log: longer SAS tokens are only logged)".to_string(),
        };
        let evidence = json!({
            "sasPolicy.sasExpirationPeriod": period,
            "sasPolicy.expirationAction": policy.expiration_action,
            "limit": limit.to_string(),
        });
        match period.and_then(TimeSpan::parse) {
            Some(span) => out.judge(
                span <= limit,
                subject,
                format!(
                    "{name}: sasPolicy.sasExpirationPeriod is {} (limit {limit}), expirationAction is {action}",
                    period.unwrap_or_default()
                ),
                evidence,
            ),
            None => out.fail(
                subject,
                format!(
                    "{name}: sasPolicy.sasExpirationPeriod {} is not a d.hh:mm:ss period",
                    period.map_or("is not set".to_string(), |p| format!("'{p}'"))
                ),
                evidence,
            ),
        }
    }
}
