//! Findings: one check's verdict on one resource, with the words users act on.

use super::{Rule, Verdict};
use crate::snapshot::{Snapshot, canonical_id};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Pass,
    Fail,
    /// Not assessed: the data it needed could not be read.
    Error,
    /// Only a human can judge it.
    Manual,
    /// A suppression matched; the finding keeps its original status beside this one.
    Muted,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Pass,
        Status::Fail,
        Status::Error,
        Status::Manual,
        Status::Muted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Error => "ERROR",
            Status::Manual => "MANUAL",
            Status::Muted => "MUTED",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Ordered from least to most severe, so `>=` reads as "at least as severe".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// Most severe first, as reports list them.
    pub const DESCENDING: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "CRITICAL",
            Severity::High => "HIGH",
            Severity::Medium => "MEDIUM",
            Severity::Low => "LOW",
            Severity::Info => "INFO",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::DESCENDING
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The JSON report's finding object (DESIGN.md, schema_version 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub title: Arc<str>,
    pub severity: Severity,
    pub status: Status,
    pub resource_id: String,
    pub resource_name: String,
    pub resource_type: String,
    pub subscription_id: String,
    pub location: Option<String>,
    pub message: String,
    pub remediation: Arc<str>,
    pub evidence: serde_json::Value,
    /// Only on MUTED findings: the status the suppression hid (always FAIL today).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_status: Option<Status>,
    /// Only on MUTED findings: the `[[suppress]]` entry that matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<SuppressionNote>,
    /// Only when the scan ran with `--baseline`, on FAIL and MUTED findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineState>,
}

/// Why a finding is MUTED, as the configuration file gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuppressionNote {
    pub reason: String,
    /// `YYYY-MM-DD`, the last day the suppression mutes; absent when it never expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// Whether a finding was already a problem in the baseline report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineState {
    New,
    Existing,
}

impl Finding {
    pub fn new(rule: &Rule, snapshot: &Snapshot, verdict: Verdict) -> Finding {
        Finding {
            rule_id: rule.check.id.to_string(),
            title: rule.meta.title.clone(),
            severity: rule.meta.severity,
            status: verdict.status,
            resource_id: verdict.subject.id,
            resource_name: verdict.subject.name,
            resource_type: verdict.subject.resource_type,
            subscription_id: snapshot.subscription.id.clone(),
            location: verdict.subject.location,
            message: verdict.message,
            remediation: rule.meta.remediation.summary.clone(),
            evidence: verdict.evidence,
            original_status: None,
            suppression: None,
            baseline: None,
        }
    }

    /// The identity of a finding across scans: check and canonical resource ID.
    pub fn key(&self) -> (String, String) {
        (self.rule_id.clone(), canonical_id(&self.resource_id))
    }

    /// A FAIL, muted or not: what a baseline tracks.
    pub fn is_problem(&self) -> bool {
        self.status == Status::Fail
            || (self.status == Status::Muted && self.original_status == Some(Status::Fail))
    }

    /// Sorts into `report_order`, then by subscription. What it sorts is nearly always a
    /// few runs already in order (each subscription's findings, the tenant's, each merged
    /// report's), and there may be hundreds of thousands of findings: so nothing happens
    /// when they are in order, and otherwise their positions are sorted (a stable merge
    /// of those runs, with a comparator that allocates nothing) and the findings moved
    /// into place, which needs a few megabytes rather than a copy of half the findings.
    pub fn sort_for_report(findings: &mut [Finding]) {
        let order = |a: &Finding, b: &Finding| {
            Finding::report_order(a, b).then_with(|| a.subscription_id.cmp(&b.subscription_id))
        };
        if findings.is_sorted_by(|a, b| order(a, b).is_le()) {
            return;
        }
        let mut positions: Vec<usize> = (0..findings.len()).collect();
        positions.sort_by(|&a, &b| order(&findings[a], &findings[b]));
        permute(findings, positions);
    }

    /// Sorts one check's findings on one subscription into `report_order` (they share
    /// severity, rule and subscription), computing each resource's sort key once.
    pub(super) fn sort_within_check(findings: &mut [Finding]) {
        findings.sort_by_cached_key(|f| (canonical_id(&f.resource_id), f.message.clone()));
    }

    /// Most severe first, then by rule and resource, so output is deterministic.
    pub fn report_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
        b.severity
            .cmp(&a.severity)
            .then_with(|| super::id_order(&a.rule_id, &b.rule_id))
            .then_with(|| cmp_ids(&a.resource_id, &b.resource_id))
            .then_with(|| a.message.cmp(&b.message))
    }
}

/// Moves `items[sources[k]]` to position `k` for every `k`, in place: each cycle of the
/// permutation is followed once, marking positions done as it goes.
fn permute<T>(items: &mut [T], mut sources: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut current = start;
        while sources[current] != DONE {
            let source = sources[current];
            sources[current] = DONE;
            if source == start {
                break;
            }
            items.swap(current, source);
            current = source;
        }
    }
}

/// Two resource IDs as their `canonical_id`s compare, without building them for the
/// ASCII IDs ARM uses: trimmed of spaces and slashes, their lowered bytes compare as the
/// canonical forms do (both gain the same leading `/`).
fn cmp_ids(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return lowered_ascii(a).cmp(lowered_ascii(b));
    }
    canonical_id(a).cmp(&canonical_id(b))
}

fn lowered_ascii(id: &str) -> impl Iterator<Item = u8> + '_ {
    id.trim()
        .trim_matches('/')
        .bytes()
        .map(|byte| byte.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::{canonical_id, cmp_ids, permute};

    #[test]
    fn ids_compare_as_their_canonical_forms_do() {
        let ids = [
            "/subscriptions/S/resourceGroups/rg/providers/X/a",
            "subscriptions/s/resourcegroups/RG/providers/x/A/",
            " /subscriptions/s/resourceGroups/rg-2/providers/X/b ",
            "/subscriptions/s/resourceGroups/rg/providers/X/Ärger",
            "/subscriptions/s/resourceGroups/rg/providers/X/ärger",
            "/subscriptions/s/resourceGroups/rg/providers/X/zed",
            "/subscriptions/s/resourceGroups/rg/providers/X/ΣΟΦΙΑ",
            "",
            "/",
        ];
        for a in ids {
            for b in ids {
                assert_eq!(
                    cmp_ids(a, b),
                    canonical_id(a).cmp(&canonical_id(b)),
                    "{a:?} against {b:?}"
                );
            }
        }
        assert!(
            cmp_ids(ids[0], ids[1]).is_eq(),
            "case and slashes aside, one ID"
        );
    }

    fn permutations(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![Vec::new()];
        }
        let mut all = Vec::new();
        for shorter in permutations(n - 1) {
            for at in 0..=shorter.len() {
                let mut longer = shorter.clone();
                longer.insert(at, n - 1);
                all.push(longer);
            }
        }
        all
    }

    #[test]
    fn permute_moves_every_item_to_where_its_source_says() {
        let items = ["a", "b", "c", "d", "e", "f"];
        let all = permutations(items.len());
        assert_eq!(all.len(), 720);
        for sources in all {
            let expected: Vec<&str> = sources.iter().map(|&s| items[s]).collect();
            let mut moved = items.to_vec();
            permute(&mut moved, sources.clone());
            assert_eq!(moved, expected, "sources {sources:?}");
        }
    }
}
