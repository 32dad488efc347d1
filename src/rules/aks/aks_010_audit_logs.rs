//! AKS-010: clusters whose Kubernetes API audit log (kube-audit or kube-audit-admin)
//! goes to no destination (D4; the `audit` and `allLogs` groups hold both).

use crate::rules::shape::diagnostics::{AUDIT_OR_ALL_LOGS, exporting};
use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aks", "AKS-010", sources: [ManagedClusters, ClusterDiagnostics], run: run);

const CATEGORIES: [&str; 2] = ["kube-audit", "kube-audit-admin"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    shape::each_part(
        out,
        &snapshot.aks.clusters,
        "diagnostic settings",
        |cluster| &cluster.diagnostic_settings,
        |out, cluster, settings| {
            let auditing: Vec<&str> = CATEGORIES
                .iter()
                .flat_map(|c| exporting(settings, c, AUDIT_OR_ALL_LOGS))
                .map(|s| s.name.as_str())
                .fold(Vec::new(), |mut names, name| {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                    names
                });
            let message = match (auditing.is_empty(), settings.is_empty()) {
                (false, _) => format!(
                    "{}: diagnostic setting {} exports the API server audit log",
                    cluster.name,
                    auditing.join(", ")
                ),
                (true, true) => format!("{}: no diagnostic settings", cluster.name),
                (true, false) => format!(
                    "{}: no diagnostic setting sends kube-audit or kube-audit-admin to a destination",
                    cluster.name
                ),
            };
            out.judge(
                !auditing.is_empty(),
                cluster.subject(),
                message,
                json!({
                    "diagnosticSettings": settings.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
                    "auditingSettings": auditing,
                }),
            );
        },
    );
}
