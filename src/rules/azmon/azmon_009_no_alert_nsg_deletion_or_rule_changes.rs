//! AZMON-009: no enabled, subscription-wide alert with an action group watches nsg deletion or rule changes (M1).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("azmon", "AZMON-009", sources: [ActivityLogAlerts],
    run: |s, out| super::alert_coverage::judge(s, out, OPERATIONS));

const OPERATIONS: &[&str] = &[
    "Microsoft.Network/networkSecurityGroups/delete",
    "Microsoft.Network/networkSecurityGroups/securityRules/write",
    "Microsoft.Network/networkSecurityGroups/securityRules/delete",
];
