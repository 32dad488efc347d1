//! AZMON-010: no enabled, subscription-wide alert with an action group watches security solution changes (M1).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("azmon", "AZMON-010", sources: [ActivityLogAlerts],
    run: |s, out| super::alert_coverage::judge(s, out, OPERATIONS));

const OPERATIONS: &[&str] = &[
    "Microsoft.Security/securitySolutions/write",
    "Microsoft.Security/securitySolutions/delete",
];
