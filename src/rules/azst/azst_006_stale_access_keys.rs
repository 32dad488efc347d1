//! AZST-006: accounts whose shared keys are usable and were not rotated in 90 days.

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

pub const CHECK: crate::rules::Check =
    check!("azst", "AZST-006", sources: [StorageAccounts], run: run);

const MAX_KEY_AGE: Duration = Duration::days(90);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let now = snapshot.collected_at;
    for account in each(out, &snapshot.storage.accounts) {
        let subject = account.subject();
        let evidence = json!({
            "allowSharedKeyAccess": account.allow_shared_key_access,
            "keyCreationTime": {
                "key1": account.key1_created.and_then(|t| t.format(&Rfc3339).ok()),
                "key2": account.key2_created.and_then(|t| t.format(&Rfc3339).ok()),
            },
        });
        if account.allow_shared_key_access == Some(false) {
            out.pass(
                subject,
                format!(
                    "{}: shared key access is disabled, so the keys are unusable",
                    account.name
                ),
                evidence,
            );
            continue;
        }
        let problems: Vec<String> = [
            ("key1", account.key1_created),
            ("key2", account.key2_created),
        ]
        .into_iter()
        .filter_map(|(key, created)| stale(key, created, now))
        .collect();
        let message = if problems.is_empty() {
            format!(
                "{}: both access keys were rotated within 90 days",
                account.name
            )
        } else {
            format!("{}: {}", account.name, problems.join("; "))
        };
        out.judge(problems.is_empty(), subject, message, evidence);
    }
}

/// Why a key is stale at `now`, or None when it was created within the last 90 × 24 h.
fn stale(key: &str, created: Option<OffsetDateTime>, now: OffsetDateTime) -> Option<String> {
    match created {
        None => Some(format!(
            "{key} has no creation time (never rotated since key tracking began)"
        )),
        Some(at) if now - at > MAX_KEY_AGE => Some(format!(
            "{key} was last rotated {} days ago",
            (now - at).whole_days()
        )),
        Some(_) => None,
    }
}
