//! AZPG-001: PostgreSQL flexible servers that do not require TLS (`require_secure_transport` off).

use crate::rules::check;
use crate::rules::shape::parameter::Expected;

pub const CHECK: crate::rules::Check = check!("azpg", "AZPG-001", sources: [PostgresServers, PostgresParameters],
    run: |s, out| super::judge_parameter(s, out, "require_secure_transport", Expected::On));
