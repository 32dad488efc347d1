//! Azure SQL server checks (AZSQL-*).

mod azsql_001_tde_without_customer_key;
mod azsql_002_auditing_disabled;
mod azsql_003_public_network_access;
mod azsql_004_no_entra_admin;
mod azsql_005_threat_protection_disabled;

use super::{Check, Subject, Verdicts};
use crate::snapshot::sql::SqlServer;
use crate::snapshot::{Fetched, Snapshot};

pub const CHECKS: &[Check] = &[
    azsql_001_tde_without_customer_key::CHECK,
    azsql_002_auditing_disabled::CHECK,
    azsql_003_public_network_access::CHECK,
    azsql_004_no_entra_admin::CHECK,
    azsql_005_threat_protection_disabled::CHECK,
];

fn subject(server: &SqlServer) -> Subject {
    Subject::new(
        &server.id,
        &server.name,
        "Microsoft.Sql/servers",
        server.location.as_deref(),
    )
}

fn servers<'s>(snapshot: &'s Snapshot, out: &mut Verdicts) -> &'s [SqlServer] {
    out.judged_in_subscription(&snapshot.sql.servers, "the SQL server list")
}

/// Runs `judge` on each server's `part` (one sub-resource); a server whose part could
/// not be read gets ERROR for this check only.
fn judge_part<T>(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    what: &str,
    part: fn(&SqlServer) -> &Fetched<T>,
    mut judge: impl FnMut(&SqlServer, &T, &mut Verdicts),
) {
    for server in servers(snapshot, out) {
        match part(server) {
            Fetched::Ok(value) => judge(server, value, out),
            unavailable => {
                let what = format!("the {what} of SQL server {}", server.name);
                let reason = unavailable.unavailable_reason(&what).unwrap_or_default();
                out.error(subject(server), reason);
            }
        }
    }
}
