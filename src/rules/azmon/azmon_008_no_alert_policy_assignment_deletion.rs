//! AZMON-008: no enabled, subscription-wide alert with an action group watches policy assignment deletion (M1).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("azmon", "AZMON-008", sources: [ActivityLogAlerts],
    run: |s, out| super::alert_coverage::judge(s, out, OPERATIONS));

const OPERATIONS: &[&str] = &["Microsoft.Authorization/policyAssignments/delete"];
