//! Azure Monitor collector: the subscription's Activity Log export settings, activity
//! log alerts and Log Analytics workspaces. Also owns parsing diagnostic settings,
//! which other collectors reuse for per-resource settings (e.g. Key Vault for AZMON-004).

use super::calls::{ACTIVITY_LOG_ALERTS, DIAGNOSTIC_SETTINGS, WORKSPACES};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::Fetched;
use crate::snapshot::monitor::{
    ActivityLogAlert, AlertCondition, DiagnosticSetting, LogSetting, MonitorData, Workspace,
};

pub async fn collect(c: &Collector) -> MonitorData {
    let (subscription_diagnostic_settings, activity_log_alerts, workspaces) = tokio::join!(
        async {
            if !c.plan.wants(Source::SubscriptionDiagnostics) {
                return Fetched::NotCollected;
            }
            let subscription = format!("/subscriptions/{}", c.subscription.id);
            c.list_under(
                &DIAGNOSTIC_SETTINGS,
                &subscription,
                parse_diagnostic_setting,
            )
            .await
        },
        async {
            if !c.plan.wants(Source::ActivityLogAlerts) {
                return Fetched::NotCollected;
            }
            let alerts = c.list(&ACTIVITY_LOG_ALERTS, parse_alert).await;
            // The alert checks judge the whole list against the subscription.
            let (path, subscription) = (
                ACTIVITY_LOG_ALERTS.path_for(&c.subscription.id),
                format!("/subscriptions/{}", c.subscription.id),
            );
            c.recharge(|u| u.call == path, |_| vec![subscription.clone()]);
            alerts
        },
        async {
            if !c.plan.wants(Source::Workspaces) {
                return Fetched::NotCollected;
            }
            c.list(&WORKSPACES, parse_workspace).await
        },
    );
    MonitorData {
        subscription_diagnostic_settings,
        activity_log_alerts,
        workspaces,
    }
}

/// One diagnostic setting of any resource (or of the subscription itself).
pub fn parse_diagnostic_setting(r: &Reader) -> DiagnosticSetting {
    let non_empty = |pointer: &str| r.string(pointer).filter(|s| !s.trim().is_empty());
    DiagnosticSetting {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        workspace_id: non_empty("/properties/workspaceId"),
        storage_account_id: non_empty("/properties/storageAccountId"),
        event_hub_authorization_rule_id: non_empty("/properties/eventHubAuthorizationRuleId"),
        marketplace_partner_id: non_empty("/properties/marketplacePartnerId"),
        logs: r
            .items("/properties/logs")
            .iter()
            .map(|log| LogSetting {
                category: log.string("/category"),
                category_group: log.string("/categoryGroup"),
                enabled: log.boolean("/enabled").unwrap_or(false),
            })
            .collect(),
    }
}

pub(super) fn parse_alert(r: &Reader) -> ActivityLogAlert {
    ActivityLogAlert {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        enabled: r.boolean("/properties/enabled"),
        scopes: r.strings("/properties/scopes"),
        all_of: r
            .items("/properties/condition/allOf")
            .iter()
            .map(parse_condition)
            .collect(),
    }
}

fn parse_condition(r: &Reader) -> AlertCondition {
    AlertCondition {
        field: r.string("/field"),
        equals: r.string("/equals"),
        contains_any: r.strings("/containsAny"),
        any_of: r.items("/anyOf").iter().map(parse_condition).collect(),
    }
}

pub(super) fn parse_workspace(r: &Reader) -> Workspace {
    Workspace {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        retention_in_days: r.number("/properties/retentionInDays").map(|d| d as i64),
    }
}
