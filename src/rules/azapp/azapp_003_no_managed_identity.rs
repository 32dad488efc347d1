//! AZAPP-003: sites with no managed identity (`identity.type` absent or `None`).

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-003", sources: [Sites], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for site in out.judged_in_subscription(&snapshot.web.sites, "the App Service site list") {
        let value = site
            .identity_type
            .as_deref()
            .filter(|t| !t.trim().is_empty());
        let passed = value.is_some() && !eq_ci(value, "None");
        out.judge(
            passed,
            super::subject(site),
            format!(
                "{}: identity.type is {}",
                super::label(site),
                value.unwrap_or("not set")
            ),
            json!({ "kind": site.kind, "identity.type": value }),
        );
    }
}
