//! Suppressions as code: the `[[suppress]]` entries of `azscan.toml` (or `--config`),
//! validated before anything is scanned, and the muting of the FAIL results they match.
//! The same file's other sections are check settings (`rules::Settings`).
//!
//! ```toml
//! [[suppress]]
//! check = "AZST-001"            # an ID, or a prefix such as "AZST"
//! resource = "*/stlegacyweb"    # glob over the resource ID or name; "*" for all
//! reason = "Static website; content is public by design"
//! expires = "2026-12-31"        # optional; last day the entry mutes
//! ```

use crate::rules::{Finding, Settings, Status, SuppressionNote, catalog};
use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;
use std::path::Path;
use time::Date;
use time::macros::format_description;
use toml::Spanned;

/// Read from the working directory when `--config` is not given.
pub const DEFAULT_FILE: &str = "azscan.toml";

/// A validated set of suppressions; empty when there is no configuration file.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// The file the entries came from, as messages name it.
    source: String,
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    line: usize,
    /// Upper-cased ID or prefix without a trailing `-` or `*`.
    check: String,
    resource: String,
    matcher: GlobMatcher,
    reason: String,
    expires: Option<Date>,
}

/// The `[[suppress]]` entries; the other sections are `rules::Settings`', which also
/// rejects unknown top-level keys.
#[derive(Deserialize)]
struct RawFile {
    #[serde(default)]
    suppress: Vec<Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    check: Option<Spanned<String>>,
    resource: Option<Spanned<String>>,
    reason: Option<Spanned<String>>,
    /// A string, or a bare TOML date (`expires = 2026-12-31`), which people write too.
    expires: Option<Spanned<toml::Value>>,
}

/// Reads the configuration file once: its suppressions and its check settings.
/// `--config PATH` must exist; without it, `azscan.toml` is read only if present.
pub fn load_config(config: Option<&Path>) -> Result<(Suppressions, Settings), String> {
    let path = match config {
        Some(path) => path,
        None if Path::new(DEFAULT_FILE).is_file() => Path::new(DEFAULT_FILE),
        None => return Ok((Suppressions::default(), Settings::default())),
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read configuration {}: {e}", path.display()))?;
    let source = path.display().to_string();
    Ok((
        Suppressions::parse(&text, &source)?,
        Settings::parse(&text, &source)?,
    ))
}

impl Suppressions {
    /// Every problem in the file is reported at once, each with its line.
    pub fn parse(text: &str, source: &str) -> Result<Suppressions, String> {
        let raw: RawFile =
            toml::from_str(text).map_err(|e| format!("configuration {source}: {e}"))?;
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        for raw_entry in raw.suppress {
            let line = line_of(text, raw_entry.span().start);
            match Entry::validate(raw_entry.into_inner(), text, line) {
                Ok(entry) => entries.push(entry),
                Err(problem) => problems.push(format!("{source}:{problem}")),
            }
        }
        if problems.is_empty() {
            Ok(Suppressions {
                source: source.to_string(),
                entries,
            })
        } else {
            Err(format!(
                "invalid suppression(s):\n  {}",
                problems.join("\n  ")
            ))
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Mutes every FAIL an entry still in force matches (the first matching entry
    /// wins) and returns one warning per expired entry. Expiry is judged on `today`,
    /// the day the data was read, so a saved snapshot always gives the same report.
    pub fn apply(&self, findings: &mut [Finding], today: Date) -> Vec<String> {
        let (active, expired): (Vec<&Entry>, Vec<&Entry>) = self
            .entries
            .iter()
            .partition(|e| e.expires.is_none_or(|last| today <= last));
        for finding in findings.iter_mut() {
            if finding.status != Status::Fail {
                continue;
            }
            if let Some(entry) = active.iter().find(|e| e.matches(finding)) {
                finding.original_status = Some(Status::Fail);
                finding.status = Status::Muted;
                finding.suppression = Some(SuppressionNote {
                    reason: entry.reason.clone(),
                    expires: entry.expires.map(format_date),
                });
            }
        }
        expired
            .iter()
            .map(|entry| {
                let unmuted = findings
                    .iter()
                    .filter(|f| f.status == Status::Fail && entry.matches(f))
                    .count();
                format!(
                    "{}:{}: the suppression of {} on '{}' expired on {}; {unmuted} FAIL result(s) it covered count again (reason was: {})",
                    self.source,
                    entry.line,
                    entry.check,
                    entry.resource,
                    entry.expires.map(format_date).unwrap_or_default(),
                    entry.reason
                )
            })
            .collect()
    }
}

impl Entry {
    fn validate(raw: RawEntry, text: &str, line: usize) -> Result<Entry, String> {
        let at = |span: std::ops::Range<usize>| line_of(text, span.start);
        let check_field = raw.check.ok_or_else(|| {
            format!("{line}: [[suppress]] entry without `check` (an ID like AZST-001 or a prefix like AZST)")
        })?;
        let check = check_pattern(check_field.get_ref());
        if check.is_empty() || !catalog().iter().any(|r| id_matches(&check, r.check.id)) {
            return Err(format!(
                "{}: check '{}' is not a check ID or prefix (see `azscan checks`)",
                at(check_field.span()),
                check_field.get_ref()
            ));
        }
        let reason = raw
            .reason
            .as_ref()
            .map(|r| r.get_ref().trim().to_string())
            .filter(|r| !r.is_empty())
            .ok_or_else(|| {
                format!(
                    "{line}: the suppression of {check} has no `reason`; say why the risk is accepted"
                )
            })?;
        let (resource, resource_line) = match raw.resource {
            Some(r) => {
                let line = at(r.span());
                (r.into_inner().trim().to_string(), line)
            }
            None => ("*".to_string(), line),
        };
        let matcher = GlobBuilder::new(&resource)
            .case_insensitive(true)
            .literal_separator(false)
            .build()
            .map_err(|e| format!("{resource_line}: resource '{resource}' is not a glob: {e}"))?
            .compile_matcher();
        let expires = match raw.expires {
            None => None,
            Some(value) => Some(parse_expiry(value.get_ref()).ok_or_else(|| {
                format!(
                    "{}: expires {} is not a date; write it as \"YYYY-MM-DD\"",
                    at(value.span()),
                    value.get_ref()
                )
            })?),
        };
        Ok(Entry {
            line,
            check,
            resource,
            matcher,
            reason,
            expires,
        })
    }

    /// Azure IDs are case-insensitive, so the glob is too; it is tried on the ID and
    /// on the name, since people think of resources by name.
    fn matches(&self, finding: &Finding) -> bool {
        id_matches(&self.check, &finding.rule_id)
            && (self.matcher.is_match(&finding.resource_id)
                || self.matcher.is_match(&finding.resource_name))
    }
}

fn check_pattern(text: &str) -> String {
    text.trim()
        .to_ascii_uppercase()
        .trim_end_matches('*')
        .trim_end_matches('-')
        .to_string()
}

/// `AZST-001` matches itself; `AZST` matches every `AZST-…`.
fn id_matches(pattern: &str, id: &str) -> bool {
    id.eq_ignore_ascii_case(pattern)
        || id
            .get(..pattern.len())
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case(pattern))
            && id[pattern.len()..].starts_with('-')
}

fn parse_expiry(value: &toml::Value) -> Option<Date> {
    let text = match value {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        _ => return None,
    };
    Date::parse(&text, format_description!("[year]-[month]-[day]")).ok()
}

fn format_date(date: Date) -> String {
    date.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{finding, storage_id};
    use time::macros::date;

    fn fail(rule: &str, id: &str) -> Finding {
        finding(rule, id, Status::Fail)
    }

    #[test]
    fn matching_entries_mute_fail_by_id_glob_name_or_prefix() {
        let config = Suppressions::parse(
            r#"
[[suppress]]
check = "azst-001"
resource = "*/resourcegroups/RG-DATA/*"
reason = "public website"

[[suppress]]
check = "AKV"
resource = "kv-*"
reason = "legacy vaults, migration planned"
expires = 2026-06-30
"#,
            "azscan.toml",
        )
        .unwrap();
        let mut findings = vec![
            fail("AZST-001", &storage_id("stLegacyWeb")),
            fail("AZST-002", &storage_id("stLegacyWeb")),
            fail(
                "AKV-003",
                "/subscriptions/s/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-old",
            ),
        ];
        let mut pass = fail("AZST-001", &storage_id("stLegacyWeb"));
        pass.status = Status::Pass;
        findings.push(pass);
        let warnings = config.apply(&mut findings, date!(2026 - 06 - 30));
        assert!(
            warnings.is_empty(),
            "the last day still mutes: {warnings:?}"
        );
        let statuses: Vec<Status> = findings.iter().map(|f| f.status).collect();
        assert_eq!(
            statuses,
            [Status::Muted, Status::Fail, Status::Muted, Status::Pass]
        );
        assert_eq!(findings[0].original_status, Some(Status::Fail));
        assert_eq!(
            findings[2].suppression,
            Some(SuppressionNote {
                reason: "legacy vaults, migration planned".into(),
                expires: Some("2026-06-30".into()),
            })
        );
    }

    #[test]
    fn expired_entries_stop_muting_and_warn_with_their_line() {
        let config = Suppressions::parse(
            "[[suppress]]\ncheck = \"AZST-001\"\nresource = \"*\"\nreason = \"r\"\nexpires = \"2026-05-31\"\n",
            "ci.toml",
        )
        .unwrap();
        let mut findings = vec![fail("AZST-001", &storage_id("stLegacyWeb"))];
        let warnings = config.apply(&mut findings, date!(2026 - 06 - 01));
        assert_eq!(findings[0].status, Status::Fail);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("ci.toml:1:") && warnings[0].contains("expired on 2026-05-31"),
            "{warnings:?}"
        );
        assert!(warnings[0].contains("1 FAIL result(s)"), "{warnings:?}");
    }

    #[test]
    fn configuration_errors_name_the_line() {
        let err = |text: &str| Suppressions::parse(text, "azscan.toml").unwrap_err();
        let unknown = err("\n[[suppress]]\ncheck = \"NOPE-001\"\nreason = \"r\"\n");
        assert!(
            unknown.contains("azscan.toml:3:") && unknown.contains("NOPE-001"),
            "{unknown}"
        );
        let no_reason = err(
            "[[suppress]]\ncheck = \"AZST-001\"\nresource = \"*\"\n\n[[suppress]]\ncheck = \"AZST\"\nreason = \"  \"\n",
        );
        assert!(
            no_reason.contains("azscan.toml:1:") && no_reason.contains("azscan.toml:5:"),
            "{no_reason}"
        );
        let bad_date =
            err("[[suppress]]\ncheck = \"AZST\"\nreason = \"r\"\nexpires = \"31/12/2026\"\n");
        assert!(
            bad_date.contains("azscan.toml:4:") && bad_date.contains("YYYY-MM-DD"),
            "{bad_date}"
        );
        let impossible =
            err("[[suppress]]\ncheck = \"AZST\"\nreason = \"r\"\nexpires = \"2026-02-30\"\n");
        assert!(impossible.contains("azscan.toml:4:"), "{impossible}");
        let typo = err("[[suppress]]\ncheck = \"AZST\"\nreson = \"r\"\n");
        assert!(typo.contains("line 3") && typo.contains("reson"), "{typo}");
        let no_check = err("[[suppress]]\nreason = \"r\"\n");
        assert!(no_check.contains("azscan.toml:1:"), "{no_check}");
    }

    #[test]
    fn prefixes_stop_at_the_dash() {
        assert!(id_matches("AZST", "AZST-001"));
        assert!(id_matches("AZST-001", "azst-001"));
        assert!(!id_matches("AZS", "AZST-001"));
        assert!(!id_matches("AZST-00", "AZST-001"));
    }
}
