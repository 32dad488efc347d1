//! Azure SQL server checks (AZSQL-*).

mod azsql_001_tde_without_customer_key;
mod azsql_002_auditing_disabled;
mod azsql_003_public_network_access;
mod azsql_004_no_entra_admin;
mod azsql_005_threat_protection_disabled;
mod azsql_006_firewall_open_to_internet;
mod azsql_007_firewall_allows_azure_services;
mod azsql_008_audit_retention;
mod azsql_009_vulnerability_assessment;
mod azsql_010_minimal_tls;
mod azsql_011_entra_only_authentication;
mod azsql_012_database_tde;
mod azsql_013_managed_instance_public_endpoint;

use super::shape::{self, Resource};
use super::{Check, Verdicts};
use crate::snapshot::sql::{ManagedInstance, SqlDatabase, SqlServer};
use crate::snapshot::{Fetched, Snapshot, eq_ci};
use serde_json::{Map, Value, json};

pub const CHECKS: &[Check] = &[
    azsql_001_tde_without_customer_key::CHECK,
    azsql_002_auditing_disabled::CHECK,
    azsql_003_public_network_access::CHECK,
    azsql_004_no_entra_admin::CHECK,
    azsql_005_threat_protection_disabled::CHECK,
    azsql_006_firewall_open_to_internet::CHECK,
    azsql_007_firewall_allows_azure_services::CHECK,
    azsql_008_audit_retention::CHECK,
    azsql_009_vulnerability_assessment::CHECK,
    azsql_010_minimal_tls::CHECK,
    azsql_011_entra_only_authentication::CHECK,
    azsql_012_database_tde::CHECK,
    azsql_013_managed_instance_public_endpoint::CHECK,
];

shape::named_resource!(SqlServer, list: "the SQL server list", called: "SQL server");
shape::named_resource!(SqlDatabase, list: "the SQL database list", called: "SQL database");
shape::named_resource!(ManagedInstance, list: "the SQL managed instance list", called: "SQL managed instance");

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
