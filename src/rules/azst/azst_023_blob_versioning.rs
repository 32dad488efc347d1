//! AZST-023: blob accounts without blob versioning.

use crate::rules::check;
use crate::rules::shape::property;
use crate::snapshot::storage::Service;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-023",
sources: [StorageAccounts, StorageBlobService],
run: |s, out| super::each_service(out, s, Service::Blob, |a| &a.blob_service,
    |out, account, blob| {
        let enabled = blob.is_versioning_enabled;
        property::judge(out, account, "isVersioningEnabled", enabled,
            "not set (disabled)", property::is_true(enabled));
    }));
