//! `azscan merge`: JSON reports of separate runs (CI shards) into one report, as if
//! one scan had read every subscription. Tenant-level results that several runs
//! produced appear once; the summary is recomputed from the merged findings.
//!
//! Refused, because the merged report would mislead: inputs from different azscan
//! versions (their checks differ, so per-subscription results would not compare),
//! inputs judged with different check settings (the same resource could pass in one
//! and fail in the other), and inputs that both read the same subscription (its
//! findings would count twice).

use super::{
    OLDEST_READABLE_REPORT, REPORT_SCHEMA_VERSION, Report, SUBSCRIPTIONS_SCOPE, ScanInfo, Summary,
    Tool, UnreadReason,
};
use crate::rules::{Finding, Status};
use crate::snapshot::canonical_id;
use std::collections::{BTreeMap, BTreeSet};

/// Parses one input, with its name in every error.
pub fn parse(name: &str, text: &str) -> Result<Report, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("{name} is not JSON: {e}"))?;
    let version = value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| format!("{name} is not an azscan JSON report (no schema_version)"))?;
    if !(u64::from(OLDEST_READABLE_REPORT)..=u64::from(REPORT_SCHEMA_VERSION)).contains(&version) {
        return Err(format!(
            "{name} has schema_version {version}; this azscan merges versions {OLDEST_READABLE_REPORT} to {REPORT_SCHEMA_VERSION}"
        ));
    }
    serde_json::from_str(text).map_err(|e| format!("{name} is not an azscan JSON report: {e}"))
}

/// Merges named reports. `tenant_level` tells, by rule ID, which checks run once per
/// tenant: their results are kept once, under the lowest subscription ID (as a scan
/// of all the subscriptions would report them).
pub fn merge(
    inputs: Vec<(String, Report)>,
    tenant_level: impl Fn(&str) -> bool,
) -> Result<Report, String> {
    let Some((first_name, first)) = inputs.first() else {
        return Err("merge needs at least one report".into());
    };
    let version = first.tool.version.clone();
    if let Some((name, other)) = inputs.iter().find(|(_, r)| r.tool.version != version) {
        return Err(format!(
            "{first_name} was written by azscan {version} and {name} by azscan {}: merge reports of one azscan version (run every shard with the same release)",
            other.tool.version
        ));
    }
    let settings = first.settings.clone();
    if let Some((name, _)) = inputs.iter().find(|(_, r)| r.settings != settings) {
        return Err(format!(
            "{first_name} and {name} were judged with different check settings (their `settings` differ): merge reports of runs that used the same azscan.toml"
        ));
    }
    let mut owner: BTreeMap<String, &str> = BTreeMap::new();
    for (name, report) in &inputs {
        for id in report.scanned_subscriptions() {
            if let Some(previous) = owner.insert(id.to_ascii_lowercase(), name) {
                return Err(format!(
                    "subscription {id} was scanned in both {previous} and {name}: its findings would count twice; give each shard its own subscriptions (`azscan plan`)"
                ));
            }
        }
    }
    let scopes: BTreeSet<&str> = inputs.iter().map(|(_, r)| r.scan.scope.as_str()).collect();
    let scope = match scopes.len() {
        1 => first.scan.scope.clone(),
        _ => SUBSCRIPTIONS_SCOPE.to_string(),
    };

    let mut subscriptions = BTreeMap::new();
    let mut tenants = BTreeSet::new();
    let mut gaps = BTreeSet::new();
    let mut requests = 0;
    let mut collected_at = first.scan.collected_at.clone();
    let mut finished_at = first.scan.finished_at.clone();
    // Tenant-level results by (check, resource): the one of the lowest subscription.
    let mut tenant_results: BTreeMap<(String, String), Finding> = BTreeMap::new();
    let mut findings = Vec::new();
    for (_, report) in inputs {
        for info in report.scan.subscriptions {
            let id = info.id.to_ascii_lowercase();
            // A subscription one shard skipped and another read counts as read.
            let keep = subscriptions
                .get(&id)
                .is_none_or(|known: &super::SubscriptionInfo| !known.scanned && info.scanned);
            if keep {
                subscriptions.insert(id, info);
            }
        }
        tenants.extend(report.scan.tenant_id.clone());
        tenants.extend(report.scan.tenants.iter().cloned());
        gaps.extend(report.scan.gaps);
        requests += report.scan.requests;
        // RFC 3339 UTC instants in one format compare as text.
        if report.scan.collected_at < collected_at {
            collected_at = report.scan.collected_at.clone();
        }
        if report.scan.finished_at > finished_at {
            finished_at = report.scan.finished_at.clone();
        }
        for finding in report.findings {
            if !tenant_level(&finding.rule_id) {
                findings.push(finding);
                continue;
            }
            let key = (finding.rule_id.clone(), canonical_id(&finding.resource_id));
            match tenant_results.get(&key) {
                Some(kept) if kept.subscription_id <= finding.subscription_id => {}
                _ => {
                    tenant_results.insert(key, finding);
                }
            }
        }
    }
    findings.extend(tenant_results.into_values());
    Finding::sort_for_report(&mut findings);
    let subscriptions: Vec<_> = subscriptions.into_values().collect();
    let unreadable = subscriptions
        .iter()
        .any(|s| s.skipped == Some(UnreadReason::Unreadable));
    let mut gaps: Vec<_> = gaps.into_iter().collect();
    gaps.sort_by(|a, b| (&a.service, &a.call).cmp(&(&b.service, &b.call)));
    Ok(Report {
        schema_version: REPORT_SCHEMA_VERSION,
        settings,
        // Judged again over the merged findings when `--compliance` asks.
        compliance: Vec::new(),
        tool: Tool {
            name: "azscan".into(),
            version,
        },
        scan: ScanInfo {
            scope,
            subscriptions,
            tenant_id: (tenants.len() == 1)
                .then(|| tenants.iter().next().cloned())
                .flatten(),
            tenants: tenants.into_iter().collect(),
            started_at: collected_at.clone(),
            collected_at,
            finished_at,
            requests,
            complete: !unreadable && !findings.iter().any(|f| f.status == Status::Error),
            gaps,
        },
        summary: Summary::of(&findings),
        // Each input's baseline comparison was against its own baseline; a merged
        // count would mix them, so the merged report has none.
        baseline: None,
        findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_support::{finding, report, storage_id};

    fn named(report: Report, sub: &str) -> Report {
        let mut report = report;
        report.scan.subscriptions[0].id = sub.into();
        for f in &mut report.findings {
            f.subscription_id = sub.into();
        }
        report
    }

    fn tenant_finding(sub: &str) -> Finding {
        let mut f = finding("ENTRA-001", "/tenants/t", Status::Fail);
        f.subscription_id = sub.into();
        f
    }

    #[test]
    fn tenant_results_appear_once_under_the_lowest_subscription() {
        let a = named(
            report(vec![
                tenant_finding("b"),
                finding("AZST-001", &storage_id("x"), Status::Fail),
            ]),
            "b",
        );
        let mut b = named(report(vec![tenant_finding("a")]), "a");
        b.scan.requests = 5;
        let merged = merge(vec![("A".into(), a), ("B".into(), b)], |id| {
            id.starts_with("ENTRA")
        })
        .unwrap();
        let entra: Vec<_> = merged
            .findings
            .iter()
            .filter(|f| f.rule_id == "ENTRA-001")
            .collect();
        assert_eq!(entra.len(), 1);
        assert_eq!(entra[0].subscription_id, "a");
        assert_eq!(merged.summary.fail, 2);
        assert_eq!(merged.scan.subscriptions.len(), 2);
        assert_eq!(merged.scan.requests, 5);
    }

    #[test]
    fn overlapping_subscriptions_and_mixed_versions_are_refused() {
        let err = merge(
            vec![("A".into(), report(vec![])), ("B".into(), report(vec![]))],
            |_| false,
        )
        .unwrap_err();
        assert!(err.contains("scanned in both A and B"), "{err}");
        let mut old = named(report(vec![]), "other");
        old.tool.version = "0.0.1".into();
        let err = merge(
            vec![("A".into(), report(vec![])), ("B".into(), old)],
            |_| false,
        )
        .unwrap_err();
        assert!(err.contains("azscan 0.0.1"), "{err}");
    }

    #[test]
    fn version_1_reports_parse() {
        let text = r#"{"schema_version": 1, "tool": {"name": "azscan", "version": "0.1.0"},
            "scan": {"subscriptions": ["s1"], "tenant_id": null, "collected_at": "x", "started_at": "x",
                     "finished_at": "x", "requests": 1, "complete": true, "gaps": []},
            "summary": {"PASS": 0, "FAIL": 0, "ERROR": 0, "MANUAL": 0, "MUTED": 0}, "findings": []}"#;
        let report = parse("old.json", text).unwrap();
        assert_eq!(report.scan.subscriptions[0].id, "s1");
        assert_eq!(report.scan.scope, "subscriptions");
        assert!(
            parse("x.json", r#"{"schema_version": 7}"#)
                .unwrap_err()
                .contains("schema_version 7")
        );
    }
}
