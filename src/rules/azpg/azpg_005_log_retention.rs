//! AZPG-005: PostgreSQL flexible servers keeping server logs 3 days or less (CIS: more than 3).

use crate::rules::check;
use crate::rules::shape::parameter::Expected;

pub const CHECK: crate::rules::Check = check!("azpg", "AZPG-005", sources: [PostgresServers, PostgresParameters],
    run: |s, out| super::judge_parameter(s, out, "logfiles.retention_days", Expected::Above(3.0)));
