//! M1, activity log alert coverage (CHECKS-2), shared by AZMON-008…012: an alert covers
//! an operation when it is enabled, scoped to the subscription itself, names the
//! operation in `condition.allOf` (directly, or in an `anyOf`), is narrowed by nothing
//! but `category` Administrative or the operation's resource type, and notifies an
//! action group. AZMON-003/007 keep CHECKS.md's older rule.

use crate::rules::Verdicts;
use crate::rules::evidence::{FEW, first_few};
use crate::snapshot::Snapshot;
use crate::snapshot::monitor::{ActivityLogAlert, AlertCondition};
use serde_json::json;

/// How one alert relates to one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// Fires on the operation and notifies someone.
    Covers,
    /// Would fire on the operation, but has no action group.
    Silent,
    No,
}

fn field_is(condition: &AlertCondition, field: &str) -> bool {
    condition
        .field
        .as_deref()
        .is_some_and(|f| f.trim().eq_ignore_ascii_case(field))
}

/// The leaf's values (`equals` and `containsAny`) hold `value`, case-insensitively.
fn holds(condition: &AlertCondition, value: &str) -> bool {
    condition
        .equals
        .iter()
        .chain(condition.contains_any.iter())
        .any(|v| v.trim().eq_ignore_ascii_case(value))
}

/// A leaf `operationName` naming `operation`.
fn names_operation(condition: &AlertCondition, operation: &str) -> bool {
    condition.any_of.is_empty()
        && field_is(condition, "operationName")
        && holds(condition, operation)
}

/// A leaf that does not narrow the alert below the operation: `category` holding
/// Administrative, or `resourceType` holding the operation's type.
fn harmless(condition: &AlertCondition, resource_type: &str) -> bool {
    if !condition.any_of.is_empty() {
        return condition.any_of.iter().all(|c| harmless(c, resource_type));
    }
    (field_is(condition, "category") && holds(condition, "Administrative"))
        || (field_is(condition, "resourceType") && holds(condition, resource_type))
}

/// Whether `alert`'s condition fires on every `operation` event in the subscription.
fn fires_on(alert: &ActivityLogAlert, operation: &str) -> bool {
    let resource_type = operation.rsplit_once('/').map_or(operation, |(t, _)| t);
    let mut named = false;
    for condition in &alert.all_of {
        let names = names_operation(condition, operation)
            || condition
                .any_of
                .iter()
                .any(|c| names_operation(c, operation));
        if names {
            // An `anyOf` holding the operation only widens the alert.
            named = true;
        } else if !harmless(condition, resource_type) {
            return false;
        }
    }
    named
}

fn relate(alert: &ActivityLogAlert, subscription: &str, operation: &str) -> Match {
    if !alert.is_enabled()
        || !alert.scopes_subscription(subscription)
        || !fires_on(alert, operation)
    {
        return Match::No;
    }
    if alert.action_groups.is_empty() {
        Match::Silent
    } else {
        Match::Covers
    }
}

/// Judges the subscription: PASS when every operation is covered, FAIL naming the
/// uncovered ones (and the alerts that would fire but notify nobody).
pub fn judge(snapshot: &Snapshot, out: &mut Verdicts, operations: &[&str]) {
    let Some(alerts) = out.readable_in_subscription(
        &snapshot.monitor.activity_log_alerts,
        "the activity log alert list",
    ) else {
        return;
    };
    let subscription = snapshot.subscription_resource_id();
    let mut covered = Vec::new();
    let mut uncovered = Vec::new();
    let mut silent = Vec::new();
    for operation in operations {
        let related: Vec<(&ActivityLogAlert, Match)> = alerts
            .iter()
            .map(|a| (a, relate(a, &subscription, operation)))
            .collect();
        match related.iter().find(|(_, m)| *m == Match::Covers) {
            Some((alert, _)) => {
                covered.push(json!({ "operation": operation, "alert": alert.name }));
            }
            None => {
                uncovered.push(*operation);
                silent.extend(
                    related
                        .iter()
                        .filter(|(_, m)| *m == Match::Silent)
                        .map(|(a, _)| a.name.as_str()),
                );
            }
        }
    }
    silent.sort_unstable();
    silent.dedup();
    let message = if uncovered.is_empty() {
        format!(
            "an enabled subscription-wide alert with an action group watches {}",
            operations.join(", ")
        )
    } else {
        let mut text = format!(
            "no enabled subscription-wide alert with an action group watches: {}",
            uncovered.join(", ")
        );
        // An estate can hold hundreds of such alerts: name the first few and the count.
        match silent.len() {
            0 => {}
            1..=FEW => text.push_str(&format!(
                " (alert {} matches but notifies nobody: it has no action group)",
                silent.join(", ")
            )),
            n => text.push_str(&format!(
                " ({n} alerts match but notify nobody: they have no action group; first {FEW}: {})",
                silent[..FEW].join(", ")
            )),
        }
        text
    };
    let subject = out.subscription();
    out.judge(
        uncovered.is_empty(),
        subject,
        message,
        json!({
            "covered": covered,
            "uncovered": uncovered,
            "alertsWithoutActionGroup": first_few(&silent),
            "alertsWithoutActionGroupCount": silent.len(),
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(field: &str, equals: &str) -> AlertCondition {
        AlertCondition {
            field: Some(field.into()),
            equals: Some(equals.into()),
            ..AlertCondition::default()
        }
    }

    fn alert(all_of: Vec<AlertCondition>) -> ActivityLogAlert {
        ActivityLogAlert {
            name: "a".into(),
            enabled: Some(true),
            scopes: vec!["subscriptions/S1".into()],
            all_of,
            action_groups: vec!["/ag".into()],
            ..ActivityLogAlert::default()
        }
    }

    const OP: &str = "Microsoft.Network/publicIPAddresses/delete";

    #[test]
    fn narrowing_leaves_disqualify_and_widening_any_of_does_not() {
        let sub = "/subscriptions/s1";
        let plain = alert(vec![
            leaf("category", "Administrative"),
            leaf("operationName", OP),
        ]);
        assert_eq!(relate(&plain, sub, OP), Match::Covers);
        let no_category = alert(vec![leaf("operationName", &OP.to_lowercase())]);
        assert_eq!(relate(&no_category, sub, OP), Match::Covers);
        let typed = alert(vec![
            leaf("resourceType", "microsoft.network/publicipaddresses"),
            leaf("operationName", OP),
        ]);
        assert_eq!(relate(&typed, sub, OP), Match::Covers);
        let narrowed = alert(vec![leaf("operationName", OP), leaf("resourceGroup", "rg")]);
        assert_eq!(relate(&narrowed, sub, OP), Match::No);
        let security = alert(vec![
            leaf("category", "Security"),
            leaf("operationName", OP),
        ]);
        assert_eq!(relate(&security, sub, OP), Match::No);
        let widened = alert(vec![AlertCondition {
            any_of: vec![
                leaf("operationName", OP),
                leaf("operationName", "x/y/write"),
            ],
            ..AlertCondition::default()
        }]);
        assert_eq!(relate(&widened, sub, OP), Match::Covers);
        let mut silent = plain.clone();
        silent.action_groups.clear();
        assert_eq!(relate(&silent, sub, OP), Match::Silent);
        let mut in_group = plain.clone();
        in_group.scopes = vec!["/subscriptions/s1/resourceGroups/rg".into()];
        assert_eq!(relate(&in_group, sub, OP), Match::No);
        let mut disabled = plain;
        disabled.enabled = None;
        assert_eq!(relate(&disabled, sub, OP), Match::No);
    }
}
