//! AZAPP-007: web apps that do not require client certificates (`clientCertEnabled`
//! with `clientCertMode` Required, or null: the meaning of enabled before modes existed).

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-007", sources: [Sites], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for site in shape::each(out, &snapshot.web.sites)
        .iter()
        .filter(|s| s.is_web_app())
    {
        let enabled = site.client_cert_enabled;
        let mode = site
            .client_cert_mode
            .as_deref()
            .filter(|m| !m.trim().is_empty());
        let required = enabled == Some(true) && mode.is_none_or(|m| eq_ci(Some(m), "Required"));
        let message = format!(
            "{}: clientCertEnabled is {}, clientCertMode is {}",
            site.label(),
            enabled.map_or("not set (false)".to_string(), |e| e.to_string()),
            mode.unwrap_or("not set")
        );
        out.judge(
            required,
            site.subject(),
            message,
            json!({ "clientCertEnabled": enabled, "clientCertMode": mode, "kind": site.kind }),
        );
    }
}
