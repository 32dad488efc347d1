//! AZSQL-002: servers without server-level auditing.

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("azsql", "AZSQL-002", sources: [SqlServers, SqlAuditing],
    run: |s, out| super::judge_state(s, out, "auditing settings", |server| &server.auditing,
        |settings| settings.state.as_deref(), "auditing state", "auditingSettings.state"));
