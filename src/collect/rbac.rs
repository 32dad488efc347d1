//! Azure RBAC collector: the subscription's role assignments (ARM includes those
//! inherited from management groups and the root `/`), its custom role definitions and
//! classic administrators; and, once per tenant after every subscription was read, the
//! principals of those assignments from Microsoft Graph (`directoryObjects/getByIds`,
//! users' `$select`ed fields, groups' transitive user members).

use super::calls::{
    CLASSIC_ADMINISTRATORS, CUSTOM_ROLES, GRAPH_GET_BY_IDS, GRAPH_GROUP_USERS, GRAPH_USERS,
    ROLE_ASSIGNMENTS,
};
use super::json::Reader;
use super::{Collector, Plan, Source};
use crate::arm::{ApiError, Client};
use crate::snapshot::entra::{Directory, DirectoryObject};
use crate::snapshot::rbac::{
    ClassicAdministrator, OWNER_ROLE, RbacData, RoleAssignment, RoleDefinition, scope_level,
};
use crate::snapshot::unreadable::Unreadable;
use crate::snapshot::{Fetched, Gap, Snapshot, Subscription, eq_ci};
use futures::future::join_all;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// getByIds takes at most 1000 IDs per request.
const IDS_PER_LOOKUP: usize = 1000;
/// `$filter=id in (...)` on `/users` takes at most 15 values.
const USERS_PER_FILTER: usize = 15;

pub async fn collect(c: &Collector) -> RbacData {
    let wanted = |source| c.plan.wants(source);
    let (role_assignments, custom_roles, classic_administrators) = tokio::join!(
        async {
            if !wanted(Source::RoleAssignments) {
                return Fetched::NotCollected;
            }
            c.list(&ROLE_ASSIGNMENTS, parse_role_assignment).await
        },
        async {
            if !wanted(Source::CustomRoles) {
                return Fetched::NotCollected;
            }
            // `$filter` is only an optimisation: the condition is re-applied here.
            c.list(&CUSTOM_ROLES, parse_role_definition)
                .await
                .map(|roles| {
                    roles
                        .into_iter()
                        .filter(|r| eq_ci(r.role_type.as_deref(), "CustomRole"))
                        .collect()
                })
        },
        async {
            if !wanted(Source::ClassicAdministrators) {
                return Fetched::NotCollected;
            }
            c.list(&CLASSIC_ADMINISTRATORS, parse_classic_administrator)
                .await
        },
    );
    RbacData {
        role_assignments,
        custom_roles,
        classic_administrators,
    }
}

pub(super) fn parse_role_assignment(r: &Reader) -> RoleAssignment {
    RoleAssignment {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        scope: r.string("/properties/scope"),
        role_definition_id: r.string("/properties/roleDefinitionId"),
        principal_id: r.string("/properties/principalId"),
        principal_type: r.string("/properties/principalType"),
    }
}

pub(super) fn parse_role_definition(r: &Reader) -> RoleDefinition {
    RoleDefinition {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        role_name: r.string("/properties/roleName"),
        role_type: r.string("/properties/type"),
        actions: r
            .items("/properties/permissions")
            .iter()
            .flat_map(|p| p.strings("/actions"))
            .collect(),
        assignable_scopes: r.strings("/properties/assignableScopes"),
    }
}

pub(super) fn parse_classic_administrator(r: &Reader) -> ClassicAdministrator {
    ClassicAdministrator {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        email_address: r.string("/properties/emailAddress"),
        role: r.string("/properties/role"),
    }
}

pub(super) fn parse_directory_object(r: &Reader) -> DirectoryObject {
    DirectoryObject {
        id: r.string("/id").unwrap_or_default().to_lowercase(),
        odata_type: r.string("/@odata.type"),
        display_name: r.string("/displayName"),
        user_principal_name: r.string("/userPrincipalName"),
        user_type: r.string("/userType"),
        account_enabled: r.boolean("/accountEnabled"),
        service_principal_type: r.string("/servicePrincipalType"),
        user_fields: Fetched::NotCollected,
    }
}

/// What the tenant's principal lookups need: every principal, and the groups whose
/// guests matter (those holding Owner at a subscription or above).
fn wanted_principals(snapshots: &[&Snapshot]) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut ids = BTreeSet::new();
    let mut groups = BTreeSet::new();
    // Holders of privileged directory roles (ENTRA-014/015): tenant data, the same in
    // every snapshot of the tenant; any of them may be a group whose users count.
    if let Some(first) = snapshots.first() {
        let entra = &first.entra;
        let active = entra.privileged_role_assignments.ok().into_iter().flatten();
        let eligible = entra.privileged_role_eligibility.ok().into_iter().flatten();
        for id in active
            .map(|a| a.principal_id.as_str())
            .chain(eligible.map(|e| e.principal_id.as_str()))
            .map(|id| id.trim().to_lowercase())
            .filter(|id| !id.is_empty())
        {
            groups.insert(id.clone());
            ids.insert(id);
        }
    }
    for snapshot in snapshots {
        let Fetched::Ok(assignments) = &snapshot.rbac.role_assignments else {
            continue;
        };
        for a in assignments {
            let Some(id) = a.principal_id.as_deref().filter(|id| !id.trim().is_empty()) else {
                continue;
            };
            let id = id.trim().to_lowercase();
            let owner_above = a.holds(OWNER_ROLE)
                && a.scope
                    .as_deref()
                    .is_some_and(|s| scope_level(s, &snapshot.subscription.id).at_or_above());
            if owner_above && eq_ci(a.principal_type.as_deref(), "Group") {
                groups.insert(id.clone());
            }
            ids.insert(id);
        }
    }
    (ids, groups)
}

/// The subjects judged by each principal (lower-case object ID): the role assignments
/// naming it (RBAC) and its `/users/{id}` and `/groups/{id}` (ENTRA-015).
fn subjects_of_principals(snapshots: &[&Snapshot]) -> BTreeMap<String, Vec<String>> {
    let mut subjects: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for snapshot in snapshots {
        for a in snapshot.rbac.role_assignments.ok().into_iter().flatten() {
            if let Some(id) = a.principal_id.as_deref() {
                subjects
                    .entry(id.trim().to_lowercase())
                    .or_default()
                    .push(a.id.clone());
            }
        }
    }
    let (ids, _) = wanted_principals(snapshots);
    for id in ids {
        let own = subjects.entry(id.clone()).or_default();
        own.push(format!("/users/{id}"));
        own.push(format!("/groups/{id}"));
    }
    subjects
}

/// What one tenant's resolution produced, for the scan to attach.
pub struct Resolved {
    pub tenant: Option<String>,
    pub principals: Fetched<Directory>,
    pub gaps: Vec<Gap>,
    pub unreadable: Vec<Unreadable>,
}

/// Resolves the principals of the role assignments of every snapshot, once per tenant,
/// and stores them in each snapshot's `entra.principals`. Returns each tenant's Graph
/// gaps (already added to its snapshots).
pub async fn resolve_tenants(
    arm: &Client,
    graph: &Client,
    snapshots: &mut [Snapshot],
) -> Vec<(Option<String>, Vec<Gap>)> {
    let mut tenants: BTreeMap<Option<String>, Vec<&Snapshot>> = BTreeMap::new();
    for snapshot in snapshots.iter() {
        tenants
            .entry(snapshot.subscription.tenant_id.clone())
            .or_default()
            .push(snapshot);
    }
    let resolved = join_all(tenants.into_iter().map(|(tenant, subs)| {
        let (ids, groups) = wanted_principals(&subs);
        let judged_as = subjects_of_principals(&subs);
        // Made under the tenant's lowest subscription, as its other Graph reads are.
        let first: Subscription = subs
            .iter()
            .map(|s| &s.subscription)
            .min_by_key(|s| &s.id)
            .cloned()
            .unwrap_or_default();
        let collector = Collector::new(
            arm.clone(),
            Some(graph.clone()),
            first,
            Plan::new([Source::GraphPrincipals]),
        );
        async move {
            let directory = resolve(&collector, &ids, &groups).await;
            // A principal with a field of the wrong type costs every verdict about it.
            collector.recharge(
                |u| judged_as.contains_key(&u.resource_id.to_lowercase()),
                |u| {
                    judged_as
                        .get(&u.resource_id.to_lowercase())
                        .cloned()
                        .unwrap_or_default()
                },
            );
            Resolved {
                tenant,
                principals: Fetched::Ok(directory),
                gaps: collector.take_gaps(),
                unreadable: collector.take_unreadable(),
            }
        }
    }))
    .await;
    let mut tenant_gaps = Vec::new();
    for r in resolved {
        for snapshot in snapshots
            .iter_mut()
            .filter(|s| s.subscription.tenant_id == r.tenant)
        {
            snapshot.entra.principals = r.principals.clone();
            snapshot.gaps.extend(r.gaps.iter().cloned());
            snapshot.unreadable.extend(r.unreadable.iter().cloned());
        }
        tenant_gaps.push((r.tenant, r.gaps));
    }
    tenant_gaps
}

/// Looks `ids` up: which exist and what they are, users' fields, `groups`' users.
pub async fn resolve(
    c: &Collector,
    ids: &BTreeSet<String>,
    groups: &BTreeSet<String>,
) -> Directory {
    let ids: Vec<&String> = ids.iter().collect();
    let lookups = join_all(
        ids.chunks(IDS_PER_LOOKUP)
            .map(|chunk| async move { (chunk, get_by_ids(c, chunk).await) }),
    )
    .await;
    let mut directory = Directory::default();
    for (chunk, found) in lookups {
        match found {
            Ok(objects) => {
                let mut by_id: BTreeMap<String, DirectoryObject> =
                    objects.into_iter().map(|o| (o.id.clone(), o)).collect();
                for id in chunk {
                    // Absent from a successful answer: the object no longer exists.
                    directory
                        .objects
                        .insert((*id).clone(), Fetched::Ok(by_id.remove(*id)));
                }
            }
            Err(gap) => {
                for id in chunk {
                    directory
                        .objects
                        .insert((*id).clone(), Fetched::Failed(gap.clone()));
                }
            }
        }
    }
    read_user_fields(c, &mut directory).await;
    let members = join_all(
        groups
            .iter()
            .filter(
                |g| matches!(directory.objects.get(*g), Some(Fetched::Ok(Some(o))) if o.is_group()),
            )
            .map(|g| async move {
                let users = c
                    .list_under(&GRAPH_GROUP_USERS, g, |r| DirectoryObject {
                        user_fields: Fetched::Ok(()),
                        ..parse_directory_object(r)
                    })
                    .await;
                (g.clone(), users)
            }),
    )
    .await;
    directory.group_users = members.into_iter().collect();
    directory
}

/// One getByIds request; its objects, or the recorded gap.
async fn get_by_ids(c: &Collector, ids: &[&String]) -> Result<Vec<DirectoryObject>, Gap> {
    let Some(graph) = &c.graph else {
        return Ok(Vec::new());
    };
    let call = &GRAPH_GET_BY_IDS;
    let body = json!({ "ids": ids, "types": ["user", "group", "servicePrincipal"] });
    let answer = match graph.post(call.path, &call.query(&[]), &body).await {
        Ok(answer) => answer,
        Err(e) => {
            return Err(match c.absent_or_gap::<()>(call, e) {
                Fetched::Failed(gap) => gap,
                // The table gives getByIds no "none" meaning; keep the type total.
                _ => c.gap(
                    call.service,
                    ApiError::invalid_response(call.path, "no answer"),
                ),
            });
        }
    };
    let Some(items) = answer.get("value").and_then(Value::as_array) else {
        return Err(c.gap(
            call.service,
            ApiError::invalid_response(call.path, "`value` is not a list"),
        ));
    };
    Ok(items
        .iter()
        .filter(|item| item.is_object())
        .map(|item| c.parse(call.path, None, item, parse_directory_object))
        .collect())
}

/// getByIds leaves `userType` and `accountEnabled` out in v1.0: read them with
/// `$select`, at most 15 users per request.
async fn read_user_fields(c: &Collector, directory: &mut Directory) {
    let users: Vec<String> = directory
        .objects
        .iter()
        .filter(|(_, o)| matches!(o, Fetched::Ok(Some(o)) if o.is_user()))
        .map(|(id, _)| id.clone())
        .collect();
    let answers = join_all(users.chunks(USERS_PER_FILTER).map(|chunk| async move {
        let quoted: Vec<String> = chunk.iter().map(|id| format!("'{id}'")).collect();
        let filter = format!("id in ({})", quoted.join(","));
        let read = c
            .list_query(
                &GRAPH_USERS,
                &[("$filter", &filter)],
                parse_directory_object,
            )
            .await;
        (chunk, read)
    }))
    .await;
    for (chunk, read) in answers {
        let (fields, failure): (BTreeMap<String, DirectoryObject>, Option<Gap>) = match read {
            Fetched::Ok(found) => (found.into_iter().map(|u| (u.id.clone(), u)).collect(), None),
            Fetched::Failed(gap) => (BTreeMap::new(), Some(gap)),
            Fetched::NotCollected => (BTreeMap::new(), None),
        };
        for id in chunk {
            let Some(Fetched::Ok(Some(user))) = directory.objects.get_mut(id) else {
                continue;
            };
            match (fields.get(id), &failure) {
                (Some(read), _) => {
                    user.user_type = read.user_type.clone();
                    user.account_enabled = read.account_enabled;
                    user.user_principal_name = read
                        .user_principal_name
                        .clone()
                        .or(user.user_principal_name.take());
                    user.user_fields = Fetched::Ok(());
                }
                (None, Some(gap)) => user.user_fields = Fetched::Failed(gap.clone()),
                // Found by getByIds, missing here: left unread (NotCollected).
                (None, None) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collect::json::parsed as read;
    use serde_json::json;

    #[test]
    fn role_definitions_gather_every_permission_block() {
        let role = read(
            parse_role_definition,
            &json!({"id": "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/g",
                "name": "g", "properties": {"roleName": "Ops", "type": "CustomRole",
                "permissions": [{"actions": ["Microsoft.Compute/*"]}, {"actions": ["*"], "notActions": ["x"]}],
                "assignableScopes": ["/subscriptions/s"]}}),
        );
        assert_eq!(role.actions, ["Microsoft.Compute/*", "*"]);
        assert_eq!(role.assignable_scopes, ["/subscriptions/s"]);
    }

    #[test]
    fn only_owner_groups_at_or_above_the_subscription_get_their_members_read() {
        let mut snapshot = Snapshot::new(
            Subscription {
                id: "s1".into(),
                ..Default::default()
            },
            time::OffsetDateTime::UNIX_EPOCH,
        );
        let assignment = |principal: &str, kind: &str, role: &str, scope: &str| RoleAssignment {
            id: format!("a-{principal}"),
            principal_id: Some(principal.into()),
            principal_type: Some(kind.into()),
            role_definition_id: Some(format!(
                "/providers/Microsoft.Authorization/roleDefinitions/{role}"
            )),
            scope: Some(scope.into()),
            ..Default::default()
        };
        snapshot.rbac.role_assignments = Fetched::Ok(vec![
            assignment("G1", "Group", OWNER_ROLE, "/subscriptions/s1"),
            assignment(
                "g2",
                "Group",
                OWNER_ROLE,
                "/subscriptions/s1/resourceGroups/rg",
            ),
            assignment("u1", "User", "reader", "/"),
        ]);
        let (ids, groups) = wanted_principals(&[&snapshot]);
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["g1", "g2", "u1"]);
        assert_eq!(groups.into_iter().collect::<Vec<_>>(), ["g1"]);
    }
}
