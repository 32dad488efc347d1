//! ENTRA-024: no trusted IP named location defined.

use super::{POLICIES, judged};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-024", sources: [GraphNamedLocations], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(locations) = judged(
        out,
        &snapshot.entra.named_locations,
        "the Conditional Access named locations",
        &POLICIES,
    ) else {
        return;
    };
    let trusted: Vec<&str> = locations
        .iter()
        .filter(|l| {
            l.odata_type.as_deref().is_some_and(|t| {
                t.trim()
                    .trim_start_matches('#')
                    .eq_ignore_ascii_case("microsoft.graph.ipNamedLocation")
            }) && l.is_trusted == Some(true)
        })
        .map(|l| l.display_name.as_deref().unwrap_or(&l.id))
        .collect();
    let tenant = out.tenant();
    let evidence = json!({ "trustedIpLocations": trusted, "namedLocations": locations.len() });
    if trusted.is_empty() {
        out.fail(
            tenant,
            format!(
                "no IP named location is marked trusted ({} named locations read)",
                locations.len()
            ),
            evidence,
        );
    } else {
        out.pass(
            tenant,
            format!("trusted IP named locations: {}", trusted.join(", ")),
            evidence,
        );
    }
}
