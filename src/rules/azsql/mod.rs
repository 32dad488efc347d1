//! Azure SQL server checks (AZSQL-*).

mod azsql_001_tde_without_customer_key;
mod azsql_002_auditing_disabled;
mod azsql_003_public_network_access;
mod azsql_004_no_entra_admin;
mod azsql_005_threat_protection_disabled;

use super::shape::{self, Resource};
use super::{Check, Verdicts};
use crate::snapshot::sql::SqlServer;
use crate::snapshot::{Fetched, Snapshot, eq_ci};
use serde_json::{Map, Value, json};

pub const CHECKS: &[Check] = &[
    azsql_001_tde_without_customer_key::CHECK,
    azsql_002_auditing_disabled::CHECK,
    azsql_003_public_network_access::CHECK,
    azsql_004_no_entra_admin::CHECK,
    azsql_005_threat_protection_disabled::CHECK,
];

shape::named_resource!(SqlServer, list: "the SQL server list", called: "SQL server");

/// A server setting whose `state` must be Enabled (AZSQL-002 auditing, AZSQL-005 threat
/// protection): `<server>: <said> is <state>`, evidence keyed by `path`.
fn judge_state<S>(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    what: &str,
    part: fn(&SqlServer) -> &Fetched<S>,
    state: fn(&S) -> Option<&str>,
    said: &str,
    path: &str,
) {
    shape::each_part(
        out,
        &snapshot.sql.servers,
        what,
        part,
        |out, server, settings| {
            let state = state(settings);
            let mut evidence = Map::new();
            evidence.insert(path.to_string(), json!(state));
            out.judge(
                eq_ci(state, "Enabled"),
                server.subject(),
                format!("{}: {said} is {}", server.name, state.unwrap_or("not set")),
                Value::Object(evidence),
            );
        },
    );
}
