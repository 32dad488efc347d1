//! AZMON-014: a storage account holding the Activity Log is not encrypted with a
//! customer-managed key.

use super::activity_log_storage::{describe, each_destination};
use crate::rules::shape::Resource;
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azmon", "AZMON-014",
    sources: [SubscriptionDiagnostics, StorageAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    each_destination(snapshot, out, |out, account, setting| {
        let value = account.encryption_key_source.as_deref();
        out.judge(
            eq_ci(value, "Microsoft.Keyvault"),
            account.subject(),
            describe(
                account,
                "encryption.keySource",
                value.unwrap_or("not set (Microsoft.Storage)"),
                setting,
            ),
            json!({ "encryption.keySource": value, "diagnosticSetting": setting }),
        );
    });
}
