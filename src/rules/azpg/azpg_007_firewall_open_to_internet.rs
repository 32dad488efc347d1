//! AZPG-007: public PostgreSQL flexible servers whose firewall admits every public address.

use crate::rules::check;
use crate::rules::shape::server_firewall::{Opening, WhenPrivate, judge_each};

pub const CHECK: crate::rules::Check = check!("azpg", "AZPG-007", sources: [PostgresServers, PostgresFirewallRules],
    run: |s, out| judge_each(out, &s.postgres.servers, Opening::Internet, WhenPrivate::NoResult));
