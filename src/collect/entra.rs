//! Entra ID collector: reads the tenant from Microsoft Graph v1.0 (Global Administrator
//! assignments with their principals, app registrations, service principals and
//! Conditional Access policies). Graph is only reached when a selected check needs it.

use super::{Collector, Source, json};
use crate::arm::Client;
use crate::snapshot::Fetched;
use crate::snapshot::entra::{
    Application, ConditionalAccessPolicy, Credential, EntraData, GLOBAL_ADMINISTRATOR_ROLE,
    GuestsOrExternalUsers, Principal, RoleAssignment, ServicePrincipal,
};
use futures::future::join_all;
use serde_json::Value;
use std::collections::BTreeMap;

const SERVICE: &str = "entra";

pub async fn collect(c: &Collector) -> EntraData {
    // The scan creates a Graph client exactly when the plan wants a Graph source.
    let Some(graph) = c.graph.as_ref() else {
        return EntraData::default();
    };
    let (global_admin_assignments, applications, service_principals, policies) = tokio::join!(
        global_admin_assignments(c, graph),
        applications(c, graph),
        service_principals(c, graph),
        conditional_access_policies(c, graph),
    );
    EntraData {
        global_admin_assignments,
        applications,
        service_principals,
        conditional_access_policies: policies,
    }
}

async fn list(
    c: &Collector,
    graph: &Client,
    path: &str,
    query: &[(&str, &str)],
) -> Fetched<Vec<Value>> {
    match graph.list(path, query).await {
        Ok(items) => Fetched::Ok(items),
        Err(e) => Fetched::Failed(c.gap(SERVICE, e)),
    }
}

async fn global_admin_assignments(c: &Collector, graph: &Client) -> Fetched<Vec<RoleAssignment>> {
    if !c.plan.wants(Source::GraphRoleAssignments) {
        return Fetched::NotCollected;
    }
    let filter = format!("roleDefinitionId eq '{GLOBAL_ADMINISTRATOR_ROLE}'");
    let listed = list(
        c,
        graph,
        "/v1.0/roleManagement/directory/roleAssignments",
        &[("$filter", &filter), ("$expand", "principal")],
    )
    .await;
    let mut assignments =
        match listed.map(|items| items.iter().map(parse_assignment).collect::<Vec<_>>()) {
            Fetched::Ok(assignments) => assignments,
            unavailable => return unavailable,
        };
    // Graph may leave `principal` out (or return it without `@odata.type`); only the
    // object itself tells a service principal from a user, so look those up, once each.
    let unresolved: Vec<String> = assignments
        .iter()
        .filter(|a| !matches!(&a.principal, Fetched::Ok(p) if p.odata_type.is_some()))
        .map(|a| a.principal_id.clone())
        .filter(|id| !id.is_empty())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let looked_up = join_all(unresolved.into_iter().map(|id| async move {
        let path = format!("/v1.0/directoryObjects/{id}");
        let found = match graph.get(&path, &[]).await {
            Ok(object) => Fetched::Ok(parse_principal(&object)),
            Err(e) => Fetched::Failed(c.gap(SERVICE, e)),
        };
        (id, found)
    }))
    .await;
    let looked_up: BTreeMap<String, Fetched<Principal>> = looked_up.into_iter().collect();
    for assignment in &mut assignments {
        if let Some(found) = looked_up.get(&assignment.principal_id) {
            assignment.principal = found.clone();
        }
    }
    Fetched::Ok(assignments)
}

fn parse_assignment(v: &Value) -> RoleAssignment {
    let principal = match v.get("principal") {
        Some(p) if p.is_object() => Fetched::Ok(parse_principal(p)),
        _ => Fetched::NotCollected,
    };
    RoleAssignment {
        id: json::string(v, "/id").unwrap_or_default(),
        role_definition_id: json::string(v, "/roleDefinitionId"),
        directory_scope_id: json::string(v, "/directoryScopeId"),
        principal_id: json::string(v, "/principalId")
            .or_else(|| json::string(v, "/principal/id"))
            .unwrap_or_default(),
        principal,
    }
}

fn parse_principal(v: &Value) -> Principal {
    Principal {
        odata_type: json::string(v, "/@odata.type").filter(|t| !t.trim().is_empty()),
        display_name: json::string(v, "/displayName"),
        app_id: json::string(v, "/appId"),
        service_principal_type: json::string(v, "/servicePrincipalType"),
    }
}

async fn applications(c: &Collector, graph: &Client) -> Fetched<Vec<Application>> {
    if !c.plan.wants(Source::GraphApplications) {
        return Fetched::NotCollected;
    }
    list(
        c,
        graph,
        "/v1.0/applications",
        &[(
            "$select",
            "id,appId,displayName,passwordCredentials,keyCredentials",
        )],
    )
    .await
    .map(|items| {
        items
            .iter()
            .map(|v| Application {
                id: json::string(v, "/id").unwrap_or_default(),
                app_id: json::string(v, "/appId"),
                display_name: json::string(v, "/displayName"),
                password_credentials: credentials(v, "/passwordCredentials"),
                key_credentials: credentials(v, "/keyCredentials"),
            })
            .collect()
    })
}

async fn service_principals(c: &Collector, graph: &Client) -> Fetched<Vec<ServicePrincipal>> {
    if !c.plan.wants(Source::GraphServicePrincipals) {
        return Fetched::NotCollected;
    }
    list(
        c,
        graph,
        "/v1.0/servicePrincipals",
        &[(
            "$select",
            "id,appId,displayName,servicePrincipalType,appOwnerOrganizationId,passwordCredentials",
        )],
    )
    .await
    .map(|items| {
        items
            .iter()
            .map(|v| ServicePrincipal {
                id: json::string(v, "/id").unwrap_or_default(),
                app_id: json::string(v, "/appId"),
                display_name: json::string(v, "/displayName"),
                service_principal_type: json::string(v, "/servicePrincipalType"),
                app_owner_organization_id: json::string(v, "/appOwnerOrganizationId"),
                password_credentials: credentials(v, "/passwordCredentials"),
            })
            .collect()
    })
}

fn credentials(v: &Value, pointer: &str) -> Vec<Credential> {
    json::array(v, pointer)
        .iter()
        .filter(|c| c.is_object())
        .map(|c| Credential {
            key_id: json::string(c, "/keyId"),
            display_name: json::string(c, "/displayName"),
            start_date_time: json::time(c, "/startDateTime"),
            end_date_time: json::time(c, "/endDateTime"),
        })
        .collect()
}

async fn conditional_access_policies(
    c: &Collector,
    graph: &Client,
) -> Fetched<Vec<ConditionalAccessPolicy>> {
    if !c.plan.wants(Source::GraphConditionalAccess) {
        return Fetched::NotCollected;
    }
    list(c, graph, "/v1.0/identity/conditionalAccess/policies", &[])
        .await
        .map(|items| items.iter().map(parse_policy).collect())
}

fn parse_policy(v: &Value) -> ConditionalAccessPolicy {
    let users = "/conditions/users";
    let guests = |field: &str| {
        v.pointer(&format!("{users}/{field}"))
            .filter(|g| g.is_object())
            .map(|g| GuestsOrExternalUsers {
                guest_or_external_user_types: json::string(g, "/guestOrExternalUserTypes"),
            })
    };
    ConditionalAccessPolicy {
        id: json::string(v, "/id").unwrap_or_default(),
        display_name: json::string(v, "/displayName"),
        state: json::string(v, "/state"),
        include_applications: json::strings(v, "/conditions/applications/includeApplications"),
        include_users: json::strings(v, &format!("{users}/includeUsers")),
        exclude_users: json::strings(v, &format!("{users}/excludeUsers")),
        exclude_groups: json::strings(v, &format!("{users}/excludeGroups")),
        include_roles: json::strings(v, &format!("{users}/includeRoles")),
        exclude_roles: json::strings(v, &format!("{users}/excludeRoles")),
        include_guests_or_external_users: guests("includeGuestsOrExternalUsers"),
        exclude_guests_or_external_users: guests("excludeGuestsOrExternalUsers"),
        sign_in_risk_levels: json::strings(v, "/conditions/signInRiskLevels"),
        grant_operator: json::string(v, "/grantControls/operator"),
        built_in_controls: json::strings(v, "/grantControls/builtInControls"),
        custom_authentication_factors: json::strings(
            v,
            "/grantControls/customAuthenticationFactors",
        ),
        terms_of_use: json::strings(v, "/grantControls/termsOfUse"),
        authentication_strength: v
            .pointer("/grantControls/authenticationStrength")
            .filter(|s| s.is_object())
            .map(|s| {
                json::string(s, "/displayName")
                    .or_else(|| json::string(s, "/id"))
                    .unwrap_or_else(|| "unnamed authentication strength".into())
            }),
    }
}
