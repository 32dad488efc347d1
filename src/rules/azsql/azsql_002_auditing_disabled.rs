//! AZSQL-002: servers without server-level auditing.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azsql", "AZSQL-002", sources: [SqlServers, SqlAuditing], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::judge_part(
        snapshot,
        out,
        "auditing settings",
        |server| &server.auditing,
        |server, settings, out| {
            let state = settings.state.as_deref();
            out.judge(
                eq_ci(state, "Enabled"),
                super::subject(server),
                format!(
                    "{}: auditing state is {}",
                    server.name,
                    state.unwrap_or("not set")
                ),
                json!({ "auditingSettings.state": state }),
            );
        },
    );
}
