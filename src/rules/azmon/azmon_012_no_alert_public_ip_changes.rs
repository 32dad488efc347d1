//! AZMON-012: no enabled, subscription-wide alert with an action group watches public ip changes (M1).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("azmon", "AZMON-012", sources: [ActivityLogAlerts],
    run: |s, out| super::alert_coverage::judge(s, out, OPERATIONS));

const OPERATIONS: &[&str] = &[
    "Microsoft.Network/publicIPAddresses/write",
    "Microsoft.Network/publicIPAddresses/delete",
];
