//! AZMON-006: Log Analytics workspaces keeping data less than 365 days.

use crate::rules::check;
use crate::rules::shape::property;
use crate::snapshot::monitor::Workspace;

const REQUIRED_DAYS: i64 = 365;

pub const CHECK: crate::rules::Check = check!("azmon", "AZMON-006", sources: [Workspaces],
    run: |s, out| property::judge_each(out, &s.monitor.workspaces, "retentionInDays",
        |w| w.retention_in_days, "not set (default 30 days)",
        |days| days.unwrap_or(Workspace::DEFAULT_RETENTION_DAYS) >= REQUIRED_DAYS));
