//! App Service checks (AZAPP-*): web and function apps alike.

mod azapp_001_https_not_enforced;
mod azapp_002_weak_minimum_tls;
mod azapp_003_no_managed_identity;
mod azapp_004_remote_debugging_enabled;
mod azapp_005_ftp_not_disabled;
mod azapp_006_http2_not_enabled;
mod azapp_007_client_certificates_not_required;
mod azapp_008_authentication_not_enabled;
mod azapp_009_basic_auth_publishing;
mod azapp_010_public_network_access;
mod azapp_011_cors_any_origin;
mod azapp_012_end_of_life_runtime;
mod azapp_013_http_logs_not_collected;
mod azapp_014_plaintext_secret_setting;

use super::shape::{self, Resource};
use super::{Check, Verdicts};
use crate::snapshot::Snapshot;
use crate::snapshot::web::{Site, SiteConfig};
use serde_json::{Value, json};

pub const CHECKS: &[Check] = &[
    azapp_001_https_not_enforced::CHECK,
    azapp_002_weak_minimum_tls::CHECK,
    azapp_003_no_managed_identity::CHECK,
    azapp_004_remote_debugging_enabled::CHECK,
    azapp_005_ftp_not_disabled::CHECK,
    azapp_006_http2_not_enabled::CHECK,
    azapp_007_client_certificates_not_required::CHECK,
    azapp_008_authentication_not_enabled::CHECK,
    azapp_009_basic_auth_publishing::CHECK,
    azapp_010_public_network_access::CHECK,
    azapp_011_cors_any_origin::CHECK,
    azapp_012_end_of_life_runtime::CHECK,
    azapp_013_http_logs_not_collected::CHECK,
    azapp_014_plaintext_secret_setting::CHECK,
];

impl Resource for Site {
    const LIST: &'static str = "the App Service site list";

    /// `web app my-site` / `function app my-func`: results say which kind they judged.
    fn label(&self) -> String {
        format!("{} {}", self.kind_label(), self.name)
    }

    fn described(&self) -> String {
        self.label()
    }

    fn context(&self) -> Option<(&'static str, Value)> {
        Some(("kind", json!(self.kind)))
    }
}

/// Runs `judge` on each site whose `config/web` was read; a site whose configuration
/// could not be read gets ERROR instead of a guess.
fn judge_configs(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    judge: impl FnMut(&mut Verdicts, &Site, &SiteConfig),
) {
    shape::each_part(
        out,
        &snapshot.web.sites,
        "configuration (config/web)",
        |site| &site.config,
        judge,
    );
}
