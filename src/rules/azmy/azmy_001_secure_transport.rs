//! AZMY-001: MySQL flexible servers that do not require TLS (`require_secure_transport` OFF).

use crate::rules::check;
use crate::rules::shape::parameter::Expected;

pub const CHECK: crate::rules::Check = check!("azmy", "AZMY-001", sources: [MysqlServers, MysqlParameters],
    run: |s, out| super::judge_parameter(s, out, "require_secure_transport", Expected::On));
