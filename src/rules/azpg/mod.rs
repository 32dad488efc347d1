//! Azure Database for PostgreSQL flexible server checks (AZPG-*).

mod azpg_001_secure_transport;
mod azpg_002_log_checkpoints;
mod azpg_003_log_connections;
mod azpg_004_connection_throttling;
mod azpg_005_log_retention;
mod azpg_006_firewall_allows_azure_services;
mod azpg_007_firewall_open_to_internet;
mod azpg_008_public_network_access;
mod azpg_009_entra_authentication;
mod azpg_010_log_disconnections;

use super::shape::parameter::{self, Expected};
use super::shape::{self};
use super::{Check, Verdicts};
use crate::snapshot::Snapshot;
use crate::snapshot::postgres::PostgresServer;

pub const CHECKS: &[Check] = &[
    azpg_001_secure_transport::CHECK,
    azpg_002_log_checkpoints::CHECK,
    azpg_003_log_connections::CHECK,
    azpg_004_connection_throttling::CHECK,
    azpg_005_log_retention::CHECK,
    azpg_006_firewall_allows_azure_services::CHECK,
    azpg_007_firewall_open_to_internet::CHECK,
    azpg_008_public_network_access::CHECK,
    azpg_009_entra_authentication::CHECK,
    azpg_010_log_disconnections::CHECK,
];

shape::named_resource!(PostgresServer, list: "the PostgreSQL flexible server list",
    called: "PostgreSQL flexible server");

/// A server parameter of every server against `expected` (D6).
fn judge_parameter(snapshot: &Snapshot, out: &mut Verdicts, name: &str, expected: Expected) {
    shape::each_part(
        out,
        &snapshot.postgres.servers,
        "server parameters (configurations)",
        |server| &server.parameters,
        |out, server, parameters| parameter::verdict(out, server, parameters, name, expected),
    );
}
