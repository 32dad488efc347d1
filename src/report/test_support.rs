//! Hand-built findings and reports for the report, suppression and baseline tests.

use super::{REPORT_SCHEMA_VERSION, Report, ScanInfo, Summary, Tool};
use crate::rules::{Finding, Status, find};

pub const SUB: &str = "00000000-0000-0000-0000-000000000001";

/// A finding of a real catalog check (title and severity from its metadata).
pub fn finding(rule_id: &str, resource_id: &str, status: Status) -> Finding {
    let rule = find(rule_id).unwrap_or_else(|| panic!("no check {rule_id}"));
    Finding {
        rule_id: rule.check.id.into(),
        title: rule.meta.title.clone(),
        severity: rule.meta.severity,
        status,
        resource_id: resource_id.into(),
        resource_name: resource_id.rsplit('/').next().unwrap_or_default().into(),
        resource_type: rule.meta.resource_type.clone(),
        subscription_id: SUB.into(),
        location: Some("westeurope".into()),
        message: format!(
            "{} on {}",
            rule.meta.title,
            resource_id.rsplit('/').next().unwrap_or_default()
        ),
        remediation: rule.meta.remediation.summary.clone(),
        evidence: serde_json::json!({"observed": status.as_str()}),
        original_status: None,
        suppression: None,
        baseline: None,
    }
}

/// A storage account ID in the test subscription.
pub fn storage_id(name: &str) -> String {
    format!(
        "/subscriptions/{SUB}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/{name}"
    )
}

pub fn report(mut findings: Vec<Finding>) -> Report {
    findings.sort_by(Finding::report_order);
    let at = "2026-06-01T00:00:00Z".to_string();
    Report {
        schema_version: REPORT_SCHEMA_VERSION,
        tool: Tool {
            name: "azscan".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        scan: ScanInfo {
            scope: super::SUBSCRIPTIONS_SCOPE.into(),
            subscriptions: vec![super::SubscriptionInfo {
                id: SUB.into(),
                display_name: None,
                state: None,
                tenant_id: None,
                scanned: true,
                skipped: None,
                error: None,
            }],
            tenant_id: Some("11111111-1111-1111-1111-111111111111".into()),
            tenants: vec!["11111111-1111-1111-1111-111111111111".into()],
            collected_at: at.clone(),
            started_at: at.clone(),
            finished_at: at,
            requests: 0,
            complete: !findings.iter().any(|f| f.status == Status::Error),
            gaps: vec![],
        },
        summary: Summary::of(&findings),
        settings: serde_json::Value::Null,
        baseline: None,
        findings,
        compliance: Vec::new(),
    }
}
