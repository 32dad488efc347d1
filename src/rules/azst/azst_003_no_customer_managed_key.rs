//! AZST-003: accounts encrypted with Microsoft-managed rather than customer-managed keys.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azst", "AZST-003", sources: [StorageAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for account in
        out.judged_in_subscription(&snapshot.storage.accounts, "the storage account list")
    {
        let source = account.encryption_key_source.as_deref();
        out.judge(
            eq_ci(source, "Microsoft.Keyvault"),
            super::subject(account),
            format!(
                "{}: encryption.keySource is {}",
                account.name,
                source.unwrap_or("not set")
            ),
            json!({ "encryption.keySource": source }),
        );
    }
}
