//! AZSQL-006: SQL servers whose firewall rules admit every public address.

use crate::rules::check;
use crate::rules::shape::server_firewall::{Opening, WhenPrivate, judge_each};

pub const CHECK: crate::rules::Check = check!("azsql", "AZSQL-006", sources: [SqlServers, SqlFirewallRules],
    run: |s, out| judge_each(out, &s.sql.servers, Opening::Internet, WhenPrivate::PassInert));
