//! App Service collector: the site list (web and function apps), then `config/web` per
//! site, concurrently; the list's embedded `siteConfig` is not reliable enough to judge.

use super::{Collector, Source, json};
use crate::snapshot::Fetched;
use crate::snapshot::web::{Site, SiteConfig, WebData};
use futures::future::join_all;
use serde_json::Value;

const API_VERSION: &str = "2024-04-01";
const SERVICE: &str = "web";

pub async fn collect(c: &Collector) -> WebData {
    if !c.plan.wants_any(&[Source::Sites, Source::SiteConfigs]) {
        return WebData::default();
    }
    let path = c.sub_path("/providers/Microsoft.Web/sites");
    let listed = c.arm_list(SERVICE, &path, API_VERSION).await;
    let sites = match listed.map(|items| items.iter().map(parse_site).collect::<Vec<_>>()) {
        Fetched::Ok(sites) => sites,
        unavailable => return WebData { sites: unavailable },
    };
    if !c.plan.wants(Source::SiteConfigs) {
        return WebData {
            sites: Fetched::Ok(sites),
        };
    }
    let sites = join_all(sites.into_iter().map(|mut site| async move {
        site.config = config(c, &site.id).await;
        site
    }))
    .await;
    WebData {
        sites: Fetched::Ok(sites),
    }
}

async fn config(c: &Collector, site_id: &str) -> Fetched<SiteConfig> {
    let path = format!("{}/config/web", site_id.trim_end_matches('/'));
    // Any error, 404 included, leaves the site's configuration unknown.
    let answer = c.arm_get(&path, API_VERSION).await;
    c.fetched(SERVICE, answer).map(|v| SiteConfig {
        min_tls_version: json::string(&v, "/properties/minTlsVersion"),
        remote_debugging_enabled: json::boolean(&v, "/properties/remoteDebuggingEnabled"),
        ftps_state: json::string(&v, "/properties/ftpsState"),
    })
}

pub(super) fn parse_site(v: &Value) -> Site {
    Site {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        kind: json::string(v, "/kind"),
        https_only: json::boolean(v, "/properties/httpsOnly"),
        identity_type: json::string(v, "/identity/type"),
        config: Fetched::NotCollected,
    }
}
