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
    c.fetched(SERVICE, graph.list(path, query).await)
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
    // Graph may leave `principal` out, or return it without `@odata.type` or as a bare
    // `directoryObject`; only the object itself tells a service principal from a user,
    // so look those up, once each.
    let unresolved: Vec<String> = assignments
        .iter()
        .filter(|a| !matches!(&a.principal, Fetched::Ok(p) if has_specific_type(p)))
        .map(|a| a.principal_id.clone())
        .filter(|id| !id.is_empty())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let looked_up = join_all(unresolved.into_iter().map(|id| async move {
        let path = format!("/v1.0/directoryObjects/{id}");
        let found = c
            .fetched(SERVICE, graph.get(&path, &[]).await)
            .map(|object| parse_principal(&object));
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

/// A principal whose `@odata.type` names what it is (not the generic directoryObject).
fn has_specific_type(principal: &Principal) -> bool {
    principal.odata_type.as_deref().is_some_and(|t| {
        !t.trim()
            .eq_ignore_ascii_case("#microsoft.graph.directoryObject")
    })
}

pub(super) fn parse_assignment(v: &Value) -> RoleAssignment {
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

pub(super) fn parse_principal(v: &Value) -> Principal {
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

pub(super) fn parse_policy(v: &Value) -> ConditionalAccessPolicy {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::entra::PrincipalKind;
    use serde_json::json;

    #[test]
    fn only_a_specific_odata_type_spares_the_principal_lookup() {
        let typed = |t: Option<&str>| Principal {
            odata_type: t.map(str::to_string),
            ..Default::default()
        };
        assert!(has_specific_type(&typed(Some(
            "#microsoft.graph.servicePrincipal"
        ))));
        assert!(has_specific_type(&typed(Some("#Microsoft.Graph.User"))));
        assert!(!has_specific_type(&typed(Some(
            "#microsoft.graph.directoryObject"
        ))));
        assert!(!has_specific_type(&typed(None)));
    }

    #[test]
    fn assignments_keep_expanded_principals_and_mark_missing_ones() {
        let expanded = parse_assignment(&json!({
            "id": "a1", "principalId": "p1", "roleDefinitionId": GLOBAL_ADMINISTRATOR_ROLE,
            "directoryScopeId": "/",
            "principal": {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "p1",
                          "displayName": "ci", "appId": "app-1", "servicePrincipalType": "Application"}
        }));
        let principal = expanded.principal.ok().unwrap();
        assert_eq!(principal.kind(), PrincipalKind::ServicePrincipal);
        assert_eq!(principal.app_id.as_deref(), Some("app-1"));

        let null = parse_assignment(&json!({"id": "a2", "principalId": "p2", "principal": null}));
        assert!(matches!(null.principal, Fetched::NotCollected));
        assert_eq!(null.principal_id, "p2");

        let untyped =
            parse_assignment(&json!({"id": "a3", "principalId": "p3", "principal": {"id": "p3"}}));
        assert_eq!(
            untyped.principal.ok().unwrap().kind(),
            PrincipalKind::Unknown
        );
    }

    #[test]
    fn credentials_read_dates_and_tolerate_nulls() {
        let found = credentials(
            &json!({"passwordCredentials": [
                {"keyId": "k1", "displayName": "s", "startDateTime": "2019-09-09T19:50:29.3086381Z",
                 "endDateTime": "2021-09-09T19:50:29.3086381Z", "secretText": null},
                {"keyId": "k2", "startDateTime": null, "endDateTime": null},
                "not an object",
                {"keyId": "k3", "startDateTime": "2026-01-01T00:00:00.0000000",
                 "endDateTime": "2026-03-01T00:00:00"}
            ]}),
            "/passwordCredentials",
        );
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].end_date_time.unwrap().year(), 2021);
        assert!(found[1].start_date_time.is_none() && found[1].end_date_time.is_none());
        // Without an offset the dates are UTC, not "no end date" (which ENTRA-002 fails).
        assert_eq!(found[2].end_date_time.unwrap().month(), time::Month::March);
        assert_eq!(
            found[2].start_date_time.unwrap().offset(),
            time::UtcOffset::UTC
        );
    }

    #[test]
    fn policies_read_conditions_and_grant_controls() {
        let policy = parse_policy(&json!({
            "id": "p", "displayName": "Guests", "state": "enabledForReportingButNotEnforced",
            "conditions": {
                "signInRiskLevels": ["high"],
                "applications": {"includeApplications": ["All"]},
                "users": {
                    "includeUsers": [], "excludeUsers": ["u1"], "excludeGroups": ["g1"],
                    "includeRoles": [GLOBAL_ADMINISTRATOR_ROLE], "excludeRoles": [],
                    "includeGuestsOrExternalUsers": {"guestOrExternalUserTypes": "internalGuest,b2bCollaborationGuest"},
                    "excludeGuestsOrExternalUsers": null
                }
            },
            "grantControls": {"operator": "AND", "builtInControls": ["mfa", "compliantDevice"],
                              "customAuthenticationFactors": [], "termsOfUse": ["t1"],
                              "authenticationStrength": {"id": "00000000-0000-0000-0000-000000000004",
                                                         "displayName": "Phishing-resistant MFA"}}
        }));
        assert_eq!(policy.include_applications, ["All"]);
        assert_eq!(policy.exclude_users, ["u1"]);
        assert_eq!(policy.exclude_groups, ["g1"]);
        assert_eq!(policy.include_roles, [GLOBAL_ADMINISTRATOR_ROLE]);
        assert!(policy.include_guests_or_external_users.is_some());
        assert!(policy.exclude_guests_or_external_users.is_none());
        assert_eq!(policy.sign_in_risk_levels, ["high"]);
        assert_eq!(policy.grant_operator.as_deref(), Some("AND"));
        assert_eq!(policy.terms_of_use, ["t1"]);
        assert_eq!(
            policy.authentication_strength.as_deref(),
            Some("Phishing-resistant MFA")
        );

        // Session-only policies have no grant controls; a null `conditions` reads as empty.
        let bare = parse_policy(&json!({"id": "x", "grantControls": null, "conditions": null}));
        assert!(bare.built_in_controls.is_empty() && bare.authentication_strength.is_none());
    }
}
