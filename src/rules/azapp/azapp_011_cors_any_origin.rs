//! AZAPP-011: sites whose CORS policy admits any origin (`cors.allowedOrigins` holds
//! `*`); subdomain wildcards are named, not failed.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azapp", "AZAPP-011", sources: [Sites, SiteConfigs], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    shape::each_part(
        out,
        &snapshot.web.sites,
        "configuration (config/web)",
        |site| &site.config,
        |out, site, config| {
            let origins = config.cors_allowed_origins.as_deref().unwrap_or_default();
            let any = origins.iter().any(|o| o.trim() == "*");
            let wildcards: Vec<&str> = origins
                .iter()
                .map(|o| o.trim())
                .filter(|o| *o != "*" && o.contains('*'))
                .collect();
            let mut message = match (&config.cors_allowed_origins, any) {
                (None, _) => format!("{}: cors is not set (no cross-origin access)", site.label()),
                (Some(_), true) => {
                    format!("{}: cors.allowedOrigins holds * (any origin)", site.label())
                }
                (Some(_), false) if origins.is_empty() => {
                    format!("{}: cors.allowedOrigins is empty", site.label())
                }
                (Some(_), false) => format!(
                    "{}: cors.allowedOrigins is {}",
                    site.label(),
                    origins.join(", ")
                ),
            };
            if !wildcards.is_empty() {
                message.push_str(&format!(" (subdomain wildcards: {})", wildcards.join(", ")));
            }
            out.judge(
                !any,
                site.subject(),
                message,
                json!({ "cors.allowedOrigins": config.cors_allowed_origins, "kind": site.kind }),
            );
        },
    );
}
