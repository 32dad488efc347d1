//! LOCK-001: critical resources without a delete or read-only lock on themselves,
//! their resource group or the subscription. The critical types come from
//! `locks.critical_types`; all six of its defaults are listed: storage accounts, Key
//! Vaults, Recovery Services vaults, SQL servers, Cosmos DB accounts and Log Analytics
//! workspaces. Never FAIL: whether a resource is
//! mission-critical is the owner's call, so an unlocked one is MANUAL.

use crate::rules::shape::{Resource, each, scope};
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::locks::ManagementLock;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;
use std::collections::HashMap;

pub const CHECK: crate::rules::Check = check!("lock", "LOCK-001",
    sources: [Locks, StorageAccounts, Vaults, SqlServers, Workspaces, RecoveryVaults,
        CosmosAccounts], run: run);

/// The subjects of `list` when its type is critical (`locks.critical_types`); a type
/// left out of the setting is not judged, nor its list required.
fn subjects<R: Resource>(
    out: &mut Verdicts,
    list: &crate::snapshot::Fetched<Vec<R>>,
) -> Vec<Subject> {
    if !out.settings().locks.is_critical(R::TYPE) {
        return Vec::new();
    }
    each(out, list).iter().map(Resource::subject).collect()
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let mut resources = subjects(out, &snapshot.storage.accounts);
    resources.extend(subjects(out, &snapshot.keyvault.vaults));
    resources.extend(subjects(out, &snapshot.sql.servers));
    resources.extend(subjects(out, &snapshot.monitor.workspaces));
    resources.extend(subjects(out, &snapshot.backup.vaults));
    resources.extend(subjects(out, &snapshot.cosmos.accounts));
    let Some(locks) = out.supporting(
        &snapshot.locks.locks,
        "the management lock list",
        &resources,
        Subject::clone,
    ) else {
        return;
    };
    // Locks that protect, by the canonical scope they sit on: built once, so each
    // resource is three lookups however many locks the subscription holds.
    let mut by_scope: HashMap<String, Vec<&ManagementLock>> = HashMap::new();
    for lock in locks.iter().filter(|lock| {
        eq_ci(lock.level.as_deref(), "CanNotDelete") || eq_ci(lock.level.as_deref(), "ReadOnly")
    }) {
        if let Some(on) = scope::parent_scope(&lock.id, "Microsoft.Authorization", "locks") {
            by_scope.entry(scope::canonical(on)).or_default().push(lock);
        }
    }
    let subscription = scope::canonical(&snapshot.subscription_resource_id());
    for resource in resources {
        let places = [
            (Some(scope::canonical(&resource.id)), "the resource"),
            (
                resource_group(&resource.id).map(|g| scope::canonical(&g)),
                "its resource group",
            ),
            (Some(subscription.clone()), "the subscription"),
        ];
        let holding: Vec<(&ManagementLock, &str)> = places
            .iter()
            .filter_map(|(at, place)| Some((by_scope.get(at.as_ref()?)?, *place)))
            .flat_map(|(locks, place)| locks.iter().map(move |lock| (*lock, place)))
            .collect();
        let evidence = json!({
            // The first few: a lock on the subscription holds for every resource.
            "locks": holding.iter().take(5).map(|(l, place)| json!({
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
