//! AZSQL-005: servers without advanced threat protection.

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("azsql", "AZSQL-005", sources: [SqlServers, SqlThreatProtection],
    run: |s, out| super::judge_state(s, out, "advanced threat protection settings",
        |server| &server.threat_protection, |settings| settings.state.as_deref(),
        "advanced threat protection state", "advancedThreatProtectionSettings.state"));
