//! AZPG-002: PostgreSQL flexible servers that do not log checkpoints.

use crate::rules::check;
use crate::rules::shape::parameter::Expected;

pub const CHECK: crate::rules::Check = check!("azpg", "AZPG-002", sources: [PostgresServers, PostgresParameters],
    run: |s, out| super::judge_parameter(s, out, "log_checkpoints", Expected::On));
