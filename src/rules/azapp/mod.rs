//! App Service checks (AZAPP-*): web and function apps alike.

mod azapp_001_https_not_enforced;
mod azapp_002_weak_minimum_tls;
mod azapp_003_no_managed_identity;
mod azapp_004_remote_debugging_enabled;
mod azapp_005_ftp_not_disabled;

use super::{Check, Subject, Verdicts};
use crate::snapshot::Snapshot;
use crate::snapshot::web::{Site, SiteConfig};

pub const CHECKS: &[Check] = &[
    azapp_001_https_not_enforced::CHECK,
    azapp_002_weak_minimum_tls::CHECK,
    azapp_003_no_managed_identity::CHECK,
    azapp_004_remote_debugging_enabled::CHECK,
    azapp_005_ftp_not_disabled::CHECK,
];

fn subject(site: &Site) -> Subject {
    Subject::new(
        &site.id,
        &site.name,
        "Microsoft.Web/sites",
        site.location.as_deref(),
    )
}

/// `web app my-site` / `function app my-func`: how messages name a site.
fn label(site: &Site) -> String {
    format!("{} {}", site.kind_label(), site.name)
}

/// Runs `judge` on each site whose `config/web` was read; a site whose configuration
/// could not be read gets ERROR instead of a guess.
fn judge_configs(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    mut judge: impl FnMut(&Site, &SiteConfig, &mut Verdicts),
) {
    for site in out.judged_in_subscription(&snapshot.web.sites, "the App Service site list") {
        match site.config.ok() {
            Some(config) => judge(site, config, out),
            None => {
                let what = format!("the configuration (config/web) of {}", label(site));
                let reason = site.config.unavailable_reason(&what).unwrap_or_default();
                out.error(subject(site), reason);
            }
        }
    }
}

/// `1.2` → (1, 2); anything that is not a `major.minor` version → None.
fn tls_version(value: &str) -> Option<(u32, u32)> {
    let (major, minor) = value.trim().split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tls_versions_compare_as_numbers() {
        assert_eq!(super::tls_version("1.2"), Some((1, 2)));
        assert!(super::tls_version("1.10").unwrap() > super::tls_version("1.3").unwrap());
        assert_eq!(super::tls_version("TLS1_2"), None);
        assert_eq!(super::tls_version("1"), None);
    }
}
