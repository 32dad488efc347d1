//! Azure Database for MySQL flexible server checks (AZMY-*).

mod azmy_001_secure_transport;
mod azmy_002_tls_version;
mod azmy_003_audit_log;
mod azmy_004_audit_connections;
mod azmy_005_public_network_access;
mod azmy_006_firewall_open_to_internet;

use super::shape::parameter::{self, Expected};
use super::shape::{self};
use super::{Check, Verdicts};
use crate::snapshot::Snapshot;
use crate::snapshot::mysql::MysqlServer;
use crate::snapshot::postgres::ServerParameter;

pub const CHECKS: &[Check] = &[
    azmy_001_secure_transport::CHECK,
    azmy_002_tls_version::CHECK,
    azmy_003_audit_log::CHECK,
    azmy_004_audit_connections::CHECK,
    azmy_005_public_network_access::CHECK,
    azmy_006_firewall_open_to_internet::CHECK,
];

shape::named_resource!(MysqlServer, list: "the MySQL flexible server list",
    called: "MySQL flexible server");

/// What the server parameters hold for each server; a server whose parameters could
/// not be read is one ERROR for the check.
fn each_with_parameters(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    judge: impl FnMut(&mut Verdicts, &MysqlServer, &[ServerParameter]),
) {
    let mut judge = judge;
    shape::each_part(
        out,
        &snapshot.mysql.servers,
        "server parameters (configurations)",
        |server| &server.parameters,
        |out, server, parameters| judge(out, server, parameters),
    );
}

/// A server parameter of every server against `expected` (D6).
fn judge_parameter(snapshot: &Snapshot, out: &mut Verdicts, name: &str, expected: Expected) {
    each_with_parameters(snapshot, out, |out, server, parameters| {
        parameter::verdict(out, server, parameters, name, expected)
    });
}

/// The value of parameter `name`: `None` when the list lacks it, else its value.
fn value_of<'a>(parameters: &'a [ServerParameter], name: &str) -> Option<Option<&'a str>> {
    parameters
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
        .map(|p| p.value.as_deref())
}

/// A comma-separated value split into trimmed, non-empty entries.
fn entries(value: Option<&str>) -> Vec<&str> {
    value
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect()
}
