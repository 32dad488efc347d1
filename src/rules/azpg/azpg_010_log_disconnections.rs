//! AZPG-010: PostgreSQL flexible servers that do not log disconnections.

use crate::rules::check;
use crate::rules::shape::parameter::Expected;

pub const CHECK: crate::rules::Check = check!("azpg", "AZPG-010", sources: [PostgresServers, PostgresParameters],
    run: |s, out| super::judge_parameter(s, out, "log_disconnections", Expected::On));
