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
//! [nsg]                                  # ports AZNW-008 judges (default: CHECKS-2's list)
//! risky_ports = [{ ports = "1433-1434", service = "SQL Server" },
//!                { ports = "11211", service = "Memcached", protocols = ["TCP", "UDP"] }]
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
    pub nsg: NsgSettings,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NsgSettings {
    /// The ports AZNW-008 judges as reachable from the internet.
    pub risky_ports: Vec<RiskyPort>,
}

/// A port range AZNW-008 judges, what listens there, and over which protocols.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskyPort {
    /// Inclusive; one port is `(p, p)`.
    pub ports: (u16, u16),
    pub service: String,
    pub tcp: bool,
    pub udp: bool,
}

impl RiskyPort {
    fn tcp(low: u16, high: u16, service: &str) -> RiskyPort {
        RiskyPort {
            ports: (low, high),
            service: service.to_string(),
            tcp: true,
            udp: false,
        }
    }

    /// `1433-1434`, or `3306` for one port: as `risky_ports` writes it.
    fn range(&self) -> String {
        match self.ports {
            (low, high) if low == high => low.to_string(),
            (low, high) => format!("{low}-{high}"),
        }
    }
}

impl Serialize for RiskyPort {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Echoed as written in azscan.toml, so a report's settings read like the file.
        #[derive(Serialize)]
        struct Written<'a> {
            ports: String,
            service: &'a str,
            protocols: Vec<&'static str>,
        }
        let protocols = [(self.tcp, "TCP"), (self.udp, "UDP")]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
        Written {
            ports: self.range(),
            service: &self.service,
            protocols,
        }
        .serialize(serializer)
    }
}

impl Default for NsgSettings {
    fn default() -> NsgSettings {
        // CHECKS-2 AZNW-008's list: TCP, and Memcached over UDP as well.
        let memcached = RiskyPort {
            udp: true,
            ..RiskyPort::tcp(11211, 11211, "Memcached")
        };
        NsgSettings {
            risky_ports: vec![
                RiskyPort::tcp(20, 21, "FTP"),
                RiskyPort::tcp(23, 23, "Telnet"),
                RiskyPort::tcp(135, 135, "RPC"),
                RiskyPort::tcp(139, 139, "NetBIOS/SMB"),
                RiskyPort::tcp(445, 445, "SMB"),
                RiskyPort::tcp(1433, 1434, "SQL Server"),
                RiskyPort::tcp(2375, 2376, "Docker API"),
                RiskyPort::tcp(3306, 3306, "MySQL"),
                RiskyPort::tcp(5432, 5432, "PostgreSQL"),
                RiskyPort::tcp(5985, 5986, "WinRM"),
                RiskyPort::tcp(6379, 6379, "Redis"),
                RiskyPort::tcp(9200, 9200, "Elasticsearch"),
                RiskyPort::tcp(9300, 9300, "Elasticsearch"),
                memcached,
                RiskyPort::tcp(27017, 27017, "MongoDB"),
            ],
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
            nsg: NsgSettings::default(),
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
    #[serde(default)]
    nsg: RawNsg,
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

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNsg {
    risky_ports: Option<Spanned<Vec<Spanned<RawRiskyPort>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRiskyPort {
    ports: String,
    service: String,
    /// TCP alone when absent (CHECKS-2: "TCP unless noted").
    protocols: Option<Vec<String>>,
}

impl RawRiskyPort {
    /// The entry, or what is wrong with it.
    fn read(&self) -> Result<RiskyPort, String> {
        let port = |text: &str| text.trim().parse::<u16>().ok();
        let ports = match self.ports.split_once('-') {
            Some((low, high)) => port(low).zip(port(high)),
            None => port(&self.ports).map(|p| (p, p)),
        }
        .filter(|(low, high)| low <= high)
        .ok_or_else(|| {
            format!(
                "ports '{}' is not a port or range \"low-high\" (e.g. \"1433-1434\")",
                self.ports
            )
        })?;
        let service = self.service.trim();
        if service.is_empty() {
            return Err("service is empty; name what listens on the ports".to_string());
        }
        let mut entry = RiskyPort {
            ports,
            service: service.to_string(),
            tcp: self.protocols.is_none(),
            udp: false,
        };
        for protocol in self.protocols.iter().flatten() {
            match protocol.trim().to_ascii_uppercase().as_str() {
                "TCP" => entry.tcp = true,
                "UDP" => entry.udp = true,
                _ => return Err(format!("protocol '{protocol}' is not \"TCP\" or \"UDP\"")),
            }
        }
        if !(entry.tcp || entry.udp) {
            return Err("protocols is empty; write [\"TCP\"], [\"UDP\"] or both".to_string());
        }
        Ok(entry)
    }
}

/// The `Namespace/type`-like entries of `list` (trimmed); `problem` says why another
/// entry is not one, and is reported at its line.
fn slash_pairs(
    list: Vec<Spanned<String>>,
    at: &mut impl FnMut(std::ops::Range<usize>, String),
    problem: impl Fn(&str) -> String,
) -> Vec<String> {
    let mut read = Vec::new();
    for entry in list {
        let text = entry.get_ref().trim();
        match text.split_once('/') {
            Some((head, tail)) if !head.is_empty() && !tail.is_empty() => {
                read.push(text.to_string());
            }
            _ => at(entry.span(), problem(text)),
        }
    }
    read
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
            settings.vm.approved_extensions = Some(slash_pairs(extensions, &mut at, |text| {
                format!(
                    "vm.approved_extensions: '{text}' is not \"Publisher/Type\" (e.g. \"Microsoft.Azure.Monitor/AzureMonitorLinuxAgent\")"
                )
            }));
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
            settings.locks.critical_types = slash_pairs(types, &mut at, |text| {
                format!(
                    "locks.critical_types: '{text}' is not an ARM resource type \"Namespace/type\" (e.g. \"Microsoft.Storage/storageAccounts\")"
                )
            });
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
            settings.monitor.diagnostic_resource_types = Some(slash_pairs(
                types,
                &mut at,
                |text| {
                    format!(
                        "monitor.diagnostic_resource_types: '{text}' is not a resource type \"Namespace/type\" (e.g. \"Microsoft.Network/azureFirewalls\")"
                    )
                },
            ));
        }
        if let Some(entries) = raw.nsg.risky_ports {
            if entries.get_ref().is_empty() {
                at(
                    entries.span(),
                    "nsg.risky_ports is empty; list at least one port, or remove the key for the default list".to_string(),
                );
            }
            let mut risky = Vec::new();
            for entry in entries.into_inner() {
                match entry.get_ref().read() {
                    Ok(port) => risky.push(port),
                    Err(problem) => at(entry.span(), format!("nsg.risky_ports: {problem}")),
                }
            }
            settings.nsg.risky_ports = risky;
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
    fn risky_ports_default_to_checks_2_and_are_validated_per_entry() {
        let defaults = &Settings::default().nsg.risky_ports;
        assert_eq!(defaults.len(), 15);
        let udp: Vec<&str> = defaults
            .iter()
            .filter(|p| p.udp)
            .map(|p| p.service.as_str())
            .collect();
        assert_eq!(udp, ["Memcached"]);
        let own = Settings::parse(
            "[nsg]\nrisky_ports = [{ ports = \" 8080-8081\", service = \"Admin UI\" }, { ports = \"161\", service = \"SNMP\", protocols = [\"udp\"] }]\n",
            "azscan.toml",
        )
        .unwrap();
        let read: Vec<_> = own
            .nsg
            .risky_ports
            .iter()
            .map(|p| (p.ports, p.service.as_str(), p.tcp, p.udp))
            .collect();
        assert_eq!(
            read,
            [
                ((8080, 8081), "Admin UI", true, false),
                ((161, 161), "SNMP", false, true)
            ]
        );
        assert_eq!(
            serde_json::to_value(&own.nsg.risky_ports[1]).unwrap(),
            serde_json::json!({"ports": "161", "service": "SNMP", "protocols": ["UDP"]})
        );
        let error = Settings::parse(
            "[nsg]\nrisky_ports = [\n  { ports = \"9000-80\", service = \"x\" },\n  { ports = \"22\", service = \"SSH\", protocols = [\"ICMP\"] },\n  { ports = \"70000\", service = \"y\" },\n]\n",
            "azscan.toml",
        )
        .unwrap_err();
        for expected in [
            "azscan.toml:3: nsg.risky_ports: ports '9000-80'",
            "azscan.toml:4: nsg.risky_ports: protocol 'ICMP'",
            "azscan.toml:5: nsg.risky_ports: ports '70000'",
        ] {
            assert!(error.contains(expected), "{expected} not in {error}");
        }
        let empty = Settings::parse("[nsg]\n\nrisky_ports = []\n", "a.toml").unwrap_err();
        assert!(
            empty.contains("a.toml:3: nsg.risky_ports is empty"),
            "{empty}"
        );
        let unknown =
            Settings::parse("[nsg]\nrisky_ports = [{ port = \"22\" }]\n", "a.toml").unwrap_err();
        assert!(unknown.contains("a.toml:2:"), "{unknown}");
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
