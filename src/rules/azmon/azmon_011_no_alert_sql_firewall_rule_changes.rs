//! AZMON-011: no enabled, subscription-wide alert with an action group watches sql firewall rule changes (M1).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("azmon", "AZMON-011", sources: [ActivityLogAlerts],
    run: |s, out| super::alert_coverage::judge(s, out, OPERATIONS));

const OPERATIONS: &[&str] = &[
    "Microsoft.Sql/servers/firewallRules/write",
    "Microsoft.Sql/servers/firewallRules/delete",
];
