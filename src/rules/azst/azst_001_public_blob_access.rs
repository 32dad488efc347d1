//! AZST-001: accounts that allow anonymous (public) access to blobs.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azst", "AZST-001", sources: [StorageAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for account in
        out.judged_in_subscription(&snapshot.storage.accounts, "the storage account list")
    {
        let value = account.allow_blob_public_access;
        let evidence = json!({ "allowBlobPublicAccess": value });
        let message = match value {
            Some(false) => format!("{}: allowBlobPublicAccess is false", account.name),
            Some(true) => format!("{}: allowBlobPublicAccess is true", account.name),
            // Accounts created before the property existed default to allowing it.
            None => format!(
                "{}: allowBlobPublicAccess is not set (older accounts allow public blob access by default)",
                account.name
            ),
        };
        out.judge(
            value == Some(false),
            super::subject(account),
            message,
            evidence,
        );
    }
}
