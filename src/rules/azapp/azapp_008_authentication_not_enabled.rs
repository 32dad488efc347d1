//! AZAPP-008: web apps without App Service Authentication (`authsettingsV2`
//! `platform.enabled` not true).

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::web::Site;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azapp", "AZAPP-008", sources: [Sites, SiteAuthSettings], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    shape::each_part_where(
        out,
        &snapshot.web.sites,
        Site::is_web_app,
        "authentication settings (config/authsettingsV2)",
        |site| &site.auth_settings,
        |out, site, auth| {
            let enabled = auth.platform_enabled;
            let action = auth.unauthenticated_client_action.as_deref();
            let message = match enabled {
                Some(true) => format!(
                    "{}: platform.enabled is true (unauthenticated callers: {})",
                    site.label(),
                    action.unwrap_or("not set")
                ),
                Some(false) => format!("{}: platform.enabled is false", site.label()),
                None => format!("{}: platform.enabled is not set (disabled)", site.label()),
            };
            out.judge(
                enabled == Some(true),
                site.subject(),
                message,
                json!({
                    "platform.enabled": enabled,
                    "globalValidation.unauthenticatedClientAction": action,
                    "kind": site.kind,
                }),
            );
        },
    );
}
