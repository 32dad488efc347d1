//! AZST-012: blob accounts without blob soft delete.

use crate::rules::check;
use crate::rules::shape::Resource;
use crate::snapshot::storage::Service;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-012",
sources: [StorageAccounts, StorageBlobService],
run: |s, out| super::each_service(out, s, Service::Blob, |a| &a.blob_service,
    |out, account, blob| {
        let enabled = blob.delete_retention_enabled;
        let days = blob.delete_retention_days;
        let shown = match (enabled, days) {
            (Some(true), Some(days)) => format!("true ({days} days)"),
            (Some(value), _) => value.to_string(),
            (None, _) => "not set (disabled)".to_string(),
        };
        out.judge(
            enabled == Some(true),
            account.subject(),
            format!("{}: deleteRetentionPolicy.enabled is {shown}", account.label()),
            json!({
                "deleteRetentionPolicy.enabled": enabled,
                "deleteRetentionPolicy.days": days,
            }),
        );
    }));
