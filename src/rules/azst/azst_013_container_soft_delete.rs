//! AZST-013: blob accounts without container soft delete.

use crate::rules::check;
use crate::rules::shape::property;
use crate::snapshot::storage::Service;

// Microsoft's BlobServicesGet example omits the policy: that shape fails.
pub const CHECK: crate::rules::Check = check!("azst", "AZST-013",
sources: [StorageAccounts, StorageBlobService],
run: |s, out| super::each_service(out, s, Service::Blob, |a| &a.blob_service,
    |out, account, blob| {
        let enabled = blob.container_delete_retention_enabled;
        property::judge(out, account, "containerDeleteRetentionPolicy.enabled", enabled,
            "not set (disabled)", property::is_true(enabled));
    }));
