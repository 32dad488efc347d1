//! RBAC-007: the managed identity of a scanned workload (App Service or function app,
//! VM, AKS cluster, Logic App) holds Owner, Contributor, User Access Administrator or
//! Role Based Access Control Administrator at the subscription or above.

use super::{assignment_subject, assignments, describe, owner_or_above};
use crate::rules::shape::Resource;
use crate::rules::{Verdicts, check};
use crate::snapshot::rbac::{
    CONTRIBUTOR_ROLE, OWNER_ROLE, RBAC_ADMINISTRATOR_ROLE, USER_ACCESS_ADMINISTRATOR_ROLE,
};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;
use std::collections::BTreeMap;

pub const CHECK: crate::rules::Check = check!("rbac", "RBAC-007",
    sources: [RoleAssignments, Sites, VirtualMachines, ManagedClusters, LogicWorkflows],
    run: run);

const PRIVILEGED: [(&str, &str); 4] = [
    (OWNER_ROLE, "Owner"),
    (CONTRIBUTOR_ROLE, "Contributor"),
    (USER_ACCESS_ADMINISTRATOR_ROLE, "User Access Administrator"),
    (
        RBAC_ADMINISTRATOR_ROLE,
        "Role Based Access Control Administrator",
    ),
];

/// How many workloads holding one principal a FAIL message names, and its evidence lists.
const NAMED_LIMIT: usize = 3;
const EVIDENCE_LIMIT: usize = 20;

/// A workload whose identity is a principal: `(its ID, "web app app-1", how attached)`.
type Holder = (String, String, &'static str);

/// Principals (lower case) of the workloads of every readable list, and the reasons
/// the other lists could not be read.
#[derive(Default)]
struct Workloads {
    by_principal: BTreeMap<String, Vec<Holder>>,
    unread: Vec<String>,
}

impl Workloads {
    fn add<R: Resource>(
        &mut self,
        list: &Fetched<Vec<R>>,
        principals: impl Fn(&R) -> Vec<(&str, &'static str)>,
    ) {
        let items = match list {
            Fetched::Ok(items) => items,
            unavailable => {
                self.unread.extend(unavailable.unavailable_reason(R::LIST));
                return;
            }
        };
        for item in items {
            for (principal, attached) in principals(item) {
                self.by_principal
                    .entry(principal.trim().to_lowercase())
                    .or_default()
                    .push((item.head().id.to_string(), item.described(), attached));
            }
        }
    }
}

fn workloads(snapshot: &Snapshot) -> Workloads {
    let mut found = Workloads::default();
    found.add(&snapshot.web.sites, |site| {
        site.identity
            .as_ref()
            .map(|i| i.principals())
            .unwrap_or_default()
    });
    found.add(&snapshot.compute.virtual_machines, |vm| {
        vm.identity
            .as_ref()
            .map(|i| i.principals())
            .unwrap_or_default()
    });
    // The kubelet identity (the nodes' own) counts too (Clarifications).
    found.add(&snapshot.aks.clusters, |cluster| {
        let mut principals = cluster
            .identity
            .as_ref()
            .map(|i| i.principals())
            .unwrap_or_default();
        principals.extend(
            cluster
                .kubelet_identity_object_id
                .as_deref()
                .filter(|p| !p.trim().is_empty())
                .map(|p| (p, "kubelet")),
        );
        principals
    });
    found.add(&snapshot.logic.workflows, |workflow| {
        workflow
            .identity
            .as_ref()
            .map(|i| i.principals())
            .unwrap_or_default()
    });
    found
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(all) = assignments(snapshot, out) else {
        return;
    };
    let workloads = workloads(snapshot);
    let mut privileged = 0;
    let mut reported = false;
    for (role, role_name) in PRIVILEGED {
        for a in owner_or_above(snapshot, all, role) {
            privileged += 1;
            let principal = a
                .principal_id
                .as_deref()
                .unwrap_or_default()
                .trim()
                .to_lowercase();
            if let Some(holders) = workloads.by_principal.get(&principal) {
                // A shared user-assigned identity can sit on thousands of workloads:
                // the message names a few, the evidence lists more, both say how many.
                let mut named: Vec<String> = holders
                    .iter()
                    .take(NAMED_LIMIT)
                    .map(|(_, described, attached)| {
                        format!("the {attached} identity of {described}")
                    })
                    .collect();
                if holders.len() > NAMED_LIMIT {
                    named.push(format!("{} other workload(s)", holders.len() - NAMED_LIMIT));
                }
                out.fail(
                    assignment_subject(a),
                    format!("{role_name} is held by {} through {}", named.join(" and "), describe(a)),
                    json!({
                        "role": role_name,
                        "principalId": a.principal_id,
                        "scope": a.scope,
                        "workloads": holders.iter().take(EVIDENCE_LIMIT).map(|(id, _, attached)| json!({ "id": id, "identity": attached })).collect::<Vec<_>>(),
                        "workloadCount": holders.len(),
                    }),
                );
                reported = true;
            } else if !workloads.unread.is_empty() && could_be_workload(a.principal_type.as_deref())
            {
                // A service principal matching no readable workload may belong to one in
                // an unread list: it cannot be cleared (Clarifications).
                out.error(
                    assignment_subject(a),
                    format!(
                        "{role_name} is held by a service principal through {} that could not be matched to a workload: {}",
                        describe(a),
                        workloads.unread.join("; ")
                    ),
                );
                reported = true;
            }
        }
    }
    if !reported {
        let subscription = out.subscription();
        out.pass(
            subscription,
            "no managed identity of a scanned App Service app, function app, VM, AKS cluster or Logic App holds Owner, Contributor, User Access Administrator or Role Based Access Control Administrator at this subscription or above",
            json!({ "privilegedAssignments": privileged, "workloadPrincipals": workloads.by_principal.len() }),
        );
    }
}

/// Managed identities are service principals; an assignment without a `principalType`
/// may be one too.
fn could_be_workload(principal_type: Option<&str>) -> bool {
    principal_type
        .is_none_or(|t| t.trim().is_empty() || t.trim().eq_ignore_ascii_case("ServicePrincipal"))
}
