//! AZST-019: table services without read, write and delete logging.

use crate::rules::check;
use crate::snapshot::storage::Service;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-019",
    sources: [StorageAccounts, StorageTableDiagnostics, StorageTableLogging],
    run: |s, out| super::judge_service_logging(out, s, Service::Table, |a| &a.table_diagnostic_settings,
        |a| &a.table_logging));
