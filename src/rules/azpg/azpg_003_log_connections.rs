//! AZPG-003: PostgreSQL flexible servers that do not log connections.

use crate::rules::check;
use crate::rules::shape::parameter::Expected;

pub const CHECK: crate::rules::Check = check!("azpg", "AZPG-003", sources: [PostgresServers, PostgresParameters],
    run: |s, out| super::judge_parameter(s, out, "log_connections", Expected::On));
