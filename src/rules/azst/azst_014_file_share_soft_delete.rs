//! AZST-014: file accounts without file share soft delete.

use crate::rules::check;
use crate::rules::shape::property;
use crate::snapshot::storage::Service;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-014",
sources: [StorageAccounts, StorageFileService],
run: |s, out| super::each_service(out, s, Service::File, |a| &a.file_service,
    |out, account, file| {
        let enabled = file.share_delete_retention_enabled;
        property::judge(out, account, "shareDeleteRetentionPolicy.enabled", enabled,
            "not set (disabled)", property::is_true(enabled));
    }));
