//! AZST-002: accounts that accept plain-HTTP requests.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azst", "AZST-002", sources: [StorageAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for account in
        out.judged_in_subscription(&snapshot.storage.accounts, "the storage account list")
    {
        let value = account.supports_https_traffic_only;
        let shown = value.map_or("not set".to_string(), |v| v.to_string());
        out.judge(
            value == Some(true),
            super::subject(account),
            format!("{}: supportsHttpsTrafficOnly is {shown}", account.name),
            json!({ "supportsHttpsTrafficOnly": value }),
        );
    }
}
