//! AZPG-009: PostgreSQL flexible servers without Microsoft Entra authentication.

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azpg", "AZPG-009", sources: [PostgresServers], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for server in each(out, &snapshot.postgres.servers) {
        let entra = server.active_directory_auth.as_deref();
        let password = server.password_auth.as_deref();
        let mut message = format!(
            "{}: authConfig.activeDirectoryAuth is {}",
            server.name,
            entra.unwrap_or("not set")
        );
        if eq_ci(entra, "Enabled") && eq_ci(password, "Enabled") {
            message.push_str(" (password authentication is still Enabled too)");
        }
        out.judge(
            eq_ci(entra, "Enabled"),
            server.subject(),
            message,
            json!({
                "authConfig.activeDirectoryAuth": entra,
                "authConfig.passwordAuth": password,
            }),
        );
    }
}
