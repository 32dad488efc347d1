//! App Service sites (web and function apps) with the `config/web` settings the AZAPP
//! checks judge; the site list's own `siteConfig` is not reliable, so it is not kept.

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WebData {
    #[serde(default)]
    pub sites: Fetched<Vec<Site>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `app`, `functionapp`, `functionapp,linux`, `app,linux,container`, ...
    pub kind: Option<String>,
    pub https_only: Option<bool>,
    /// `identity.type`: `SystemAssigned`, `UserAssigned`, both, or `None`.
    pub identity_type: Option<String>,
    /// `{siteId}/config/web`.
    pub config: Fetched<SiteConfig>,
}

impl Site {
    /// Function apps are sites too; reports say which kind they judged.
    pub fn kind_label(&self) -> &str {
        match self.kind.as_deref() {
            Some(kind) if kind.to_ascii_lowercase().contains("functionapp") => "function app",
            _ => "web app",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SiteConfig {
    /// `1.0`, `1.1`, `1.2`, `1.3`.
    pub min_tls_version: Option<String>,
    pub remote_debugging_enabled: Option<bool>,
    /// `AllAllowed`, `FtpsOnly` or `Disabled`.
    pub ftps_state: Option<String>,
}
