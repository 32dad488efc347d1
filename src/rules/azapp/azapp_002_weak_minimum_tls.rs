//! AZAPP-002: sites whose minimum inbound TLS version is below 1.2 (or not a version).

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azapp", "AZAPP-002", sources: [Sites, SiteConfigs], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::judge_configs(snapshot, out, |site, config, out| {
        let value = config.min_tls_version.as_deref();
        // As numbers, not text, so "1.3" (and any later version) passes.
        let passed = value
            .and_then(super::tls_version)
            .is_some_and(|version| version >= (1, 2));
        out.judge(
            passed,
            super::subject(site),
            format!(
                "{}: minTlsVersion is {}",
                super::label(site),
                value.unwrap_or("not set")
            ),
            json!({ "kind": site.kind, "minTlsVersion": value }),
        );
    });
}
