//! AZMON-013: a storage account holding the Activity Log allows public blob access.

use super::activity_log_storage::{describe, each_destination};
use crate::rules::shape::Resource;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azmon", "AZMON-013",
    sources: [SubscriptionDiagnostics, StorageAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    each_destination(snapshot, out, |out, account, setting| {
        let value = account.allow_blob_public_access;
        let shown = value.map_or("not set".to_string(), |v| v.to_string());
        out.judge(
            value == Some(false),
            account.subject(),
            describe(account, "allowBlobPublicAccess", &shown, setting),
            json!({ "allowBlobPublicAccess": value, "diagnosticSetting": setting }),
        );
    });
}
