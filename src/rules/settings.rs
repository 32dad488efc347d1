//! Check settings: the typed sections of `azscan.toml` that checks read through
//! `Verdicts::settings` (thresholds, lists, opt-in checks), validated before anything is
//! scanned. Every problem names the file and line, like suppression errors do.
//!
//! ```toml
//! [checks]
//! enable = ["AKV-010"]                   # opt-in checks to run
//! [storage]
//! sas_max_expiration = "0.01:00:00"      # TimeSpan d.hh:mm:ss (default: 1 hour)
//! classic_logging = true                 # AZST-018…020 also read the data plane (DP-1)
//! [defender]
//! min_secure_score_percent = 80          # 0–100; unset: the score is only reported
//! [vm]
//! approved_extensions = ["Microsoft.Azure.Monitor/AzureMonitorLinuxAgent"]
//! [keyvault]
//! max_cert_validity_days = 397           # longest certificate validity (default: 397)
//! [locks]
//! critical_types = ["Microsoft.Storage/storageAccounts"]   # default: six critical types
//! [entra]
//! guest_inactive_days = 90               # 1–3650 (default: 90)
//! ```

use super::catalog;
use serde::{Deserialize, Serialize};
use std::fmt;
use toml::Spanned;

/// The settings in force for one scan; `Settings::default()` when there is no file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    pub checks: CheckSettings,
    pub storage: StorageSettings,
    pub defender: DefenderSettings,
    pub vm: VmSettings,
    pub keyvault: KeyVaultSettings,
    pub locks: LockSettings,
    pub entra: EntraSettings,
    pub monitor: MonitorSettings,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CheckSettings {
    /// Opt-in checks to run (IDs, upper case), from `checks.enable` and `--enable-checks`.
    pub enable: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorageSettings {
    /// Longest SAS expiration period a storage account's SAS policy may allow.
    pub sas_max_expiration: TimeSpan,
    /// AZST-018…020's optional branch (DP-1): read classic Storage Analytics logging
    /// from each account's data plane. Off by default (it needs data-plane rights and
    /// network reach).
    pub classic_logging: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DefenderSettings {
    /// Secure score percentage below which the score check FAILs; None: only reported.
    pub min_secure_score_percent: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VmSettings {
    /// Approved VM extensions as `Publisher/Type`; None: extensions are listed for review.
    pub approved_extensions: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyVaultSettings {
    /// Longest validity (`exp` − `nbf`) a Key Vault certificate may have, in days.
    pub max_cert_validity_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LockSettings {
    /// ARM resource types LOCK-001 treats as critical (`Namespace/type`, compared
    /// case-insensitively).
    pub critical_types: Vec<String>,
}

impl Default for LockSettings {
    fn default() -> LockSettings {
        LockSettings {
            // CHECKS-2 LOCK-001's default list.
            critical_types: [
                "Microsoft.Storage/storageAccounts",
                "Microsoft.KeyVault/vaults",
                "Microsoft.RecoveryServices/vaults",
                "Microsoft.Sql/servers",
                "Microsoft.DocumentDB/databaseAccounts",
                "Microsoft.OperationalInsights/workspaces",
            ]
            .map(str::to_string)
            .to_vec(),
        }
    }
}

impl LockSettings {
    pub fn is_critical(&self, resource_type: &str) -> bool {
        self.critical_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case(resource_type))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntraSettings {
    /// Days without a sign-in after which an enabled guest FAILs ENTRA-025.
    pub guest_inactive_days: u32,
}

impl Default for EntraSettings {
    fn default() -> EntraSettings {
        // CIS: review guests without a sign-in in 90 days.
        EntraSettings {
            guest_inactive_days: 90,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MonitorSettings {
    /// Resource types whose diagnostic settings AZMON-016 judges (`Namespace/type`);
    /// None: CHECKS-2's M2 list (`snapshot::monitor::DIAGNOSTIC_RESOURCE_TYPES`).
    pub diagnostic_resource_types: Option<Vec<String>>,
}

impl MonitorSettings {
    /// The types in force: the configured list, or M2's.
    pub fn resource_types(&self) -> Vec<String> {
        match &self.diagnostic_resource_types {
            Some(types) => types.clone(),
            None => crate::snapshot::monitor::DIAGNOSTIC_RESOURCE_TYPES
                .iter()
                .map(|t| t.to_string())
                .collect(),
        }
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            checks: CheckSettings::default(),
            storage: StorageSettings {
                // CIS: SAS tokens should expire within an hour.
                sas_max_expiration: TimeSpan { seconds: 3600 },
                classic_logging: false,
            },
            defender: DefenderSettings::default(),
            vm: VmSettings::default(),
            // CA/Browser Forum: public TLS certificates are valid 397 days at most.
            keyvault: KeyVaultSettings {
                max_cert_validity_days: 397,
            },
            locks: LockSettings::default(),
            entra: EntraSettings::default(),
            monitor: MonitorSettings::default(),
        }
    }
}

/// A .NET TimeSpan as ARM writes periods (`d.hh:mm:ss` or `hh:mm:ss`), in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeSpan {
    pub seconds: u64,
}

impl TimeSpan {
    pub fn parse(text: &str) -> Option<TimeSpan> {
        let text = text.trim();
        let (days, clock) = match text.split_once('.') {
            Some((days, clock)) if clock.contains(':') => (digits(days)?, clock),
            _ => (0, text),
        };
        let [hours, minutes, seconds] = clock.split(':').collect::<Vec<_>>()[..] else {
            return None;
        };
        let (hours, minutes, seconds) = (digits(hours)?, digits(minutes)?, digits(seconds)?);
        (hours < 24 && minutes < 60 && seconds < 60).then(|| TimeSpan {
            seconds: ((days * 24 + hours) * 60 + minutes) * 60 + seconds,
        })
    }
}

fn digits(text: &str) -> Option<u64> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

impl fmt::Display for TimeSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.seconds;
        write!(
            f,
            "{}.{:02}:{:02}:{:02}",
            s / 86_400,
            s / 3600 % 24,
            s / 60 % 60,
            s % 60
        )
    }
}

impl Serialize for TimeSpan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The file as written; `suppress` belongs to `crate::suppress` and is skipped here.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, rename = "suppress")]
    _suppress: Option<toml::Value>,
    #[serde(default)]
    checks: RawChecks,
    #[serde(default)]
    storage: RawStorage,
    #[serde(default)]
    defender: RawDefender,
    #[serde(default)]
    vm: RawVm,
    #[serde(default)]
    keyvault: RawKeyVault,
    #[serde(default)]
    locks: RawLocks,
    #[serde(default)]
    entra: RawEntra,
    #[serde(default)]
    monitor: RawMonitor,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChecks {
    #[serde(default)]
    enable: Vec<Spanned<String>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStorage {
    sas_max_expiration: Option<Spanned<String>>,
    classic_logging: Option<bool>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefender {
    min_secure_score_percent: Option<Spanned<f64>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVm {
    approved_extensions: Option<Vec<Spanned<String>>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeyVault {
    max_cert_validity_days: Option<Spanned<i64>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocks {
    critical_types: Option<Vec<Spanned<String>>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntra {
    guest_inactive_days: Option<Spanned<i64>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMonitor {
    diagnostic_resource_types: Option<Vec<Spanned<String>>>,
}

impl Settings {
    /// Parses the settings sections of `text` (read from `source`); every problem is
    /// reported at once, each as `source:line: what is wrong`.
    pub fn parse(text: &str, source: &str) -> Result<Settings, String> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| line_of(text, span.start));
            // The parser names the type, not the key: quote the line so both show.
            let written = text.lines().nth(line - 1).unwrap_or_default().trim();
            format!(
                "invalid setting:\n  {source}:{line}: {} (`{written}`)",
                e.message().trim()
            )
        })?;
        let mut problems = Vec::new();
        let mut at = |span: std::ops::Range<usize>, problem: String| {
            problems.push(format!("{source}:{}: {problem}", line_of(text, span.start)));
        };
        let mut settings = Settings::default();
        for id in raw.checks.enable {
            let wanted = id.get_ref().trim().to_ascii_uppercase();
            match catalog().iter().find(|r| r.check.id == wanted) {
                Some(rule) => settings.checks.enable.push(rule.check.id.to_string()),
                None => at(
                    id.span(),
                    format!(
                        "checks.enable: '{}' is not a check ID (see `azscan checks`)",
                        id.get_ref()
                    ),
                ),
            }
        }
        if let Some(period) = raw.storage.sas_max_expiration {
            match TimeSpan::parse(period.get_ref()) {
                Some(span) => settings.storage.sas_max_expiration = span,
                None => at(
                    period.span(),
                    format!(
                        "storage.sas_max_expiration '{}' is not a period; write it as \"d.hh:mm:ss\" (e.g. \"0.01:00:00\")",
                        period.get_ref()
                    ),
                ),
            }
        }
        if let Some(on) = raw.storage.classic_logging {
            settings.storage.classic_logging = on;
        }
        if let Some(percent) = raw.defender.min_secure_score_percent {
            if (0.0..=100.0).contains(percent.get_ref()) {
                settings.defender.min_secure_score_percent = Some(*percent.get_ref());
            } else {
                at(
                    percent.span(),
                    format!(
                        "defender.min_secure_score_percent {} is not between 0 and 100",
                        percent.get_ref()
                    ),
                );
            }
        }
        if let Some(extensions) = raw.vm.approved_extensions {
            let mut approved = Vec::new();
            for extension in extensions {
                let text = extension.get_ref().trim();
                match text.split_once('/') {
                    Some((publisher, kind)) if !publisher.is_empty() && !kind.is_empty() => {
                        approved.push(text.to_string());
                    }
                    _ => at(
                        extension.span(),
                        format!(
                            "vm.approved_extensions: '{text}' is not \"Publisher/Type\" (e.g. \"Microsoft.Azure.Monitor/AzureMonitorLinuxAgent\")"
                        ),
                    ),
                }
            }
            settings.vm.approved_extensions = Some(approved);
        }
        if let Some(days) = raw.keyvault.max_cert_validity_days {
            match u32::try_from(*days.get_ref()) {
                Ok(valid) if (1..=3650).contains(&valid) => {
                    settings.keyvault.max_cert_validity_days = valid;
                }
                _ => at(
                    days.span(),
                    format!(
                        "keyvault.max_cert_validity_days {} is not between 1 and 3650",
                        days.get_ref()
                    ),
                ),
            }
        }
        if let Some(types) = raw.locks.critical_types {
            let mut critical = Vec::new();
            for resource_type in types {
                let text = resource_type.get_ref().trim();
                match text.split_once('/') {
                    Some((namespace, kind)) if !namespace.is_empty() && !kind.is_empty() => {
                        critical.push(text.to_string());
                    }
                    _ => at(
                        resource_type.span(),
                        format!(
                            "locks.critical_types: '{text}' is not an ARM resource type \"Namespace/type\" (e.g. \"Microsoft.Storage/storageAccounts\")"
                        ),
                    ),
                }
            }
            settings.locks.critical_types = critical;
        }
        if let Some(days) = raw.entra.guest_inactive_days {
            match u32::try_from(*days.get_ref()) {
                Ok(n @ 1..=3650) => settings.entra.guest_inactive_days = n,
                _ => at(
                    days.span(),
                    format!(
                        "entra.guest_inactive_days {} is not between 1 and 3650",
                        days.get_ref()
                    ),
                ),
            }
        }
        if let Some(types) = raw.monitor.diagnostic_resource_types {
            let mut listed = Vec::new();
            for kind in types {
                let text = kind.get_ref().trim();
                match text.split_once('/') {
                    Some((namespace, name)) if !namespace.is_empty() && !name.is_empty() => {
                        listed.push(text.to_string());
                    }
                    _ => at(
                        kind.span(),
                        format!(
                            "monitor.diagnostic_resource_types: '{text}' is not a resource type \"Namespace/type\" (e.g. \"Microsoft.Network/azureFirewalls\")"
                        ),
                    ),
                }
            }
            settings.monitor.diagnostic_resource_types = Some(listed);
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(format!("invalid setting(s):\n  {}", problems.join("\n  ")))
        }
    }

    /// Adds `--enable-checks` IDs (validated by the selection) to the file's.
    pub fn enable(&mut self, ids: impl IntoIterator<Item = String>) {
        for id in ids {
            if !self.checks.enable.contains(&id) {
                self.checks.enable.push(id);
            }
        }
    }

    pub fn is_enabled(&self, id: &str) -> bool {
        self.checks.enable.iter().any(|e| e == id)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_sections_means_the_documented_defaults() {
        let settings = Settings::parse("[[suppress]]\ncheck = \"AZST\"\n", "azscan.toml").unwrap();
        assert_eq!(settings, Settings::default());
        assert_eq!(
            settings.storage.sas_max_expiration.to_string(),
            "0.01:00:00"
        );
        assert_eq!(settings.defender.min_secure_score_percent, None);
        assert_eq!(settings.entra.guest_inactive_days, 90);
        assert!(!settings.storage.classic_logging);
    }

    #[test]
    fn classic_logging_is_a_boolean_switch() {
        let on = Settings::parse("[storage]\nclassic_logging = true\n", "azscan.toml").unwrap();
        assert!(on.storage.classic_logging);
        let text = Settings::parse("[storage]\nclassic_logging = \"yes\"\n", "a.toml").unwrap_err();
        assert!(text.contains("a.toml:2:"), "{text}");
    }

    #[test]
    fn guest_inactivity_is_a_day_count_in_range() {
        let set = Settings::parse("[entra]\nguest_inactive_days = 30\n", "azscan.toml").unwrap();
        assert_eq!(set.entra.guest_inactive_days, 30);
        let zero = Settings::parse("[entra]\nguest_inactive_days = 0\n", "a.toml").unwrap_err();
        assert!(
            zero.contains("a.toml:2:") && zero.contains("between 1 and 3650"),
            "{zero}"
        );
    }

    #[test]
    fn typed_values_are_read() {
        let settings = Settings::parse(
            "[checks]\nenable = [\"azst-001\"]\n[storage]\nsas_max_expiration = \"1.02:03:04\"\n[defender]\nmin_secure_score_percent = 75\n[vm]\napproved_extensions = [\"Microsoft.Azure.Monitor/AzureMonitorLinuxAgent\"]\n",
            "azscan.toml",
        )
        .unwrap();
        assert_eq!(settings.checks.enable, ["AZST-001"]);
        assert_eq!(settings.storage.sas_max_expiration.seconds, 93_784);
        assert_eq!(settings.defender.min_secure_score_percent, Some(75.0));
        assert_eq!(
            settings.vm.approved_extensions.as_deref(),
            Some(&["Microsoft.Azure.Monitor/AzureMonitorLinuxAgent".to_string()][..])
        );
    }

    #[test]
    fn unknown_keys_and_type_errors_name_file_and_line() {
        let unknown =
            Settings::parse("[storage]\nsas_max = \"1\"\n", "cfg/azscan.toml").unwrap_err();
        assert!(unknown.contains("cfg/azscan.toml:2:"), "{unknown}");
        assert!(unknown.contains("sas_max"), "{unknown}");
        let section = Settings::parse("\n[network]\n", "azscan.toml").unwrap_err();
        assert!(section.contains("azscan.toml:2:"), "{section}");
        let typed = Settings::parse(
            "[defender]\n\nmin_secure_score_percent = \"high\"\n",
            "a.toml",
        )
        .unwrap_err();
        assert!(typed.contains("a.toml:3:"), "{typed}");
    }

    #[test]
    fn invalid_values_are_all_reported_with_their_lines() {
        let error = Settings::parse(
            "[checks]\nenable = [\"NOPE-001\"]\n[storage]\nsas_max_expiration = \"1 hour\"\n[defender]\nmin_secure_score_percent = 150\n[vm]\napproved_extensions = [\"JustAType\"]\n[locks]\ncritical_types = [\"storageAccounts\"]\n",
            "azscan.toml",
        )
        .unwrap_err();
        for expected in [
            "azscan.toml:2: checks.enable: 'NOPE-001'",
            "azscan.toml:4: storage.sas_max_expiration '1 hour'",
            "azscan.toml:6: defender.min_secure_score_percent 150",
            "azscan.toml:8: vm.approved_extensions: 'JustAType'",
            "azscan.toml:10: locks.critical_types: 'storageAccounts'",
        ] {
            assert!(error.contains(expected), "{expected} not in {error}");
        }
    }

    #[test]
    fn monitored_resource_types_default_to_m2_and_must_be_types() {
        let defaults = Settings::default().monitor.resource_types();
        assert_eq!(defaults.len(), 19);
        assert!(defaults.contains(&"Microsoft.Network/azureFirewalls".to_string()));
        let own = Settings::parse(
            "[monitor]\ndiagnostic_resource_types = [\" Microsoft.Web/staticSites \"]\n",
            "azscan.toml",
        )
        .unwrap();
        assert_eq!(own.monitor.resource_types(), ["Microsoft.Web/staticSites"]);
        let error = Settings::parse(
            "[monitor]\ndiagnostic_resource_types = [\"Microsoft.Network/azureFirewalls\", \"firewalls\"]\n",
            "azscan.toml",
        )
        .unwrap_err();
        assert!(
            error.contains("azscan.toml:2: monitor.diagnostic_resource_types: 'firewalls'"),
            "{error}"
        );
    }

    #[test]
    fn timespans_read_as_arm_writes_them() {
        assert_eq!(TimeSpan::parse("01:00:00").map(|t| t.seconds), Some(3600));
        assert_eq!(
            TimeSpan::parse("7.00:00:00").map(|t| t.seconds),
            Some(604_800)
        );
        assert_eq!(
            TimeSpan::parse("0.00:30:00").unwrap().to_string(),
            "0.00:30:00"
        );
        assert_eq!(TimeSpan::parse("1.24:00:00"), None);
        assert_eq!(TimeSpan::parse("1h"), None);
        assert_eq!(TimeSpan::parse("-1.00:00:00"), None);
    }
}
