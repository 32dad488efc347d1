//! AZMY-002: MySQL flexible servers accepting TLS below 1.2 (`tls_version` entries).

use crate::rules::shape::Resource;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azmy", "AZMY-002", sources: [MysqlServers, MysqlParameters], run: run);

const MODERN: [&str; 2] = ["TLSv1.2", "TLSv1.3"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::each_with_parameters(snapshot, out, |out, server, parameters| {
        let name = &server.name;
        let Some(value) = super::value_of(parameters, "tls_version") else {
            out.error(
                server.subject(),
                format!("{name}: parameter tls_version is not in the server's list"),
            );
            return;
        };
        let entries = super::entries(value);
        if entries.is_empty() {
            out.error(
                server.subject(),
                format!("{name}: tls_version is empty, so the accepted versions are unknown"),
            );
            return;
        }
        let old: Vec<&str> = entries
            .iter()
            .copied()
            .filter(|e| !MODERN.iter().any(|m| e.eq_ignore_ascii_case(m)))
            .collect();
        let message = match old.is_empty() {
            true => format!("{name}: tls_version is {}", value.unwrap_or_default()),
            false => format!(
                "{name}: tls_version is {} (accepts {})",
                value.unwrap_or_default(),
                old.join(", ")
            ),
        };
        out.judge(
            old.is_empty(),
            server.subject(),
            message,
            json!({ "tls_version": value }),
        );
    });
}
