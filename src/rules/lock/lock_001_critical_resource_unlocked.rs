//! LOCK-001: critical resources (storage accounts, Key Vaults, SQL servers, Log
//! Analytics workspaces) without a delete or read-only lock on themselves, their
//! resource group or the subscription. Never FAIL: whether a resource is
//! mission-critical is the owner's call, so an unlocked one is MANUAL.

use crate::rules::shape::{Resource, each, scope};
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::locks::ManagementLock;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("lock", "LOCK-001",
    sources: [Locks, StorageAccounts, Vaults, SqlServers, Workspaces], run: run);

fn subjects<R: Resource>(
    out: &mut Verdicts,
    list: &crate::snapshot::Fetched<Vec<R>>,
) -> Vec<Subject> {
    each(out, list).iter().map(Resource::subject).collect()
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let mut resources = subjects(out, &snapshot.storage.accounts);
    resources.extend(subjects(out, &snapshot.keyvault.vaults));
    resources.extend(subjects(out, &snapshot.sql.servers));
    resources.extend(subjects(out, &snapshot.monitor.workspaces));
    let Some(locks) = out.supporting(
        &snapshot.locks.locks,
        "the management lock list",
        &resources,
        Subject::clone,
    ) else {
        return;
    };
    let subscription = snapshot.subscription_resource_id();
    for resource in resources {
        let group = resource_group(&resource.id);
        let holding: Vec<(&ManagementLock, &str)> = locks
            .iter()
            .filter(|lock| {
                eq_ci(lock.level.as_deref(), "CanNotDelete")
                    || eq_ci(lock.level.as_deref(), "ReadOnly")
            })
            .filter_map(|lock| {
                let on = scope::parent_scope(&lock.id, "Microsoft.Authorization", "locks")?;
                let place = if scope::same(on, &resource.id) {
                    "the resource"
                } else if group.as_deref().is_some_and(|g| scope::same(on, g)) {
                    "its resource group"
                } else if scope::same(on, &subscription) {
                    "the subscription"
                } else {
                    return None;
                };
                Some((lock, place))
            })
            .collect();
        let evidence = json!({
            "locks": holding.iter().map(|(l, place)| json!({
                "id": l.id, "level": l.level, "on": place,
            })).collect::<Vec<_>>(),
        });
        match holding.first() {
            Some((lock, place)) => {
                let message = format!(
                    "{}: lock {} ({}) on {place}",
                    resource.name,
                    lock.name,
                    lock.level.as_deref().unwrap_or_default()
                );
                out.pass(resource, message, evidence);
            }
            None => {
                let message = format!(
                    "{}: no CanNotDelete or ReadOnly lock on the resource, its resource group or the subscription; decide whether this resource is mission-critical",
                    resource.name
                );
                out.manual(resource, message, evidence);
            }
        }
    }
}

/// `/subscriptions/{s}/resourceGroups/{rg}` of a resource ID, as written there.
fn resource_group(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').filter(|s| !s.is_empty()).collect();
    (parts.len() >= 4
        && parts[0].eq_ignore_ascii_case("subscriptions")
        && parts[2].eq_ignore_ascii_case("resourceGroups"))
    .then(|| format!("/{}", parts[..4].join("/")))
}
