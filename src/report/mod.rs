//! Reports: the result of a scan in the shape users and CI depend on (DESIGN.md's
//! JSON contract), and the renderers that print it.

pub mod compliance;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod merge;
pub mod sarif;
pub mod table;
#[cfg(test)]
pub(crate) mod test_support;

use crate::rules::{BaselineState, Finding, Settings, Severity, Status};
use crate::snapshot::{Collection, Gap, Subscription, UnreadReason};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeSet;
use time::format_description::well_known::Rfc3339;

/// Version 2: `scan.subscriptions` became objects (with display name and state) and
/// `scan.scope` and `scan.tenants` were added. Version-1 reports still load (as
/// baselines and `azscan merge` inputs).
pub const REPORT_SCHEMA_VERSION: u32 = 2;
/// The oldest report version this azscan reads.
pub const OLDEST_READABLE_REPORT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub scan: ScanInfo,
    pub summary: Summary,
    /// The check settings in force (`rules::Settings`: thresholds, lists, enabled
    /// opt-in checks); null in reports made before settings existed.
    #[serde(default)]
    pub settings: serde_json::Value,
    /// Present only when the scan ran with `--baseline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
    pub findings: Vec<Finding>,
    /// One entry per `--compliance` framework (docs/compliance.md); absent without it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compliance: Vec<crate::compliance::ComplianceResult>,
}

/// How this scan's FAIL results compare with the baseline report's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineSummary {
    /// Unsuppressed FAIL results the baseline did not have.
    pub new: usize,
    /// Unsuppressed FAIL results the baseline already had.
    pub existing: usize,
    /// Baseline FAIL results whose check ran again and no longer fails (or whose
    /// resource is gone); results that are ERROR now are not counted as fixed.
    pub fixed: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScanInfo {
    /// What was asked for: `subscriptions` (named IDs or a snapshot), `all`
    /// (`--all-subscriptions`) or `mg-<id>` (`--management-group`).
    #[serde(default = "default_scope")]
    pub scope: String,
    /// Every subscription in scope, read or not, sorted by ID.
    #[serde(deserialize_with = "subscriptions_of_any_version")]
    pub subscriptions: Vec<SubscriptionInfo>,
    /// The tenant, when every subscription read is in the same one.
    pub tenant_id: Option<String>,
    /// Every tenant of the subscriptions read (its Entra data was read once).
    #[serde(default)]
    pub tenants: Vec<String>,
    /// When the data was read; time-based checks are judged at this instant.
    pub collected_at: String,
    pub started_at: String,
    pub finished_at: String,
    pub requests: u64,
    /// False when any result is ERROR, or the scan was cut short (deadline, signal).
    pub complete: bool,
    pub gaps: Vec<Gap>,
}

/// `scan.scope` of a scan of named subscriptions (or of a snapshot).
pub const SUBSCRIPTIONS_SCOPE: &str = "subscriptions";

fn default_scope() -> String {
    SUBSCRIPTIONS_SCOPE.to_string()
}

/// One subscription of the scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionInfo {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// As Azure lists it: `Enabled`, `Disabled`, `Warned`, ...
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<String>,
    /// False when it got no resource reads (see `skipped`).
    #[serde(default = "yes")]
    pub scanned: bool,
    /// Why it was not read: `disabled` (not Enabled, skipped with a warning) or
    /// `unreadable` (not found or not accessible; the scan is incomplete).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<UnreadReason>,
    /// What Azure said, for an unreadable subscription; for a scanned one whose
    /// every read was refused, the role it lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

fn yes() -> bool {
    true
}

impl SubscriptionInfo {
    fn read(subscription: &Subscription) -> SubscriptionInfo {
        SubscriptionInfo {
            id: subscription.id.clone(),
            display_name: subscription.display_name.clone(),
            state: subscription.state.clone(),
            tenant_id: subscription.tenant_id.clone(),
            scanned: true,
            skipped: None,
            error: None,
        }
    }

    /// A version-1 report only had the ID.
    fn id_only(id: String) -> SubscriptionInfo {
        SubscriptionInfo {
            id,
            display_name: None,
            state: None,
            tenant_id: None,
            scanned: true,
            skipped: None,
            error: None,
        }
    }

    /// `id (name)`, for summaries.
    pub fn label(&self) -> String {
        match &self.display_name {
            Some(name) => format!("{} ({name})", self.id),
            None => self.id.clone(),
        }
    }
}

/// `scan.subscriptions` is a list of IDs in version 1 and of objects since.
pub(crate) fn subscriptions_of_any_version<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<SubscriptionInfo>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Entry {
        Id(String),
        Info(SubscriptionInfo),
    }
    let entries = Vec::<Entry>::deserialize(deserializer)?;
    Ok(entries
        .into_iter()
        .map(|entry| match entry {
            Entry::Id(id) => SubscriptionInfo::id_only(id),
            Entry::Info(info) => info,
        })
        .collect())
}

/// Counts by status, keyed as the statuses are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    #[serde(rename = "PASS")]
    pub pass: usize,
    #[serde(rename = "FAIL")]
    pub fail: usize,
    #[serde(rename = "ERROR")]
    pub error: usize,
    #[serde(rename = "MANUAL")]
    pub manual: usize,
    #[serde(rename = "MUTED")]
    pub muted: usize,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let mut summary = Summary::default();
        for finding in findings {
            summary.add(finding.status);
        }
        summary
    }

    pub fn add(&mut self, status: Status) {
        *self.slot(status) += 1;
    }

    fn slot(&mut self, status: Status) -> &mut usize {
        match status {
            Status::Pass => &mut self.pass,
            Status::Fail => &mut self.fail,
            Status::Error => &mut self.error,
            Status::Manual => &mut self.manual,
            Status::Muted => &mut self.muted,
        }
    }
}

impl Report {
    /// `"2 CRITICAL", "5 HIGH", …`: FAIL results per severity, most severe first.
    pub fn fails_by_severity(&self) -> Vec<String> {
        Severity::DESCENDING
            .iter()
            .map(|severity| {
                let n = self
                    .findings
                    .iter()
                    .filter(|f| f.status == Status::Fail && f.severity == *severity)
                    .count();
                format!("{n} {severity}")
            })
            .collect()
    }

    /// Everything in a report derives from the collection, the findings and the
    /// settings, so the same snapshot and configuration always give the same report.
    pub fn from_collection(
        collection: &Collection,
        findings: Vec<Finding>,
        scope: &str,
        settings: &Settings,
    ) -> Report {
        let format = |t: time::OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
        let collected_at = format(collection.collected_at);
        let mut subscriptions: Vec<SubscriptionInfo> = collection
            .snapshots
            .iter()
            .map(|s| SubscriptionInfo {
                // Read, but nothing came back: say which role is missing.
                error: s.all_reads_denied().then(|| {
                    format!(
                        "every read answered 403: the identity needs the Reader role on /subscriptions/{}",
                        s.subscription.id
                    )
                }),
                ..SubscriptionInfo::read(&s.subscription)
            })
            .collect();
        for unread in &collection.unread {
            subscriptions.push(SubscriptionInfo {
                scanned: false,
                skipped: Some(unread.reason),
                error: unread.error.clone(),
                ..SubscriptionInfo::read(&unread.subscription)
            });
        }
        subscriptions.sort_by(|a, b| a.id.cmp(&b.id));
        let tenants: BTreeSet<String> = collection
            .snapshots
            .iter()
            .filter_map(|s| s.subscription.tenant_id.clone())
            .collect();
        let unreadable = collection
            .unread
            .iter()
            .any(|u| u.reason == UnreadReason::Unreadable);
        Report {
            schema_version: REPORT_SCHEMA_VERSION,
            tool: Tool {
                name: "azscan".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            scan: ScanInfo {
                scope: scope.to_string(),
                subscriptions,
                tenant_id: (tenants.len() == 1)
                    .then(|| tenants.iter().next().cloned())
                    .flatten(),
                tenants: tenants.into_iter().collect(),
                collected_at: collected_at.clone(),
                started_at: collected_at,
                finished_at: format(collection.finished_at.unwrap_or(collection.collected_at)),
                requests: collection.requests,
                complete: !unreadable && !findings.iter().any(|f| f.status == Status::Error),
                gaps: collection.gaps(),
            },
            summary: Summary::of(&findings),
            // Plain data: serializing it cannot fail.
            settings: serde_json::to_value(settings).unwrap_or_default(),
            baseline: None,
            findings,
            compliance: Vec::new(),
        }
    }

    /// IDs of the subscriptions that were read.
    pub fn scanned_subscriptions(&self) -> Vec<&str> {
        self.scan
            .subscriptions
            .iter()
            .filter(|s| s.scanned)
            .map(|s| s.id.as_str())
            .collect()
    }

    /// FAIL, ERROR, MANUAL, PASS and MUTED per subscription read, for the table and
    /// markdown summaries of multi-subscription scans.
    pub fn per_subscription(&self) -> Vec<(&SubscriptionInfo, Summary)> {
        self.scan
            .subscriptions
            .iter()
            .map(|info| {
                let mut summary = Summary::default();
                for finding in self
                    .findings
                    .iter()
                    .filter(|f| f.subscription_id.eq_ignore_ascii_case(&info.id))
                {
                    *summary.slot(finding.status) += 1;
                }
                (info, summary)
            })
            .collect()
    }

    /// Recounts the summary after suppressions changed statuses.
    pub fn recount(&mut self) {
        self.summary = Summary::of(&self.findings);
    }
}

/// The status as the table and markdown show it: new FAILs are marked when the scan
/// ran against a baseline.
fn status_label(finding: &Finding) -> String {
    match finding.baseline {
        Some(BaselineState::New) if finding.status == Status::Fail => "FAIL (new)".into(),
        _ => finding.status.to_string(),
    }
}

/// The message, with why and until when it is muted.
fn message_label(finding: &Finding) -> String {
    match &finding.suppression {
        Some(note) => format!(
            "{} (muted: {}{})",
            finding.message,
            note.reason,
            note.expires
                .as_deref()
                .map(|d| format!(", until {d}"))
                .unwrap_or_default()
        ),
        None => finding.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{SUB, finding, report, storage_id};
    use super::*;

    const OTHER: &str = "00000000-0000-0000-0000-000000000002";

    #[test]
    fn sorting_for_the_report_matches_report_order_then_subscription() {
        // Mixed severities, rule numbers that sort numerically (AZST-002 before
        // AZST-010 is not testable with real IDs, so AKV-002 vs AKV-006), resource IDs
        // that differ only in case, and two subscriptions.
        let mut findings = vec![
            finding("AZST-004", &storage_id("Zeta"), Status::Fail),
            finding("AKV-006", "/subscriptions/x/vaults/v1", Status::Pass),
            finding("AKV-002", "/subscriptions/x/vaults/V1", Status::Fail),
            finding("AZST-001", &storage_id("alpha"), Status::Fail),
            finding("AZST-001", &storage_id("ALPHA"), Status::Pass),
        ];
        let mut elsewhere = finding("AZST-001", &storage_id("alpha"), Status::Fail);
        elsewhere.subscription_id = OTHER.into();
        findings.insert(0, elsewhere);
        let mut expected = findings.clone();
        expected.sort_by(|a, b| {
            Finding::report_order(a, b).then_with(|| a.subscription_id.cmp(&b.subscription_id))
        });
        Finding::sort_for_report(&mut findings);
        let order = |list: &[Finding]| -> Vec<(String, String, String)> {
            list.iter()
                .map(|f| {
                    (
                        f.rule_id.clone(),
                        f.resource_id.clone(),
                        f.subscription_id.clone(),
                    )
                })
                .collect()
        };
        assert_eq!(order(&findings), order(&expected));
        assert!(
            findings.windows(2).all(|w| w[0].severity >= w[1].severity),
            "most severe first"
        );
        let alpha: Vec<&str> = findings
            .iter()
            .filter(|f| f.resource_id.to_lowercase().ends_with("/alpha"))
            .map(|f| f.subscription_id.as_str())
            .collect();
        assert_eq!(
            alpha,
            [SUB, SUB, OTHER],
            "the same resource: by subscription last"
        );
    }

    /// A report of SUB and OTHER (one FAIL each) plus a disabled, skipped one.
    fn estate() -> Report {
        let mut other = finding("AZST-001", &storage_id("b"), Status::Fail);
        other.subscription_id = OTHER.into();
        let mut report = report(vec![
            finding("AZST-001", &storage_id("a"), Status::Fail),
            other,
        ]);
        let info = |id: &str, name: &str| SubscriptionInfo {
            display_name: Some(name.into()),
            ..SubscriptionInfo::id_only(id.into())
        };
        report.scan.subscriptions = vec![
            info(SUB, "Prod"),
            info(OTHER, "Dev"),
            SubscriptionInfo {
                state: Some("Disabled".into()),
                scanned: false,
                skipped: Some(UnreadReason::Disabled),
                ..info("00000000-0000-0000-0000-000000000003", "Old")
            },
        ];
        report
    }

    #[test]
    fn sarif_category_names_the_scope() {
        let mut report = estate();
        assert_eq!(
            sarif::automation_id(&report, None),
            format!("azscan/{SUB}+{OTHER}/"),
            "named subscriptions: the ones read"
        );
        report.scan.scope = "all".into();
        assert_eq!(sarif::automation_id(&report, None), "azscan/all/");
        report.scan.scope = "mg-prod".into();
        assert_eq!(sarif::automation_id(&report, None), "azscan/mg-prod/");
        assert_eq!(sarif::automation_id(&report, Some("mine")), "mine/");
    }

    #[test]
    fn table_and_markdown_summarise_each_subscription() {
        let report = estate();
        let table = table::render(&report, false, false);
        assert!(table.contains("3 subscriptions:"), "{table}");
        assert!(
            table.contains(&format!("{OTHER} (Dev): 1 FAIL, 0 ERROR")),
            "{table}"
        );
        assert!(table.contains("(Old): not scanned (Disabled)"), "{table}");
        let markdown = markdown::render(&report, false);
        assert!(
            markdown.contains("## azscan: 3 subscriptions"),
            "{markdown}"
        );
        assert!(
            markdown.contains(&format!("| {SUB} (Prod) | 1 | 0 | 0 | 0 | 0 |")),
            "{markdown}"
        );
    }

    #[test]
    fn one_subscription_keeps_the_short_summary() {
        let table = table::render(&report(vec![]), false, false);
        assert!(
            table.contains(&format!("subscription {SUB}, data read at")),
            "{table}"
        );
    }
}
