//! AZST-016: accounts without a key expiration policy of 90 days or less.

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azst", "AZST-016", sources: [StorageAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for account in each(out, &snapshot.storage.accounts) {
        let name = account.label();
        let subject = account.subject();
        if super::passes_without_shared_key(out, account, "account keys cannot be used") {
            continue;
        }
        let days = account
            .key_policy
            .as_ref()
            .and_then(|p| p.key_expiration_period_in_days);
        let evidence = json!({ "keyPolicy.keyExpirationPeriodInDays": days });
        let message = match (&account.key_policy, days) {
            (None, _) => format!("{name}: keyPolicy is not set"),
            (Some(_), None) => format!("{name}: keyPolicy has no keyExpirationPeriodInDays"),
            (Some(_), Some(days)) => {
                format!("{name}: keyPolicy.keyExpirationPeriodInDays is {days}")
            }
        };
        let passed = days.is_some_and(|d| (1.0..=90.0).contains(&d));
        out.judge(passed, subject, message, evidence);
    }
}
