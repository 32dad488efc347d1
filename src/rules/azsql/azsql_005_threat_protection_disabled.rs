//! AZSQL-005: servers without advanced threat protection.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azsql", "AZSQL-005", sources: [SqlServers, SqlThreatProtection], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::judge_part(
        snapshot,
        out,
        "advanced threat protection settings",
        |server| &server.threat_protection,
        |server, settings, out| {
            let state = settings.state.as_deref();
            out.judge(
                eq_ci(state, "Enabled"),
                super::subject(server),
                format!(
                    "{}: advanced threat protection state is {}",
                    server.name,
                    state.unwrap_or("not set")
                ),
                json!({ "advancedThreatProtectionSettings.state": state }),
            );
        },
    );
}
