//! AZST-020: blob services without read, write and delete logging.

use crate::rules::check;
use crate::snapshot::storage::Service;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-020",
    sources: [StorageAccounts, StorageBlobDiagnostics, StorageBlobLogging],
    run: |s, out| super::judge_service_logging(out, s, Service::Blob, |a| &a.blob_diagnostic_settings,
        |a| &a.blob_logging));
