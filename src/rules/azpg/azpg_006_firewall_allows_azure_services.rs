//! AZPG-006: public PostgreSQL flexible servers admitting all Azure services (0.0.0.0 rule).

use crate::rules::check;
use crate::rules::shape::server_firewall::{Opening, WhenPrivate, judge_each};

pub const CHECK: crate::rules::Check = check!("azpg", "AZPG-006", sources: [PostgresServers, PostgresFirewallRules],
    run: |s, out| judge_each(out, &s.postgres.servers, Opening::AzureServices, WhenPrivate::NoResult));
