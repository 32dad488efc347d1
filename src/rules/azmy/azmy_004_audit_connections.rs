//! AZMY-004: MySQL flexible servers whose audit log does not record connections.

use crate::rules::shape::Resource;
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azmy", "AZMY-004", sources: [MysqlServers, MysqlParameters], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::each_with_parameters(snapshot, out, |out, server, parameters| {
        let name = &server.name;
        let Some(events) = super::value_of(parameters, "audit_log_events") else {
            out.error(
                server.subject(),
                format!("{name}: parameter audit_log_events is not in the server's list"),
            );
            return;
        };
        let records = super::entries(events)
            .iter()
            .any(|e| e.eq_ignore_ascii_case("CONNECTION"));
        let enabled = super::value_of(parameters, "audit_log_enabled").flatten();
        let mut message = format!(
            "{name}: audit_log_events is {}",
            match events {
                Some(v) if !v.trim().is_empty() => v.to_string(),
                _ => "empty (nothing audited)".to_string(),
            }
        );
        if eq_ci(enabled, "OFF") {
            message.push_str("; audit_log_enabled is OFF too");
        }
        out.judge(
            records,
            server.subject(),
            message,
            json!({ "audit_log_events": events, "audit_log_enabled": enabled }),
        );
    });
}
