//! AZPG-006: public PostgreSQL flexible servers admitting all Azure services (0.0.0.0 rule).

use crate::rules::check;
use crate::rules::shape::server_firewall::Opening;

pub const CHECK: crate::rules::Check = check!("azpg", "AZPG-006", sources: [PostgresServers, PostgresFirewallRules],
    run: |s, out| super::judge_firewall(s, out, Opening::AzureServices));
