//! Reports: the result of a scan in the shape users and CI depend on (DESIGN.md's
//! JSON contract), and the renderers that print it.

pub mod compliance;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod table;
#[cfg(test)]
pub(crate) mod test_support;

use crate::rules::{BaselineState, Finding, Severity, Status};
use crate::snapshot::{Gap, Snapshot};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

pub const REPORT_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub scan: ScanInfo,
    pub summary: Summary,
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
    pub subscriptions: Vec<String>,
    pub tenant_id: Option<String>,
    /// When the data was read; time-based checks are judged at this instant.
    pub collected_at: String,
    pub started_at: String,
    pub finished_at: String,
    pub requests: u64,
    /// False when any result is ERROR, or the scan was cut short (deadline, signal).
    pub complete: bool,
    pub gaps: Vec<Gap>,
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

    /// Everything in a report derives from the snapshot and the findings, so the same
    /// snapshot always gives the same report.
    pub fn new(snapshot: &Snapshot, findings: Vec<Finding>) -> Report {
        let format = |t: time::OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
        let collected_at = format(snapshot.collected_at);
        Report {
            schema_version: REPORT_SCHEMA_VERSION,
            tool: Tool {
                name: "azscan".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            scan: ScanInfo {
                subscriptions: vec![snapshot.subscription.id.clone()],
                tenant_id: snapshot.subscription.tenant_id.clone(),
                collected_at: collected_at.clone(),
                started_at: collected_at,
                finished_at: format(snapshot.finished_at.unwrap_or(snapshot.collected_at)),
                requests: snapshot.requests,
                complete: !findings.iter().any(|f| f.status == Status::Error),
                gaps: snapshot.gaps.clone(),
            },
            summary: Summary::of(&findings),
            baseline: None,
            findings,
            compliance: Vec::new(),
        }
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
