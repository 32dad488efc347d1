//! Azure Monitor collector: the subscription's Activity Log export settings, activity
//! log alerts and Log Analytics workspaces. Also owns parsing diagnostic settings,
//! which other collectors reuse for per-resource settings (e.g. Key Vault for AZMON-004).
//! For AZMON-015…017 it also reads Application Insights components, the resources of the
//! M2 types (one generic paged list, then each one's diagnostic settings) and Microsoft
//! Entra ID's own diagnostic settings (tenant scope).

use super::calls::Call;
use super::calls::{
    AAD_DIAGNOSTIC_SETTINGS, ACTIVITY_LOG_ALERTS, APP_INSIGHTS_COMPONENTS, DIAGNOSTIC_SETTINGS,
    GENERIC_RESOURCES, WORKSPACES,
};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::Fetched;
use crate::snapshot::monitor::{
    ActivityLogAlert, AlertCondition, AppInsightsComponent, DiagnosticSetting, LogSetting,
    MonitorData, MonitoredResource, Workspace,
};

pub async fn collect(c: &Collector) -> MonitorData {
    let (
        (subscription_diagnostic_settings, activity_log_alerts, workspaces),
        (app_insights_components, resources, aad_diagnostic_settings),
    ) = tokio::join!(activity_and_workspaces(c), resources_and_entra(c));
    MonitorData {
        subscription_diagnostic_settings,
        activity_log_alerts,
        workspaces,
        app_insights_components,
        resources,
        aad_diagnostic_settings,
    }
}

type ActivityAndWorkspaces = (
    Fetched<Vec<DiagnosticSetting>>,
    Fetched<Vec<ActivityLogAlert>>,
    Fetched<Vec<Workspace>>,
);

async fn activity_and_workspaces(c: &Collector) -> ActivityAndWorkspaces {
    tokio::join!(
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
            charge_to(
                c,
                &ACTIVITY_LOG_ALERTS,
                &c.subscription.id,
                subscription_id(c),
            );
            alerts
        },
        async {
            if !c.plan.wants(Source::Workspaces) {
                return Fetched::NotCollected;
            }
            c.list(&WORKSPACES, parse_workspace).await
        },
    )
}

type ResourcesAndEntra = (
    Fetched<Vec<AppInsightsComponent>>,
    Fetched<Vec<MonitoredResource>>,
    Fetched<Vec<DiagnosticSetting>>,
);

async fn resources_and_entra(c: &Collector) -> ResourcesAndEntra {
    tokio::join!(
        async {
            if !c.plan.wants(Source::AppInsightsComponents) {
                return Fetched::NotCollected;
            }
            let components = c.list(&APP_INSIGHTS_COMPONENTS, parse_component).await;
            // AZMON-015 judges the whole list against the subscription.
            charge_to(
                c,
                &APP_INSIGHTS_COMPONENTS,
                &c.subscription.id,
                subscription_id(c),
            );
            components
        },
        monitored_resources(c),
        async {
            if !c.plan.wants(Source::AadDiagnostics) {
                return Fetched::NotCollected;
            }
            let settings = c
                .list(&AAD_DIAGNOSTIC_SETTINGS, parse_diagnostic_setting)
                .await;
            // AZMON-017 judges the whole list against the tenant.
            let tenant = format!(
                "/tenants/{}",
                c.subscription.tenant_id.as_deref().unwrap_or("unknown")
            );
            charge_to(c, &AAD_DIAGNOSTIC_SETTINGS, "", tenant);
            settings
        },
    )
}

fn subscription_id(c: &Collector) -> String {
    format!("/subscriptions/{}", c.subscription.id)
}

/// Charges the wrong-typed fields of every item `call` returned (for `scope`) to
/// `subject`: a check judging the whole list against the subscription or tenant must not
/// judge a list it misread.
fn charge_to(c: &Collector, call: &Call, scope: &str, subject: String) {
    let path = call.path_for(scope);
    c.recharge(|u| u.call == path, |_| vec![subject.clone()]);
}

/// The M2 resources: one paged generic list filtered on their types (the filter is
/// re-applied here, as ARM's `$filter` is only an optimisation), then each in-scope
/// resource's diagnostic settings, concurrently; one refused read costs that resource.
async fn monitored_resources(c: &Collector) -> Fetched<Vec<MonitoredResource>> {
    if !c
        .plan
        .wants_any(&[Source::MonitoredResources, Source::ResourceDiagnostics])
    {
        return Fetched::NotCollected;
    }
    let types = c.plan.diagnostic_resource_types();
    if types.is_empty() {
        return Fetched::Ok(Vec::new());
    }
    let filter = types
        .iter()
        .map(|t| format!("resourceType eq '{}'", t.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(" or ");
    let mut resources = c
        .list_query(&GENERIC_RESOURCES, &[("$filter", &filter)], parse_resource)
        .await
        .map(|all| {
            all.into_iter()
                .filter(|r| r.in_scope(&types))
                .collect::<Vec<_>>()
        });
    if let Fetched::Ok(resources) = &mut resources
        && c.plan.wants(Source::ResourceDiagnostics)
    {
        let read = async |resource: &MonitoredResource| {
            c.list_under(&DIAGNOSTIC_SETTINGS, &resource.id, parse_diagnostic_setting)
                .await
        };
        c.children(resources, read, |resource, settings| {
            resource.diagnostic_settings = settings
        })
        .await;
    }
    resources
}

pub(super) fn parse_component(r: &Reader) -> AppInsightsComponent {
    AppInsightsComponent {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
    }
}

pub(super) fn parse_resource(r: &Reader) -> MonitoredResource {
    MonitoredResource {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        resource_type: r.string("/type").unwrap_or_default(),
        location: r.string("/location"),
        sku: r.string("/sku/name"),
        diagnostic_settings: Fetched::NotCollected,
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
        action_groups: r
            .items("/properties/actions/actionGroups")
            .iter()
            .filter_map(|group| group.string("/actionGroupId"))
            .filter(|id| !id.trim().is_empty())
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
