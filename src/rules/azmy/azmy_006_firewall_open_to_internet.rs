//! AZMY-006: MySQL flexible servers whose firewall admits every public address (public
//! access off passes without reading the rules; the message also names an "all Azure
//! services" rule).

use crate::rules::check;
use crate::rules::shape::server_firewall::{Opening, WhenPrivate, judge_each};

pub const CHECK: crate::rules::Check = check!("azmy", "AZMY-006", sources: [MysqlServers, MysqlFirewallRules],
    run: |s, out| judge_each(out, &s.mysql.servers, Opening::Internet, WhenPrivate::PassInert));
