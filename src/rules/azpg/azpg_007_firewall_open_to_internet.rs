//! AZPG-007: public PostgreSQL flexible servers whose firewall admits every public address.

use crate::rules::check;
use crate::rules::shape::server_firewall::Opening;

pub const CHECK: crate::rules::Check = check!("azpg", "AZPG-007", sources: [PostgresServers, PostgresFirewallRules],
    run: |s, out| super::judge_firewall(s, out, Opening::Internet));
