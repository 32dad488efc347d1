//! AZFUNC-001: function apps with an HTTP trigger callable anonymously (`authLevel`
//! anonymous), unless App Service Authentication rejects anonymous callers.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::web::{AuthSettings, Site};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azfunc", "AZFUNC-001",
    sources: [Sites, SiteFunctions, SiteAuthSettings], run: run);

/// Authentication turns anonymous callers away: enabled, required, and not
/// AllowAnonymous.
fn rejects_anonymous(auth: &AuthSettings) -> bool {
    auth.platform_enabled == Some(true)
        && auth.require_authentication == Some(true)
        && !eq_ci(
            auth.unauthenticated_client_action.as_deref(),
            "AllowAnonymous",
        )
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    shape::each_part_where(
        out,
        &snapshot.web.sites,
        Site::is_function_app,
        "function list (functions)",
        |site| &site.functions,
        |out, site, functions| {
            let anonymous: Vec<String> = functions
                .iter()
                .flat_map(|f| {
                    f.bindings
                        .iter()
                        .filter(|b| {
                            eq_ci(b.binding_type.as_deref(), "httpTrigger")
                                && eq_ci(b.auth_level.as_deref(), "anonymous")
                        })
                        .map(move |_| f.name.clone())
                })
                .collect();
            let evidence =
                json!({ "anonymousHttpTriggers": anonymous, "functions": functions.len() });
            if anonymous.is_empty() {
                let message = format!(
                    "{}: no anonymous HTTP trigger ({} functions)",
                    site.label(),
                    functions.len()
                );
                return out.pass(site.subject(), message, evidence);
            }
            let what = format!(
                "the authentication settings (config/authsettingsV2) of {}",
                site.described()
            );
            let Some(auth) = out.part(&site.auth_settings, &site.subject(), &what) else {
                return;
            };
            let names = anonymous.join(", ");
            if rejects_anonymous(auth) {
                let message = format!(
                    "{}: anonymous HTTP triggers {names}, but App Service Authentication rejects unauthenticated callers",
                    site.label()
                );
                out.pass(site.subject(), message, evidence);
            } else {
                let message = format!(
                    "{}: HTTP triggers callable anonymously: {names}",
                    site.label()
                );
                out.fail(site.subject(), message, evidence);
            }
        },
    );
}
