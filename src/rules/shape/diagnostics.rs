//! Diagnostic-setting coverage (CHECKS-2 D4): a setting exports only when it has a
//! destination (workspace, storage account, event hub or partner solution), and a log
//! category is on when an enabled `logs[]` entry names it or a category group holding it.

use crate::snapshot::monitor::DiagnosticSetting;

/// The category groups that hold every category; `audit` counts only where a check
/// says so (it holds the audit categories only).
pub const ALL_LOGS: &[&str] = &["allLogs"];
pub const AUDIT_OR_ALL_LOGS: &[&str] = &["audit", "allLogs"];

/// The settings with a destination that export `category` directly or through one of `groups`.
pub fn exporting<'a>(
    settings: &'a [DiagnosticSetting],
    category: &str,
    groups: &[&str],
) -> Vec<&'a DiagnosticSetting> {
    settings
        .iter()
        .filter(|s| s.has_destination() && s.enables(category, groups))
        .collect()
}

/// What the settings with a destination export together (CHECKS-2: several categories
/// are judged over all such settings at once).
#[derive(Debug)]
pub struct Coverage<'a> {
    /// Names of the settings that have a destination.
    pub exporting: Vec<&'a str>,
    /// The required categories none of them exports.
    pub missing: Vec<&'a str>,
}

impl<'a> Coverage<'a> {
    pub fn of(settings: &'a [DiagnosticSetting], required: &[&'a str], groups: &[&str]) -> Self {
        let with_destination: Vec<&DiagnosticSetting> =
            settings.iter().filter(|s| s.has_destination()).collect();
        Coverage {
            exporting: with_destination.iter().map(|s| s.name.as_str()).collect(),
            missing: required
                .iter()
                .copied()
                .filter(|c| !with_destination.iter().any(|s| s.enables(c, groups)))
                .collect(),
        }
    }

    pub fn complete(&self) -> bool {
        self.missing.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::monitor::LogSetting;

    fn setting(name: &str, destination: bool, logs: &[(&str, bool, bool)]) -> DiagnosticSetting {
        DiagnosticSetting {
            name: name.into(),
            marketplace_partner_id: destination.then(|| "/subscriptions/s/partner".to_string()),
            logs: logs
                .iter()
                .map(|(name, group, enabled)| LogSetting {
                    category: (!group).then(|| name.to_string()),
                    category_group: group.then(|| name.to_string()),
                    enabled: *enabled,
                })
                .collect(),
            ..DiagnosticSetting::default()
        }
    }

    #[test]
    fn a_partner_solution_is_a_destination_and_groups_cover_categories() {
        let settings = [
            setting("partner", true, &[("administrative", false, true)]),
            setting("nowhere", false, &[("Security", false, true)]),
            setting(
                "groups",
                true,
                &[("ALLLOGS", true, true), ("Policy", false, false)],
            ),
        ];
        let coverage = Coverage::of(&settings, &["Administrative", "Security"], &[]);
        assert_eq!(coverage.exporting, ["partner", "groups"]);
        assert_eq!(coverage.missing, ["Security"]);
        let coverage = Coverage::of(&settings, &["Administrative", "Security"], ALL_LOGS);
        assert!(coverage.complete());
        let names: Vec<&str> = exporting(&settings, "Policy", AUDIT_OR_ALL_LOGS)
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["groups"]);
    }

    #[test]
    fn an_empty_destination_string_is_no_destination() {
        let mut s = setting("empty", false, &[("AuditEvent", false, true)]);
        s.workspace_id = Some(" ".into());
        assert!(exporting(std::slice::from_ref(&s), "AuditEvent", &[]).is_empty());
    }
}
