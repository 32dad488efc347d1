//! Entra ID collector: reads the tenant from Microsoft Graph v1.0 (Global Administrator
//! assignments with their principals, app registrations, service principals and
//! Conditional Access policies). Graph is only reached when a selected check needs it.

use super::calls::{
    GRAPH_APPLICATIONS, GRAPH_AUTHORIZATION_POLICY, GRAPH_CONDITIONAL_ACCESS,
    GRAPH_DIRECTORY_OBJECT, GRAPH_GROUP_SETTINGS, GRAPH_GUESTS, GRAPH_NAMED_LOCATIONS,
    GRAPH_REGISTRATION_DETAILS, GRAPH_ROLE_ASSIGNMENTS, GRAPH_ROLE_ELIGIBILITY,
    GRAPH_SECURITY_DEFAULTS, GRAPH_SERVICE_PRINCIPALS,
};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::Fetched;
use crate::snapshot::entra::privileged_role;
use crate::snapshot::entra::{
    Application, AuthorizationPolicy, ConditionalAccessPolicy, Credential, EligibilitySchedule,
    EntraData, GLOBAL_ADMINISTRATOR_ROLE, GroupSetting, GuestUser, GuestsOrExternalUsers,
    NamedLocation, Principal, RegistrationDetail, RoleAssignment, SecurityDefaults,
    ServicePrincipal, SettingValue, SignInActivity,
};
use futures::future::join_all;
use std::collections::{BTreeMap, BTreeSet};

pub async fn collect(c: &Collector) -> EntraData {
    // The scan creates a Graph client exactly when the plan wants a Graph source.
    if c.graph.is_none() {
        return EntraData::default();
    }
    let (global_admin_assignments, applications, service_principals, policies) = tokio::join!(
        global_admin_assignments(c),
        async {
            if !c.plan.wants(Source::GraphApplications) {
                return Fetched::NotCollected;
            }
            c.list(&GRAPH_APPLICATIONS, parse_application).await
        },
        async {
            if !c.plan.wants(Source::GraphServicePrincipals) {
                return Fetched::NotCollected;
            }
            c.list(&GRAPH_SERVICE_PRINCIPALS, parse_service_principal)
                .await
        },
        async {
            if !c.plan.wants(Source::GraphConditionalAccess) {
                return Fetched::NotCollected;
            }
            c.list(&GRAPH_CONDITIONAL_ACCESS, parse_policy).await
        },
    );
    let (authorization_policy, group_settings, security_defaults, named_locations) = tokio::join!(
        async {
            if !c.plan.wants(Source::GraphAuthorizationPolicy) {
                return Fetched::NotCollected;
            }
            c.get_under(&GRAPH_AUTHORIZATION_POLICY, "", parse_authorization_policy)
                .await
        },
        async {
            if !c.plan.wants(Source::GraphGroupSettings) {
                return Fetched::NotCollected;
            }
            c.list(&GRAPH_GROUP_SETTINGS, parse_group_setting).await
        },
        async {
            if !c.plan.wants(Source::GraphSecurityDefaults) {
                return Fetched::NotCollected;
            }
            c.get_under(&GRAPH_SECURITY_DEFAULTS, "", |r| SecurityDefaults {
                is_enabled: r.boolean("/isEnabled"),
            })
            .await
        },
        async {
            if !c.plan.wants(Source::GraphNamedLocations) {
                return Fetched::NotCollected;
            }
            c.list(&GRAPH_NAMED_LOCATIONS, parse_named_location).await
        },
    );
    let (registration_details, guests) = tokio::join!(
        async {
            if !c.plan.wants(Source::GraphRegistrationDetails) {
                return Fetched::NotCollected;
            }
            c.list(&GRAPH_REGISTRATION_DETAILS, parse_registration_detail)
                .await
        },
        async {
            if !c.plan.wants(Source::GraphGuests) {
                return Fetched::NotCollected;
            }
            c.list(&GRAPH_GUESTS, parse_guest).await
        },
    );
    let (privileged_role_assignments, privileged_role_eligibility) = tokio::join!(
        async {
            if !c.plan.wants(Source::GraphPrivilegedRoles) {
                return Fetched::NotCollected;
            }
            // Every directory role assignment, kept for the E1 roles: one read instead
            // of one filtered read per role.
            c.list(&GRAPH_ROLE_ASSIGNMENTS, parse_assignment)
                .await
                .map(|all| {
                    all.into_iter()
                        .filter(|a| privileged_role(a.role_definition_id.as_deref()).is_some())
                        .collect()
                })
        },
        async {
            if !c.plan.wants(Source::GraphRoleEligibility) {
                return Fetched::NotCollected;
            }
            c.list(&GRAPH_ROLE_ELIGIBILITY, parse_eligibility)
                .await
                .map(|all| {
                    all.into_iter()
                        .filter(|e| privileged_role(e.role_definition_id.as_deref()).is_some())
                        .collect()
                })
        },
    );
    charge_subjects(c);
    EntraData {
        global_admin_assignments,
        applications,
        service_principals,
        conditional_access_policies: policies,
        authorization_policy,
        group_settings,
        security_defaults,
        named_locations,
        registration_details,
        guests,
        // Resolved after the subscriptions' role assignments are read (`rbac::resolve`).
        principals: Fetched::NotCollected,
        privileged_role_assignments,
        privileged_role_eligibility,
    }
}

/// Graph items are judged under the subjects the ENTRA checks name: applications and
/// service principals by `/applications/{id}` and `/servicePrincipals/{id}`; policies
/// and role assignments together, as the tenant.
fn charge_subjects(c: &Collector) {
    let tenant = format!(
        "/tenants/{}",
        c.subscription.tenant_id.as_deref().unwrap_or("unknown")
    );
    let under = |call: &'static str, prefix: &'static str| {
        c.recharge(
            |u| u.call == call,
            |u| vec![format!("{prefix}/{}", u.resource_id)],
        )
    };
    under(GRAPH_APPLICATIONS.path, "/applications");
    under(GRAPH_SERVICE_PRINCIPALS.path, "/servicePrincipals");
    under(GRAPH_REGISTRATION_DETAILS.path, "/users");
    under(GRAPH_GUESTS.path, "/users");
    let directory_objects = GRAPH_DIRECTORY_OBJECT.path_for("");
    let tenant_wide = [
        GRAPH_ROLE_ELIGIBILITY.path,
        GRAPH_CONDITIONAL_ACCESS.path,
        GRAPH_ROLE_ASSIGNMENTS.path,
        GRAPH_AUTHORIZATION_POLICY.path,
        GRAPH_GROUP_SETTINGS.path,
        GRAPH_SECURITY_DEFAULTS.path,
        GRAPH_NAMED_LOCATIONS.path,
    ];
    c.recharge(
        |u| tenant_wide.contains(&u.call.as_str()) || u.call.starts_with(&directory_objects),
        |_| vec![tenant.clone()],
    );
}

async fn global_admin_assignments(c: &Collector) -> Fetched<Vec<RoleAssignment>> {
    if !c.plan.wants(Source::GraphRoleAssignments) {
        return Fetched::NotCollected;
    }
    let filter = format!("roleDefinitionId eq '{GLOBAL_ADMINISTRATOR_ROLE}'");
    let listed = c
        .list_query(
            &GRAPH_ROLE_ASSIGNMENTS,
            &[("$filter", &filter)],
            parse_assignment,
        )
        .await;
    let Fetched::Ok(mut assignments) = listed else {
        return listed;
    };
    // Graph may leave `principal` out, or return it without `@odata.type` or as a bare
    // `directoryObject`; only the object itself tells a service principal from a user,
    // so look those up, once each.
    let unresolved: BTreeSet<String> = assignments
        .iter()
        .filter(|a| !matches!(&a.principal, Fetched::Ok(p) if has_specific_type(p)))
        .map(|a| a.principal_id.clone())
        .filter(|id| !id.is_empty())
        .collect();
    let looked_up: BTreeMap<String, Fetched<Principal>> =
        join_all(unresolved.into_iter().map(|id| async move {
            let found = c
                .get_under(&GRAPH_DIRECTORY_OBJECT, &id, parse_principal)
                .await;
            (id, found)
        }))
        .await
        .into_iter()
        .collect();
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

pub(super) fn parse_assignment(r: &Reader) -> RoleAssignment {
    let principal = match r.object("/principal") {
        Some(p) => Fetched::Ok(parse_principal(&p)),
        None => Fetched::NotCollected,
    };
    RoleAssignment {
        id: r.string("/id").unwrap_or_default(),
        role_definition_id: r.string("/roleDefinitionId"),
        directory_scope_id: r.string("/directoryScopeId"),
        principal_id: r
            .string("/principalId")
            .or_else(|| r.string("/principal/id"))
            .unwrap_or_default(),
        principal,
    }
}

pub(super) fn parse_principal(r: &Reader) -> Principal {
    Principal {
        odata_type: r.string("/@odata.type").filter(|t| !t.trim().is_empty()),
        display_name: r.string("/displayName"),
        app_id: r.string("/appId"),
        service_principal_type: r.string("/servicePrincipalType"),
    }
}

pub(super) fn parse_application(r: &Reader) -> Application {
    Application {
        id: r.string("/id").unwrap_or_default(),
        app_id: r.string("/appId"),
        display_name: r.string("/displayName"),
        password_credentials: credentials(r, "/passwordCredentials"),
        key_credentials: credentials(r, "/keyCredentials"),
    }
}

pub(super) fn parse_service_principal(r: &Reader) -> ServicePrincipal {
    ServicePrincipal {
        id: r.string("/id").unwrap_or_default(),
        app_id: r.string("/appId"),
        display_name: r.string("/displayName"),
        service_principal_type: r.string("/servicePrincipalType"),
        app_owner_organization_id: r.string("/appOwnerOrganizationId"),
        password_credentials: credentials(r, "/passwordCredentials"),
    }
}

/// A credential's identity and validity only: `secretText`, `hint`, `key` and
/// `customKeyIdentifier` are never read, so no secret reaches the snapshot.
fn credentials(r: &Reader, pointer: &str) -> Vec<Credential> {
    r.items(pointer)
        .iter()
        .map(|c| Credential {
            key_id: c.string("/keyId"),
            display_name: c.string("/displayName"),
            start_date_time: c.time("/startDateTime"),
            end_date_time: c.time("/endDateTime"),
        })
        .collect()
}

pub(super) fn parse_policy(r: &Reader) -> ConditionalAccessPolicy {
    let users = "/conditions/users";
    let guests = |field: &str| {
        r.object(&format!("{users}/{field}"))
            .map(|g| GuestsOrExternalUsers {
                guest_or_external_user_types: g.string("/guestOrExternalUserTypes"),
            })
    };
    ConditionalAccessPolicy {
        id: r.string("/id").unwrap_or_default(),
        display_name: r.string("/displayName"),
        state: r.string("/state"),
        include_applications: r.strings("/conditions/applications/includeApplications"),
        include_users: r.strings(&format!("{users}/includeUsers")),
        exclude_users: r.strings(&format!("{users}/excludeUsers")),
        exclude_groups: r.strings(&format!("{users}/excludeGroups")),
        include_roles: r.strings(&format!("{users}/includeRoles")),
        exclude_roles: r.strings(&format!("{users}/excludeRoles")),
        include_guests_or_external_users: guests("includeGuestsOrExternalUsers"),
        exclude_guests_or_external_users: guests("excludeGuestsOrExternalUsers"),
        sign_in_risk_levels: r.strings("/conditions/signInRiskLevels"),
        grant_operator: r.string("/grantControls/operator"),
        built_in_controls: r.strings("/grantControls/builtInControls"),
        custom_authentication_factors: r.strings("/grantControls/customAuthenticationFactors"),
        terms_of_use: r.strings("/grantControls/termsOfUse"),
        authentication_strength: r.object("/grantControls/authenticationStrength").map(|s| {
            s.string("/displayName")
                .or_else(|| s.string("/id"))
                .unwrap_or_else(|| "unnamed authentication strength".into())
        }),
        exclude_applications: r.strings("/conditions/applications/excludeApplications"),
        client_app_types: r.strings("/conditions/clientAppTypes"),
        include_platforms: r.strings("/conditions/platforms/includePlatforms"),
        exclude_platforms: r.strings("/conditions/platforms/excludePlatforms"),
        include_locations: r.strings("/conditions/locations/includeLocations"),
        exclude_locations: r.strings("/conditions/locations/excludeLocations"),
        device_filter: r.object("/conditions/devices/deviceFilter").is_some(),
        user_risk_levels: r.strings("/conditions/userRiskLevels"),
        service_principal_risk_levels: r.strings("/conditions/servicePrincipalRiskLevels"),
        application_filter: r
            .object("/conditions/applications/applicationFilter")
            .is_some(),
        include_user_actions: r.strings("/conditions/applications/includeUserActions"),
        include_authentication_contexts: r
            .strings("/conditions/applications/includeAuthenticationContextClassReferences"),
        transfer_methods: r.string("/conditions/authenticationFlows/transferMethods"),
    }
}

/// Graph v1.0 returns the policy as one object; a one-item `value` list is read too.
pub(super) fn parse_authorization_policy(r: &Reader) -> AuthorizationPolicy {
    if let Some(first) = r.items("/value").first() {
        return parse_authorization_policy(first);
    }
    let defaults = "/defaultUserRolePermissions";
    let present = r
        .value()
        .pointer(&format!("{defaults}/permissionGrantPoliciesAssigned"))
        .is_some_and(|v| !v.is_null());
    AuthorizationPolicy {
        allow_invites_from: r.string("/allowInvitesFrom"),
        guest_user_role_id: r.string("/guestUserRoleId"),
        permission_grant_policies_assigned: present
            .then(|| r.strings(&format!("{defaults}/permissionGrantPoliciesAssigned"))),
        allowed_to_create_apps: r.boolean(&format!("{defaults}/allowedToCreateApps")),
        allowed_to_create_tenants: r.boolean(&format!("{defaults}/allowedToCreateTenants")),
        allowed_to_create_security_groups: r
            .boolean(&format!("{defaults}/allowedToCreateSecurityGroups")),
    }
}

pub(super) fn parse_eligibility(r: &Reader) -> EligibilitySchedule {
    EligibilitySchedule {
        id: r.string("/id").unwrap_or_default(),
        principal_id: r.string("/principalId").unwrap_or_default(),
        role_definition_id: r.string("/roleDefinitionId"),
        directory_scope_id: r.string("/directoryScopeId"),
        status: r.string("/status"),
        start_date_time: r.time("/scheduleInfo/startDateTime"),
        end_date_time: r.time("/scheduleInfo/expiration/endDateTime"),
    }
}

pub(super) fn parse_group_setting(r: &Reader) -> GroupSetting {
    GroupSetting {
        id: r.string("/id").unwrap_or_default(),
        display_name: r.string("/displayName"),
        template_id: r.string("/templateId"),
        values: r
            .items("/values")
            .iter()
            .filter_map(|v| {
                Some(SettingValue {
                    name: v.string("/name")?,
                    value: v.text("/value"),
                })
            })
            .collect(),
    }
}

pub(super) fn parse_named_location(r: &Reader) -> NamedLocation {
    NamedLocation {
        id: r.string("/id").unwrap_or_default(),
        display_name: r.string("/displayName"),
        odata_type: r.string("/@odata.type"),
        is_trusted: r.boolean("/isTrusted"),
    }
}

pub(super) fn parse_registration_detail(r: &Reader) -> RegistrationDetail {
    RegistrationDetail {
        id: r.string("/id").unwrap_or_default(),
        user_principal_name: r.string("/userPrincipalName"),
        user_display_name: r.string("/userDisplayName"),
        is_admin: r.boolean("/isAdmin"),
        user_type: r.string("/userType"),
        is_mfa_registered: r.boolean("/isMfaRegistered"),
        methods_registered: r.strings("/methodsRegistered"),
    }
}

pub(super) fn parse_guest(r: &Reader) -> GuestUser {
    GuestUser {
        id: r.string("/id").unwrap_or_default(),
        user_principal_name: r.string("/userPrincipalName"),
        display_name: r.string("/displayName"),
        user_type: r.string("/userType"),
        account_enabled: r.boolean("/accountEnabled"),
        created_date_time: r.time("/createdDateTime"),
        sign_in_activity: r.object("/signInActivity").map(|a| SignInActivity {
            last_successful_sign_in_date_time: a.time("/lastSuccessfulSignInDateTime"),
            last_sign_in_date_time: a.time("/lastSignInDateTime"),
            last_non_interactive_sign_in_date_time: a.time("/lastNonInteractiveSignInDateTime"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collect::json::parsed as read;
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
        let expanded = read(
            parse_assignment,
            &json!({
                "id": "a1", "principalId": "p1", "roleDefinitionId": GLOBAL_ADMINISTRATOR_ROLE,
                "directoryScopeId": "/",
                "principal": {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "p1",
                              "displayName": "ci", "appId": "app-1", "servicePrincipalType": "Application"}
            }),
        );
        let principal = expanded.principal.ok().unwrap();
        assert_eq!(principal.kind(), PrincipalKind::ServicePrincipal);
        assert_eq!(principal.app_id.as_deref(), Some("app-1"));

        let null = read(
            parse_assignment,
            &json!({"id": "a2", "principalId": "p2", "principal": null}),
        );
        assert!(matches!(null.principal, Fetched::NotCollected));
        assert_eq!(null.principal_id, "p2");

        let untyped = read(
            parse_assignment,
            &json!({"id": "a3", "principalId": "p3", "principal": {"id": "p3"}}),
        );
        assert_eq!(
            untyped.principal.ok().unwrap().kind(),
            PrincipalKind::Unknown
        );
    }

    #[test]
    fn credentials_read_dates_and_tolerate_nulls() {
        let found = read(
            |r| credentials(r, "/passwordCredentials"),
            &json!({"passwordCredentials": [
                {"keyId": "k1", "displayName": "s", "startDateTime": "2019-09-09T19:50:29.3086381Z",
                 "endDateTime": "2021-09-09T19:50:29.3086381Z", "secretText": null},
                {"keyId": "k2", "startDateTime": null, "endDateTime": null},
                "not an object",
                {"keyId": "k3", "startDateTime": "2026-01-01T00:00:00.0000000",
                 "endDateTime": "2026-03-01T00:00:00"}
            ]}),
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
        let policy = read(
            parse_policy,
            &json!({
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
            }),
        );
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
        let bare = read(
            parse_policy,
            &json!({"id": "x", "grantControls": null, "conditions": null}),
        );
        assert!(bare.built_in_controls.is_empty() && bare.authentication_strength.is_none());
    }
}
