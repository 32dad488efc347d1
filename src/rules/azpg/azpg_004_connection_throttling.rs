//! AZPG-004: PostgreSQL flexible servers without connection throttling.

use crate::rules::check;
use crate::rules::shape::parameter::Expected;

pub const CHECK: crate::rules::Check = check!("azpg", "AZPG-004", sources: [PostgresServers, PostgresParameters],
    run: |s, out| super::judge_parameter(s, out, "connection_throttle.enable", Expected::On));
