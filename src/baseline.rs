//! Baselines (`--baseline previous.json`): an earlier JSON report's FAIL results, so
//! a scan can tell new problems from ones a team already knows about, and the gate
//! can judge only the new ones.

use crate::report::{
    BaselineSummary, OLDEST_READABLE_REPORT, REPORT_SCHEMA_VERSION, Report, SubscriptionInfo,
};
use crate::rules::{BaselineState, Status};
use crate::snapshot::canonical_id;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// The problems of the baseline report, by (check ID, canonical resource ID).
#[derive(Debug)]
pub struct Baseline {
    problems: BTreeSet<(String, String)>,
    subscriptions: BTreeSet<String>,
}

/// Only what a baseline needs, so reports from other azscan versions of the same
/// schema still load.
#[derive(Deserialize)]
struct PreviousReport {
    schema_version: u32,
    scan: PreviousScan,
    findings: Vec<PreviousFinding>,
}

#[derive(Deserialize)]
struct PreviousScan {
    #[serde(deserialize_with = "crate::report::subscriptions_of_any_version")]
    subscriptions: Vec<SubscriptionInfo>,
}

#[derive(Deserialize)]
struct PreviousFinding {
    rule_id: String,
    resource_id: String,
    status: Status,
    #[serde(default)]
    original_status: Option<Status>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline {shown}: {e}"))?;
        Baseline::parse(&text).map_err(|e| format!("baseline {shown}: {e}"))
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let previous: PreviousReport = serde_json::from_str(text).map_err(|e| {
            let truncated = if e.is_eof() { "truncated, " } else { "" };
            format!("{truncated}not an azscan JSON report (`azscan scan --format json`): {e}")
        })?;
        if !(OLDEST_READABLE_REPORT..=REPORT_SCHEMA_VERSION).contains(&previous.schema_version) {
            return Err(format!(
                "schema_version {} is not a version this azscan reads ({OLDEST_READABLE_REPORT} to {REPORT_SCHEMA_VERSION})",
                previous.schema_version
            ));
        }
        // A finding muted back then was still a problem the team knew about.
        let problems = previous
            .findings
            .into_iter()
            .filter(|f| {
                f.status == Status::Fail
                    || (f.status == Status::Muted && f.original_status == Some(Status::Fail))
            })
            .map(|f| (f.rule_id.to_ascii_uppercase(), canonical_id(&f.resource_id)))
            .collect();
        let subscriptions = previous
            .scan
            .subscriptions
            .iter()
            .filter(|s| s.scanned)
            .map(|s| s.id.to_ascii_lowercase())
            .collect();
        Ok(Baseline {
            problems,
            subscriptions,
        })
    }

    /// Marks each FAIL and MUTED finding new or existing and counts new, existing and
    /// fixed. `checks_run` keeps a check left out of this scan from counting as fixed.
    /// Returns a warning when the baseline is of another subscription, since then
    /// every finding is new.
    pub fn apply(&self, report: &mut Report, checks_run: &BTreeSet<String>) -> Option<String> {
        let mut summary = BaselineSummary::default();
        for finding in report.findings.iter_mut().filter(|f| f.is_problem()) {
            let (rule, resource) = finding.key();
            let known = self
                .problems
                .contains(&(rule.to_ascii_uppercase(), resource));
            finding.baseline = Some(if known {
                BaselineState::Existing
            } else {
                BaselineState::New
            });
            if finding.status == Status::Fail {
                if known {
                    summary.existing += 1;
                } else {
                    summary.new += 1;
                }
            }
        }
        // Still failing (even if muted since) or unreadable now: not fixed.
        let not_fixed: BTreeSet<(String, String)> = report
            .findings
            .iter()
            .filter(|f| f.is_problem() || f.status == Status::Error)
            .map(|f| {
                let (rule, resource) = f.key();
                (rule.to_ascii_uppercase(), resource)
            })
            .collect();
        let scanned: BTreeSet<String> = report
            .scanned_subscriptions()
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect();
        // A problem in a subscription this scan did not read is not fixed: the
        // baseline is compared over the subscriptions both cover.
        summary.fixed = self
            .problems
            .iter()
            .filter(|key| checks_run.contains(&key.0) && !not_fixed.contains(*key))
            .filter(|key| subscription_of(&key.1).is_none_or(|s| scanned.contains(s)))
            .count();
        report.baseline = Some(summary);
        let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(", ");
        if self.subscriptions.is_disjoint(&scanned) {
            Some(format!(
                "the baseline is a report of subscription(s) {}, not of {}: every finding counts as new",
                list(&self.subscriptions),
                list(&scanned)
            ))
        } else if self.subscriptions != scanned {
            Some(format!(
                "the baseline covers subscription(s) {} and this scan {}: findings of a subscription only one of them covers count as new, and none of its baseline problems as fixed",
                list(&self.subscriptions),
                list(&scanned)
            ))
        } else {
            None
        }
    }
}

/// The subscription of a canonical resource ID (`/subscriptions/{id}/...`); tenant-
/// level resources have none.
fn subscription_of(canonical: &str) -> Option<&str> {
    canonical
        .strip_prefix("/subscriptions/")
        .map(|rest| rest.split('/').next().unwrap_or(rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{finding, report, storage_id};

    #[test]
    fn new_existing_and_fixed_by_check_and_canonical_id() {
        let mut muted = finding("AZST-002", &storage_id("c"), Status::Muted);
        muted.original_status = Some(Status::Fail);
        let previous = report(vec![
            finding("AZST-001", &storage_id("a"), Status::Fail),
            finding("AZST-001", &storage_id("b"), Status::Fail), // fixed
            muted,                                               // muted then, failing now
            finding("AZST-001", &storage_id("e"), Status::Fail), // ERROR now: not fixed
            finding("AKV-001", &storage_id("v"), Status::Fail),  // not run now: not fixed
            finding("AZST-004", &storage_id("p"), Status::Pass),
        ]);
        let baseline = Baseline::parse(&serde_json::to_string(&previous).unwrap()).unwrap();
        let mut now = report(vec![
            finding("AZST-001", &storage_id("a").to_uppercase(), Status::Fail),
            finding("AZST-001", &storage_id("b"), Status::Pass),
            finding("AZST-002", &storage_id("c"), Status::Fail),
            finding("AZST-001", &storage_id("e"), Status::Error),
            finding("AZST-004", &storage_id("p"), Status::Fail),
        ]);
        let run: BTreeSet<String> = ["AZST-001", "AZST-002", "AZST-004"]
            .map(String::from)
            .into();
        assert_eq!(baseline.apply(&mut now, &run), None);
        let state = |rule: &str, name: &str| {
            now.findings
                .iter()
                .find(|f| f.rule_id == rule && f.resource_name.eq_ignore_ascii_case(name))
                .unwrap()
                .baseline
        };
        assert_eq!(state("AZST-001", "a"), Some(BaselineState::Existing));
        assert_eq!(state("AZST-002", "c"), Some(BaselineState::Existing));
        assert_eq!(state("AZST-004", "p"), Some(BaselineState::New));
        assert_eq!(state("AZST-001", "b"), None, "PASS carries no marker");
        assert_eq!(state("AZST-001", "e"), None, "ERROR carries no marker");
        assert_eq!(
            now.baseline,
            Some(BaselineSummary {
                new: 1,
                existing: 2,
                fixed: 1
            })
        );
    }

    #[test]
    fn a_baseline_of_another_subscription_is_called_out() {
        let mut other = report(vec![]);
        other.scan.subscriptions[0].id = "22222222-2222-2222-2222-222222222222".into();
        let baseline = Baseline::parse(&serde_json::to_string(&other).unwrap()).unwrap();
        let warning = baseline
            .apply(&mut report(vec![]), &BTreeSet::new())
            .unwrap();
        assert!(
            warning.contains("22222222-2222-2222-2222-222222222222"),
            "{warning}"
        );
    }

    #[test]
    fn problems_of_a_subscription_not_scanned_now_are_not_fixed() {
        let other_sub = "00000000-0000-0000-0000-000000000002";
        let mut previous = report(vec![
            finding("AZST-001", &storage_id("a"), Status::Fail),
            finding(
                "AZST-001",
                &format!(
                    "/subscriptions/{other_sub}/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/z"
                ),
                Status::Fail,
            ),
        ]);
        let mut second = previous.scan.subscriptions[0].clone();
        second.id = other_sub.into();
        previous.scan.subscriptions.push(second);
        let baseline = Baseline::parse(&serde_json::to_string(&previous).unwrap()).unwrap();
        let mut now = report(vec![]);
        let checks: BTreeSet<String> = ["AZST-001".to_string()].into();
        let warning = baseline.apply(&mut now, &checks).unwrap();
        assert!(warning.contains("covers subscription(s)"), "{warning}");
        assert_eq!(
            now.baseline.unwrap().fixed,
            1,
            "only the scanned subscription's"
        );
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        assert!(
            Baseline::parse("{}")
                .unwrap_err()
                .contains("not an azscan JSON report")
        );
        assert!(
            Baseline::parse(
                r#"{"schema_version": 9, "scan": {"subscriptions": []}, "findings": []}"#
            )
            .unwrap_err()
            .contains("schema_version 9")
        );
    }
}
