//! AZAPP-013: web apps whose HTTP logs (`AppServiceHTTPLogs`) go to no destination.

use crate::rules::shape::diagnostics::{ALL_LOGS, exporting};
use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::web::Site;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azapp", "AZAPP-013", sources: [Sites, SiteDiagnostics], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    shape::each_part_where(
        out,
        &snapshot.web.sites,
        Site::is_web_app,
        "diagnostic settings",
        |site| &site.diagnostic_settings,
        |out, site, settings| {
            let names: Vec<&str> = exporting(settings, "AppServiceHTTPLogs", ALL_LOGS)
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            let message = match (names.first(), settings.is_empty()) {
                (Some(_), _) => format!(
                    "{}: diagnostic setting {} exports AppServiceHTTPLogs",
                    site.label(),
                    names.join(", ")
                ),
                (None, true) => format!("{}: no diagnostic settings", site.label()),
                (None, false) => format!(
                    "{}: no diagnostic setting sends AppServiceHTTPLogs to a destination",
                    site.label()
                ),
            };
            out.judge(
                !names.is_empty(),
                site.subject(),
                message,
                json!({
                    "diagnosticSettings": settings.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
                    "exportingHttpLogs": names,
                    "kind": site.kind,
                }),
            );
        },
    );
}
