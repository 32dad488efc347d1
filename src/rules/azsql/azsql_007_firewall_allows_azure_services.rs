//! AZSQL-007: SQL servers with the 0.0.0.0–0.0.0.0 rule (all Azure services, any tenant).

use crate::rules::check;
use crate::rules::shape::server_firewall::{Opening, WhenPrivate, judge_each};

pub const CHECK: crate::rules::Check = check!("azsql", "AZSQL-007", sources: [SqlServers, SqlFirewallRules],
    run: |s, out| judge_each(out, &s.sql.servers, Opening::AzureServices, WhenPrivate::PassInert));
