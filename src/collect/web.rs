//! App Service collector: the site list (web and function apps), then per site,
//! concurrently, the sub-reads the selected checks need: `config/web` (the list's
//! embedded `siteConfig` is not reliable enough to judge), authentication settings,
//! basic-auth publishing policies, diagnostic settings (web apps), private endpoint
//! connections (only where `publicNetworkAccess` is the platform default), the functions
//! of function apps and, for the opt-in checks, app settings and connection strings,
//! whose values are reduced to facts here, before anything is stored or logged. The
//! runtime stacks are read once per scan.

use super::calls::{
    DIAGNOSTIC_SETTINGS, FUNCTION_APP_STACKS, SITE_APP_SETTINGS, SITE_AUTH_SETTINGS, SITE_CONFIG,
    SITE_CONNECTION_STRINGS, SITE_FTP_PUBLISHING, SITE_FUNCTIONS, SITE_PRIVATE_ENDPOINTS,
    SITE_SCM_PUBLISHING, SITES, WEB_APP_STACKS,
};
use super::json::Reader;
use super::{Collector, Source, identity, monitor};
use crate::snapshot::Fetched;
use crate::snapshot::monitor::DiagnosticSetting;
use crate::snapshot::web::{
    AuthSettings, Binding, Function, IpRestriction, PublishingPolicy, SettingFacts, Site,
    SiteConfig, StackRuntime, WebData,
};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// The sources read from the site list and its per-site sub-reads.
const SITE_SOURCES: [Source; 10] = [
    Source::Sites,
    Source::SiteConfigs,
    Source::SiteAuthSettings,
    Source::SiteFtpPublishing,
    Source::SiteScmPublishing,
    Source::SiteDiagnostics,
    Source::SitePrivateEndpoints,
    Source::SiteFunctions,
    Source::SiteAppSettings,
    Source::SiteConnectionStrings,
];

pub async fn collect(c: &Collector) -> WebData {
    let stacks = [Source::WebAppStacks, Source::FunctionAppStacks];
    if !c.plan.wants_any(&SITE_SOURCES) && !c.plan.wants_any(&stacks) {
        return WebData::default();
    }
    let (sites, web_app_stacks, function_app_stacks) = tokio::join!(
        sites(c),
        async {
            if !c.plan.wants(Source::WebAppStacks) {
                return Fetched::NotCollected;
            }
            c.list(&WEB_APP_STACKS, parse_stack).await.map(flatten)
        },
        async {
            if !c.plan.wants(Source::FunctionAppStacks) {
                return Fetched::NotCollected;
            }
            c.list(&FUNCTION_APP_STACKS, parse_stack).await.map(flatten)
        },
    );
    WebData {
        sites,
        web_app_stacks,
        function_app_stacks,
    }
}

async fn sites(c: &Collector) -> Fetched<Vec<Site>> {
    if !c.plan.wants_any(&SITE_SOURCES) {
        return Fetched::NotCollected;
    }
    let mut sites = c.list(&SITES, parse_site).await;
    if let Fetched::Ok(sites) = &mut sites {
        c.children(sites, async |site: &Site| details(c, site).await, store)
            .await;
    }
    sites
}

/// What one site's sub-reads return, in `store`'s order.
struct Details {
    config: Fetched<SiteConfig>,
    auth: Fetched<AuthSettings>,
    ftp: Fetched<PublishingPolicy>,
    scm: Fetched<PublishingPolicy>,
    diagnostics: Fetched<Vec<DiagnosticSetting>>,
    endpoints: Fetched<Vec<Option<String>>>,
    functions: Fetched<Vec<Function>>,
    app_settings: Fetched<Vec<SettingFacts>>,
    connection_strings: Fetched<Vec<SettingFacts>>,
}

async fn details(c: &Collector, site: &Site) -> Details {
    let id = site.id.as_str();
    let wanted = |source| c.plan.wants(source);
    let public_default = site
        .public_network_access
        .as_deref()
        .is_none_or(|v| v.trim().is_empty());
    let ((config, auth, ftp, scm), (diagnostics, endpoints, functions), (app, strings)) = tokio::join!(
        async {
            tokio::join!(
                async {
                    if !wanted(Source::SiteConfigs) {
                        return Fetched::NotCollected;
                    }
                    c.get_under(&SITE_CONFIG, id, parse_config).await
                },
                async {
                    // App Service Authentication: web apps (AZAPP-008) and function
                    // apps (AZFUNC-001).
                    if !wanted(Source::SiteAuthSettings)
                        || !(site.is_web_app() || site.is_function_app())
                    {
                        return Fetched::NotCollected;
                    }
                    c.get_under(&SITE_AUTH_SETTINGS, id, parse_auth).await
                },
                async {
                    if !wanted(Source::SiteFtpPublishing) {
                        return Fetched::NotCollected;
                    }
                    c.get_under(&SITE_FTP_PUBLISHING, id, parse_policy).await
                },
                async {
                    if !wanted(Source::SiteScmPublishing) {
                        return Fetched::NotCollected;
                    }
                    c.get_under(&SITE_SCM_PUBLISHING, id, parse_policy).await
                },
            )
        },
        async {
            tokio::join!(
                async {
                    if !wanted(Source::SiteDiagnostics) || !site.is_web_app() {
                        return Fetched::NotCollected;
                    }
                    c.list_under(&DIAGNOSTIC_SETTINGS, id, monitor::parse_diagnostic_setting)
                        .await
                },
                async {
                    if !wanted(Source::SitePrivateEndpoints) || !public_default {
                        return Fetched::NotCollected;
                    }
                    c.list_under(&SITE_PRIVATE_ENDPOINTS, id, |r| {
                        r.string("/properties/privateLinkServiceConnectionState/status")
                    })
                    .await
                },
                async {
                    if !wanted(Source::SiteFunctions) || !site.is_function_app() {
                        return Fetched::NotCollected;
                    }
                    c.list_under(&SITE_FUNCTIONS, id, parse_function).await
                },
            )
        },
        async {
            tokio::join!(
                async {
                    if !wanted(Source::SiteAppSettings) {
                        return Fetched::NotCollected;
                    }
                    c.post_under(&SITE_APP_SETTINGS, id, |r| {
                        reduce_settings(r.value(), |v| v.as_str())
                    })
                    .await
                },
                async {
                    if !wanted(Source::SiteConnectionStrings) {
                        return Fetched::NotCollected;
                    }
                    c.post_under(&SITE_CONNECTION_STRINGS, id, |r| {
                        reduce_settings(r.value(), |v| v.get("value").and_then(Value::as_str))
                    })
                    .await
                },
            )
        },
    );
    Details {
        config,
        auth,
        ftp,
        scm,
        diagnostics,
        endpoints,
        functions,
        app_settings: app,
        connection_strings: strings,
    }
}

fn store(site: &mut Site, details: Details) {
    site.config = details.config;
    site.auth_settings = details.auth;
    site.ftp_publishing = details.ftp;
    site.scm_publishing = details.scm;
    site.diagnostic_settings = details.diagnostics;
    site.private_endpoint_connections = details.endpoints;
    site.functions = details.functions;
    site.app_settings = details.app_settings;
    site.connection_strings = details.connection_strings;
}

/// The only app setting whose value is kept: a Functions runtime version, not a secret.
const VERSION_SETTING: &str = "FUNCTIONS_EXTENSION_VERSION";

/// Reduces `properties` of an app-settings or connection-strings answer to facts per
/// name (non-empty, Key Vault reference); `value` picks the secret out of an entry. No
/// value leaves this function except `FUNCTIONS_EXTENSION_VERSION`'s.
pub(super) fn reduce_settings(
    answer: &Value,
    value: impl Fn(&Value) -> Option<&str>,
) -> Vec<SettingFacts> {
    let Some(entries) = answer.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut facts: Vec<SettingFacts> = entries
        .iter()
        .map(|(name, entry)| {
            let secret = value(entry).map(str::trim).unwrap_or("");
            SettingFacts {
                name: name.clone(),
                non_empty: !secret.is_empty(),
                key_vault_reference: secret.starts_with("@Microsoft.KeyVault("),
                version: name
                    .eq_ignore_ascii_case(VERSION_SETTING)
                    .then(|| secret.to_string()),
            }
        })
        .collect();
    facts.sort_by(|a, b| a.name.cmp(&b.name));
    facts
}

pub(super) fn parse_config(r: &Reader) -> SiteConfig {
    SiteConfig {
        min_tls_version: r.string("/properties/minTlsVersion"),
        remote_debugging_enabled: r.boolean("/properties/remoteDebuggingEnabled"),
        ftps_state: r.string("/properties/ftpsState"),
        http20_enabled: r.boolean("/properties/http20Enabled"),
        cors_allowed_origins: r
            .object("/properties/cors")
            .map(|cors| cors.strings("/allowedOrigins")),
        ip_security_restrictions_default_action: r
            .string("/properties/ipSecurityRestrictionsDefaultAction"),
        ip_security_restrictions: r
            .items("/properties/ipSecurityRestrictions")
            .iter()
            .map(|rule| IpRestriction {
                name: rule.string("/name"),
                action: rule.string("/action"),
                ip_address: rule.string("/ipAddress"),
                tag: rule.string("/tag"),
            })
            .collect(),
        linux_fx_version: r.string("/properties/linuxFxVersion"),
        net_framework_version: r.string("/properties/netFrameworkVersion"),
        php_version: r.string("/properties/phpVersion"),
        python_version: r.string("/properties/pythonVersion"),
        java_version: r.string("/properties/javaVersion"),
        node_version: r.string("/properties/nodeVersion"),
        power_shell_version: r.string("/properties/powerShellVersion"),
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
        identity: identity::parse_identity(r),
        client_cert_enabled: r.boolean("/properties/clientCertEnabled"),
        client_cert_mode: r.string("/properties/clientCertMode"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        flex_consumption: r.object("/properties/functionAppConfig").is_some(),
        ..Site::default()
    }
}

pub(super) fn parse_auth(r: &Reader) -> AuthSettings {
    AuthSettings {
        platform_enabled: r.boolean("/properties/platform/enabled"),
        require_authentication: r.boolean("/properties/globalValidation/requireAuthentication"),
        unauthenticated_client_action: r
            .string("/properties/globalValidation/unauthenticatedClientAction"),
    }
}

pub(super) fn parse_policy(r: &Reader) -> PublishingPolicy {
    PublishingPolicy {
        allow: r.boolean("/properties/allow"),
    }
}

/// A function and its bindings; `properties.config` may arrive as a JSON string.
pub(super) fn parse_function(r: &Reader) -> Function {
    let name = r.string("/name").unwrap_or_default();
    // `{app}/{function}`: the function's own name is the last segment.
    let name = name.rsplit('/').next().unwrap_or_default().to_string();
    let embedded = r
        .value()
        .pointer("/properties/config")
        .and_then(Value::as_str)
        .and_then(|text| serde_json::from_str::<Value>(text).ok());
    let bindings = match &embedded {
        Some(config) => read_bindings(config.get("bindings")),
        None => r
            .items("/properties/config/bindings")
            .iter()
            .map(|b| Binding {
                name: b.string("/name"),
                binding_type: b.string("/type"),
                auth_level: b.string("/authLevel"),
            })
            .collect(),
    };
    Function {
        id: r.string("/id").unwrap_or_default(),
        name,
        bindings,
    }
}

fn read_bindings(bindings: Option<&Value>) -> Vec<Binding> {
    let text = |b: &Value, key: &str| b.get(key).and_then(Value::as_str).map(str::to_string);
    bindings
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|b| Binding {
                    name: text(b, "name"),
                    binding_type: text(b, "type"),
                    auth_level: text(b, "authLevel"),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// One stack of the stacks API, as (stack, OS, runtime) rows before flattening.
pub(super) fn parse_stack(r: &Reader) -> Vec<StackRuntime> {
    let stack = r
        .string("/properties/value")
        .or_else(|| r.string("/name"))
        .unwrap_or_default();
    let mut rows = Vec::new();
    for major in r.items("/properties/majorVersions") {
        for minor in major.items("/minorVersions") {
            for (os, pointer) in [
                ("linux", "/stackSettings/linuxRuntimeSettings"),
                ("windows", "/stackSettings/windowsRuntimeSettings"),
            ] {
                let Some(settings) = minor.object(pointer) else {
                    continue;
                };
                let Some(runtime_version) = settings
                    .string("/runtimeVersion")
                    .filter(|v| !v.trim().is_empty())
                else {
                    continue;
                };
                let written = settings
                    .string("/endOfLifeDate")
                    .filter(|d| !d.trim().is_empty());
                let end_of_life_date = written.as_deref().and_then(stack_date);
                rows.push(StackRuntime {
                    stack: stack.clone(),
                    os: os.to_string(),
                    runtime_version,
                    is_deprecated: settings.boolean("/isDeprecated"),
                    end_of_life_date,
                    end_of_life_unreadable: written.filter(|_| end_of_life_date.is_none()),
                });
            }
        }
    }
    rows
}

/// A stacks `endOfLifeDate`: RFC 3339 (`2026-11-10T00:00:00Z`, any offset), or the
/// JavaScript date text Microsoft's own example shows
/// (`Mon Sep 21 2020 00:00:00 GMT+0000 (Greenwich Mean Time)`).
fn stack_date(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if let Ok(date) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(date);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let [_weekday, month, day, year, clock, zone, ..] = words[..] else {
        return None;
    };
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month))
        .and_then(|i| Month::try_from(i as u8 + 1).ok())?;
    let date = Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()?;
    let clock: Vec<u8> = clock
        .split(':')
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    let [hours, minutes, seconds] = clock[..] else {
        return None;
    };
    let time = Time::from_hms(hours, minutes, seconds).ok()?;
    let offset = zone.strip_prefix("GMT")?;
    let (sign, digits) = match offset.split_at_checked(1)? {
        ("+", digits) => (1, digits),
        ("-", digits) => (-1, digits),
        _ => return None,
    };
    if digits.len() != 4 {
        return None;
    }
    let hours: i8 = digits[..2].parse().ok()?;
    let minutes: i8 = digits[2..].parse().ok()?;
    let offset = UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn flatten(stacks: Vec<Vec<StackRuntime>>) -> Vec<StackRuntime> {
    stacks.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_values_are_reduced_to_facts_before_they_are_kept() {
        let answer = json!({"properties": {
            "DB_PASSWORD": "hunter2-very-secret",
            "API_TOKEN": "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/t)",
            "EMPTY_SECRET": "  ",
            "FUNCTIONS_EXTENSION_VERSION": "~4"
        }});
        let facts = reduce_settings(&answer, |v| v.as_str());
        let kept = serde_json::to_string(&facts).unwrap();
        assert!(!kept.contains("hunter2"), "{kept}");
        assert!(!kept.contains("SecretUri"), "{kept}");
        let by_name = |n: &str| facts.iter().find(|f| f.name == n).unwrap().clone();
        assert!(by_name("DB_PASSWORD").non_empty && !by_name("DB_PASSWORD").key_vault_reference);
        assert!(by_name("API_TOKEN").key_vault_reference);
        assert!(!by_name("EMPTY_SECRET").non_empty);
        assert_eq!(
            by_name("FUNCTIONS_EXTENSION_VERSION").version.as_deref(),
            Some("~4")
        );
        assert_eq!(by_name("DB_PASSWORD").version, None);
        let strings =
            json!({"properties": {"Main": {"value": "Server=x;Password=p", "type": "SQLAzure"}}});
        let facts = reduce_settings(&strings, |v| v.get("value").and_then(Value::as_str));
        assert_eq!(facts[0].name, "Main");
        assert!(
            facts[0].non_empty
                && !serde_json::to_string(&facts)
                    .unwrap()
                    .contains("Password=p")
        );
    }

    #[test]
    fn stack_dates_are_read_in_both_spellings_the_api_sends() {
        let utc = |y, m, d| {
            PrimitiveDateTime::new(Date::from_calendar_date(y, m, d).unwrap(), Time::MIDNIGHT)
                .assume_utc()
        };
        assert_eq!(
            stack_date("2026-11-10T00:00:00Z"),
            Some(utc(2026, Month::November, 10))
        );
        assert_eq!(
            stack_date("Mon Sep 21 2020 00:00:00 GMT+0000 (Greenwich Mean Time)"),
            Some(utc(2020, Month::September, 21))
        );
        assert_eq!(
            stack_date("Tue Apr 30 2024 02:00:00 GMT+0200 (Central European Summer Time)"),
            Some(utc(2024, Month::April, 30))
        );
        // Microsoft's own example has a five-digit year: not a date.
        assert_eq!(stack_date("Mon Sep 21 20201 00:00:00 GMT+0000"), None);
        assert_eq!(stack_date("soon"), None);
    }

    #[test]
    fn function_bindings_are_read_from_an_object_or_a_json_string() {
        let problems = std::cell::RefCell::new(Vec::new());
        let as_text = json!({"name": "func-a/HttpHello", "properties": {"config":
            "{\"bindings\":[{\"type\":\"httpTrigger\",\"authLevel\":\"Anonymous\",\"name\":\"req\"}]}"}});
        let f = parse_function(&Reader::new(&as_text, &problems));
        assert_eq!(f.name, "HttpHello");
        assert_eq!(f.bindings[0].auth_level.as_deref(), Some("Anonymous"));
        let as_object = json!({"name": "func-a/Timer", "properties": {"config":
            {"bindings": [{"type": "timerTrigger", "name": "t"}]}}});
        let f = parse_function(&Reader::new(&as_object, &problems));
        assert_eq!(f.bindings[0].binding_type.as_deref(), Some("timerTrigger"));
        assert!(problems.borrow().is_empty());
    }
}
