//! AZFUNC-002 (opt-in, DP-4): function apps on an unsupported Functions runtime
//! (`FUNCTIONS_EXTENSION_VERSION` other than `~4` or `4.x`; missing falls back to an old
//! runtime). Flex Consumption apps always run v4.

use crate::rules::shape::{self, Resource};
use crate::rules::{Lifecycle, Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::web::Site;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azfunc", "AZFUNC-002",
sources: [Sites, SiteAppSettings], run: run,
lifecycle: Lifecycle::OptIn {
    reason: "reads app settings (POST config/appsettings/list), which needs Microsoft.Web/sites/config/list/action (Website Contributor), not Reader; only FUNCTIONS_EXTENSION_VERSION's value is kept",
});

const SETTING: &str = "FUNCTIONS_EXTENSION_VERSION";

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for site in shape::each(out, &snapshot.web.sites)
        .iter()
        .filter(|s| s.is_function_app())
    {
        judge(out, site);
    }
}

fn judge(out: &mut Verdicts, site: &Site) {
    if site.flex_consumption {
        let message = format!(
            "{}: a Flex Consumption app (functionAppConfig), which always runs Functions v4",
            site.label()
        );
        return out.pass(site.subject(), message, json!({ "flexConsumption": true }));
    }
    let what = format!("the app settings of {}", site.described());
    let Some(settings) = out.part(&site.app_settings, &site.subject(), &what) else {
        return;
    };
    let version = settings
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(SETTING))
        .and_then(|s| s.version.as_deref())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let supported = version.is_some_and(|v| v == "~4" || v.starts_with("4."));
    let message = match version {
        Some(v) => format!("{}: {SETTING} is {v}", site.label()),
        None => format!(
            "{}: {SETTING} is not set (the host falls back to an old runtime)",
            site.label()
        ),
    };
    out.judge(
        supported,
        site.subject(),
        message,
        json!({ SETTING: version, "flexConsumption": false }),
    );
}
