//! AZST-004: accounts whose minimum TLS version is below 1.2 (or not a version at all).

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azst", "AZST-004", sources: [StorageAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for account in
        out.judged_in_subscription(&snapshot.storage.accounts, "the storage account list")
    {
        let value = account.minimum_tls_version.as_deref();
        // Compared as numbers so TLS1_3 and any later version pass.
        let passed = value
            .and_then(super::tls_version)
            .is_some_and(|version| version >= (1, 2));
        out.judge(
            passed,
            super::subject(account),
            format!(
                "{}: minimumTlsVersion is {}",
                account.name,
                value.unwrap_or("not set")
            ),
            json!({ "minimumTlsVersion": value }),
        );
    }
}
