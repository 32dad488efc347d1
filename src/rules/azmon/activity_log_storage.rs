//! The storage accounts that hold the Activity Log (AZMON-013/014): each distinct
//! `storageAccountId` of the subscription's diagnostic settings, found in the scanned
//! account list by canonical ID. One that the list does not show is outside the scan
//! (ERROR naming it); an unreadable list is ERROR for each destination.

use crate::rules::shape::Resource;
use crate::rules::{Subject, Verdicts};
use crate::snapshot::storage::StorageAccount;
use crate::snapshot::{Snapshot, canonical_id};

/// Runs `judge` on each Activity Log destination account that could be read.
pub fn each_destination(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    mut judge: impl FnMut(&mut Verdicts, &StorageAccount, &str),
) {
    let Some(settings) = out.readable_in_subscription(
        &snapshot.monitor.subscription_diagnostic_settings,
        "the subscription diagnostic settings",
    ) else {
        return;
    };
    let mut destinations: Vec<(String, &str, &str)> = Vec::new();
    for setting in settings {
        let Some(id) = setting.storage_account_id.as_deref() else {
            continue;
        };
        let key = canonical_id(id);
        if !destinations.iter().any(|(k, _, _)| *k == key) {
            destinations.push((key, id, setting.name.as_str()));
        }
    }
    let subject = |id: &str| {
        let name = id.trim_end_matches('/').rsplit('/').next().unwrap_or(id);
        Subject::new(
            id,
            name,
            <StorageAccount as crate::snapshot::resource::Resource>::TYPE,
            None,
        )
    };
    let Some(accounts) = out.supporting(
        &snapshot.storage.accounts,
        "the storage account list",
        &destinations,
        |(_, id, _)| subject(id),
    ) else {
        return;
    };
    for (key, id, setting) in &destinations {
        match accounts.iter().find(|a| canonical_id(&a.id) == *key) {
            Some(account) => judge(out, account, setting),
            None => out.error(
                subject(id),
                format!(
                    "{id}: diagnostic setting {setting} exports the Activity Log to this storage account, which is outside the scan (not in the subscription's storage account list)"
                ),
            ),
        }
    }
}

/// `<account>: <path> is <value> (holds the Activity Log via <setting>)`.
pub fn describe(account: &StorageAccount, path: &str, shown: &str, setting: &str) -> String {
    format!(
        "{}: {path} is {shown} (it holds the Activity Log exported by diagnostic setting {setting})",
        account.label()
    )
}
