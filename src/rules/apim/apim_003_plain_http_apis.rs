//! APIM-003: API Management services with APIs that accept plain HTTP (`http` or
//! `ws`); every API returned is judged, non-current revisions too.

use crate::rules::shape::{Resource, each_part};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("apim", "APIM-003",
    sources: [ApiManagementServices, ApiManagementApis], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    each_part(
        out,
        &snapshot.apim.services,
        "API list",
        |s| &s.apis,
        |out, service, apis| {
            let plain: Vec<&str> = apis
                .iter()
                .filter(|api| {
                    api.protocols.iter().any(|p| {
                        ["http", "ws"]
                            .iter()
                            .any(|w| p.trim().eq_ignore_ascii_case(w))
                    })
                })
                .map(|api| api.display_name.as_deref().unwrap_or(&api.name))
                .collect();
            let message = if plain.is_empty() {
                format!(
                    "{}: none of its {} API(s) accepts http or ws",
                    service.label(),
                    apis.len()
                )
            } else {
                format!(
                    "{}: API(s) accepting http or ws: {}",
                    service.label(),
                    plain.join(", ")
                )
            };
            out.judge(
                plain.is_empty(),
                service.subject(),
                message,
                json!({ "apis": apis.len(), "plainHttpApis": plain }),
            );
        },
    );
}
