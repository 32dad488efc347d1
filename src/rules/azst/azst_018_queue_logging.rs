//! AZST-018: queue services without read, write and delete logging.

use crate::rules::check;
use crate::snapshot::storage::Service;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-018",
    sources: [StorageAccounts, StorageQueueDiagnostics, StorageQueueLogging],
    run: |s, out| super::judge_service_logging(out, s, Service::Queue, |a| &a.queue_diagnostic_settings,
        |a| &a.queue_logging));
