//! AZMY-003: MySQL flexible servers with the audit log off.

use crate::rules::check;
use crate::rules::shape::parameter::Expected;

pub const CHECK: crate::rules::Check = check!("azmy", "AZMY-003", sources: [MysqlServers, MysqlParameters],
    run: |s, out| super::judge_parameter(s, out, "audit_log_enabled", Expected::On));
