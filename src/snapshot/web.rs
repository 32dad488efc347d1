//! App Service sites (web and function apps) with the `config/web` settings the AZAPP
//! checks judge and the per-site sub-reads later checks need (authentication, publishing
//! credentials policies, diagnostic settings, private endpoints, functions, and, for the
//! opt-in checks, app settings reduced to facts); plus the runtime stacks, read once.
//! The site list's own `siteConfig` is not reliable, so it is not kept.

use super::Fetched;
use super::identity::Identity;
use super::monitor::DiagnosticSetting;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WebData {
    #[serde(default)]
    pub sites: Fetched<Vec<Site>>,
    /// `GET /providers/Microsoft.Web/webAppStacks`, one row per OS runtime version.
    #[serde(default)]
    pub web_app_stacks: Fetched<Vec<StackRuntime>>,
    /// `GET /providers/Microsoft.Web/functionAppStacks`, likewise.
    #[serde(default)]
    pub function_app_stacks: Fetched<Vec<StackRuntime>>,
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
    /// `identity`: the site's managed identities (RBAC-007).
    pub identity: Option<Identity>,
    /// `{siteId}/config/web`.
    pub config: Fetched<SiteConfig>,
    pub client_cert_enabled: Option<bool>,
    /// `Required`, `Optional`, `OptionalInteractiveUser`.
    pub client_cert_mode: Option<String>,
    /// `Enabled`, `Disabled`, or null/`""` (the platform default).
    pub public_network_access: Option<String>,
    /// `properties.functionAppConfig` is present: a Flex Consumption function app.
    pub flex_consumption: bool,
    /// `{siteId}/config/authsettingsV2`.
    pub auth_settings: Fetched<AuthSettings>,
    /// `{siteId}/basicPublishingCredentialsPolicies/ftp` (404: the default, allowed).
    pub ftp_publishing: Fetched<PublishingPolicy>,
    /// `{siteId}/basicPublishingCredentialsPolicies/scm`.
    pub scm_publishing: Fetched<PublishingPolicy>,
    /// `{siteId}/providers/Microsoft.Insights/diagnosticSettings` (web apps only).
    pub diagnostic_settings: Fetched<Vec<DiagnosticSetting>>,
    /// `{siteId}/privateEndpointConnections`: the status of each (read only when
    /// `publicNetworkAccess` is the platform default).
    pub private_endpoint_connections: Fetched<Vec<Option<String>>>,
    /// `{siteId}/functions` (function apps only).
    pub functions: Fetched<Vec<Function>>,
    /// Opt-in: `POST {siteId}/config/appsettings/list`, values reduced to facts.
    pub app_settings: Fetched<Vec<SettingFacts>>,
    /// Opt-in: `POST {siteId}/config/connectionstrings/list`, values reduced to facts.
    pub connection_strings: Fetched<Vec<SettingFacts>>,
}

impl Site {
    /// Function apps are sites too; reports say which kind they judged.
    pub fn kind_label(&self) -> &str {
        if self.has_kind("workflowapp") {
            "logic app"
        } else if self.has_kind("functionapp") {
            "function app"
        } else {
            "web app"
        }
    }

    /// Whether `kind`, split on `,`, holds `token` (case-insensitive).
    pub fn has_kind(&self, token: &str) -> bool {
        self.kind.as_deref().is_some_and(|kind| {
            kind.split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(token))
        })
    }

    /// A web app: neither a function app nor a Logic Apps Standard workflow app.
    pub fn is_web_app(&self) -> bool {
        !self.has_kind("functionapp") && !self.has_kind("workflowapp")
    }

    /// A function app that is not a Logic Apps Standard workflow app (AZFUNC).
    pub fn is_function_app(&self) -> bool {
        self.has_kind("functionapp") && !self.has_kind("workflowapp")
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
    pub http20_enabled: Option<bool>,
    /// `cors.allowedOrigins`; None when `cors` is null.
    pub cors_allowed_origins: Option<Vec<String>>,
    /// `Allow` or `Deny`.
    pub ip_security_restrictions_default_action: Option<String>,
    pub ip_security_restrictions: Vec<IpRestriction>,
    /// `PYTHON|3.12`, `DOCKER|nginx`, ... (Linux).
    pub linux_fx_version: Option<String>,
    pub net_framework_version: Option<String>,
    pub php_version: Option<String>,
    pub python_version: Option<String>,
    pub java_version: Option<String>,
    pub node_version: Option<String>,
    pub power_shell_version: Option<String>,
}

/// One access restriction rule of `config/web`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IpRestriction {
    pub name: Option<String>,
    pub action: Option<String>,
    pub ip_address: Option<String>,
    pub tag: Option<String>,
}

/// `config/authsettingsV2` as the GET form returns it (no secrets).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthSettings {
    pub platform_enabled: Option<bool>,
    pub require_authentication: Option<bool>,
    /// `RedirectToLoginPage`, `AllowAnonymous`, `Return401`, `Return403`, `Return404`.
    pub unauthenticated_client_action: Option<String>,
}

/// A basic-auth publishing credentials policy; a 404 reads as the default (`allow` null).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PublishingPolicy {
    pub allow: Option<bool>,
}

/// One function of a function app, with its bindings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Function {
    pub id: String,
    pub name: String,
    pub bindings: Vec<Binding>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Binding {
    pub name: Option<String>,
    /// `httpTrigger`, `timerTrigger`, `http`, ...
    pub binding_type: Option<String>,
    /// `anonymous`, `function`, `admin`.
    pub auth_level: Option<String>,
}

/// What azscan keeps of one app setting or connection string: never its value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingFacts {
    pub name: String,
    pub non_empty: bool,
    /// The value is a Key Vault reference (`@Microsoft.KeyVault(`).
    pub key_vault_reference: bool,
    /// The value itself, kept only for `FUNCTIONS_EXTENSION_VERSION` (a version, not a
    /// secret).
    pub version: Option<String>,
}

/// One runtime version of a stack, for one OS.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StackRuntime {
    /// The stack's `value`: `dotnet`, `python`, `node`, `java`, `php`, `powershell`.
    pub stack: String,
    /// `linux` or `windows`.
    pub os: String,
    /// `PYTHON|3.12` on Linux, `3.12` or `v4.0` on Windows.
    pub runtime_version: String,
    pub is_deprecated: Option<bool>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub end_of_life_date: Option<OffsetDateTime>,
    /// An `endOfLifeDate` that is neither RFC 3339 nor the JavaScript date text the
    /// stacks API also sends: the version cannot be judged.
    pub end_of_life_unreadable: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(kind: Option<&str>) -> Site {
        Site {
            kind: kind.map(str::to_string),
            ..Site::default()
        }
    }

    #[test]
    fn kinds_are_split_on_commas_and_compared_case_insensitively() {
        assert!(site(Some("app")).is_web_app());
        assert!(site(None).is_web_app());
        assert!(site(Some("app,linux,container")).is_web_app());
        let function = site(Some("FunctionApp, linux"));
        assert!(function.is_function_app() && !function.is_web_app());
        assert_eq!(function.kind_label(), "function app");
        let logic = site(Some("functionapp,workflowapp"));
        assert!(!logic.is_function_app() && !logic.is_web_app());
        assert_eq!(logic.kind_label(), "logic app");
        // A token, not a substring: `myfunctionapp` is not a function app.
        assert!(site(Some("myfunctionapp")).is_web_app());
    }
}
