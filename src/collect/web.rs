//! App Service collector: the site list (web and function apps), then `config/web` per
//! site, concurrently; the list's embedded `siteConfig` is not reliable enough to judge,
//! and app settings and connection strings are never read.

use super::calls::{SITE_CONFIG, SITES};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::Fetched;
use crate::snapshot::web::{Site, SiteConfig, WebData};

pub async fn collect(c: &Collector) -> WebData {
    if !c.plan.wants_any(&[Source::Sites, Source::SiteConfigs]) {
        return WebData::default();
    }
    let mut sites = c.list(&SITES, parse_site).await;
    if let Fetched::Ok(sites) = &mut sites
        && c.plan.wants(Source::SiteConfigs)
    {
        let read = async |site: &Site| c.get_under(&SITE_CONFIG, &site.id, parse_config).await;
        c.children(sites, read, |site, config| site.config = config)
            .await;
    }
    WebData { sites }
}

pub(super) fn parse_config(r: &Reader) -> SiteConfig {
    SiteConfig {
        min_tls_version: r.string("/properties/minTlsVersion"),
        remote_debugging_enabled: r.boolean("/properties/remoteDebuggingEnabled"),
        ftps_state: r.string("/properties/ftpsState"),
    }
}

pub(super) fn parse_site(r: &Reader) -> Site {
    Site {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        kind: r.string("/kind"),
        https_only: r.boolean("/properties/httpsOnly"),
        identity_type: r.string("/identity/type"),
        config: Fetched::NotCollected,
    }
}
