//! Azure Monitor data: diagnostic settings (shared by subscription and per-resource
//! settings), activity log alerts and Log Analytics workspaces.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MonitorData {}

/// One diagnostic setting: where logs go and which categories are enabled.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DiagnosticSetting {
    pub id: String,
    pub name: String,
    pub workspace_id: Option<String>,
    pub storage_account_id: Option<String>,
    pub event_hub_authorization_rule_id: Option<String>,
    pub logs: Vec<LogSetting>,
}

impl DiagnosticSetting {
    /// A setting only exports anything when it names at least one destination.
    pub fn has_destination(&self) -> bool {
        [
            &self.workspace_id,
            &self.storage_account_id,
            &self.event_hub_authorization_rule_id,
        ]
        .iter()
        .any(|d| d.as_deref().is_some_and(|s| !s.trim().is_empty()))
    }

    /// Whether an enabled log entry covers `category`, directly or through one of
    /// `groups` (e.g. `allLogs`, `audit`); all names compare case-insensitively.
    pub fn enables(&self, category: &str, groups: &[&str]) -> bool {
        self.logs.iter().filter(|l| l.enabled).any(|l| {
            l.category
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(category))
                || l.category_group
                    .as_deref()
                    .is_some_and(|g| groups.iter().any(|want| g.eq_ignore_ascii_case(want)))
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LogSetting {
    pub category: Option<String>,
    pub category_group: Option<String>,
    pub enabled: bool,
}
