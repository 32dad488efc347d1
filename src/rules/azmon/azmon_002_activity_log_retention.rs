//! AZMON-002: per subscription diagnostic setting, whether any destination keeps the
//! exported Activity Log for at least 365 days.

use crate::rules::shape::Resource;
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::monitor::DiagnosticSetting;
use crate::snapshot::{Fetched, Snapshot, canonical_id};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!(
    "azmon",
    "AZMON-002",
    sources: [SubscriptionDiagnostics, Workspaces, StorageAccounts, StorageLifecycle],
    run: run
);

const REQUIRED_DAYS: f64 = 365.0;

/// What one destination does with the logs.
enum Retention {
    Kept(String),
    Short(String),
    /// The destination could not be judged (outside the scan, or its data unreadable).
    Unknown(String),
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let settings = out.judged_in_subscription(
        &snapshot.monitor.subscription_diagnostic_settings,
        "the subscription diagnostic settings",
    );
    for setting in settings {
        let mut destinations = Vec::new();
        if let Some(id) = &setting.workspace_id {
            destinations.push(workspace(snapshot, id));
        }
        if let Some(id) = &setting.storage_account_id {
            destinations.push(storage(snapshot, id));
        }
        if setting.event_hub_authorization_rule_id.is_some() {
            destinations.push(Retention::Short(
                "an event hub keeps nothing long-term".to_string(),
            ));
        }
        let (mut kept, mut short, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
        for destination in destinations {
            match destination {
                Retention::Kept(text) => kept.push(text),
                Retention::Short(text) => short.push(text),
                Retention::Unknown(text) => unknown.push(text),
            }
        }
        let evidence = json!({
            "workspaceId": setting.workspace_id,
            "storageAccountId": setting.storage_account_id,
            "eventHubAuthorizationRuleId": setting.event_hub_authorization_rule_id,
        });
        let subject = subject(setting);
        let name = &setting.name;
        // One keeping destination is enough; an unjudgeable one only matters when
        // nothing else keeps the logs.
        if !kept.is_empty() {
            out.pass(subject, format!("{name}: {}", kept.join("; ")), evidence);
        } else if !unknown.is_empty() {
            let reason = unknown.join("; ");
            out.error(subject, format!("{name}: retention not assessed: {reason}"));
        } else if short.is_empty() {
            out.fail(
                subject,
                format!("{name}: no destination keeps the logs"),
                evidence,
            );
        } else {
            out.fail(subject, format!("{name}: {}", short.join("; ")), evidence);
        }
    }
}

fn subject(setting: &DiagnosticSetting) -> Subject {
    // Subscription settings come back without the leading slash.
    let id = format!("/{}", setting.id.trim_start_matches('/'));
    Subject::new(
        &id,
        &setting.name,
        "Microsoft.Insights/diagnosticSettings",
        None,
    )
}

/// The `kind` destination `id` among the scanned resources of `list`, or why its
/// retention cannot be judged (the list unreadable, or the destination outside the scan).
fn destination<'a, R: Resource>(
    list: &'a Fetched<Vec<R>>,
    kind: &str,
    id: &str,
) -> Result<&'a R, Retention> {
    let items = match list {
        Fetched::Ok(items) => items,
        unavailable => {
            let what = format!("{} (for {kind} {id})", R::LIST);
            let reason = unavailable.unavailable_reason(&what).unwrap_or_default();
            return Err(Retention::Unknown(reason));
        }
    };
    let wanted = canonical_id(id);
    items
        .iter()
        .find(|r| canonical_id(&r.subject().id) == wanted)
        .ok_or_else(|| {
            Retention::Unknown(format!("{kind} {id} is outside the scanned subscription"))
        })
}

fn workspace(snapshot: &Snapshot, id: &str) -> Retention {
    let workspace = match destination(&snapshot.monitor.workspaces, "workspace", id) {
        Ok(workspace) => workspace,
        Err(unknown) => return unknown,
    };
    let days = workspace.effective_retention_days();
    let shown = match workspace.retention_in_days {
        Some(days) => format!("{days} days"),
        None => format!("{days} days (retentionInDays not set)"),
    };
    let text = format!("workspace {} keeps logs {shown}", workspace.name);
    if days as f64 >= REQUIRED_DAYS {
        Retention::Kept(text)
    } else {
        Retention::Short(text)
    }
}

fn storage(snapshot: &Snapshot, id: &str) -> Retention {
    let account = match destination(&snapshot.storage.accounts, "storage account", id) {
        Ok(account) => account,
        Err(unknown) => return unknown,
    };
    let policy = match &account.lifecycle_policy {
        Fetched::Ok(policy) => policy.as_ref(),
        // Kinds that cannot hold a lifecycle policy never delete blobs by age.
        Fetched::NotCollected if !account.holds_blobs() => None,
        unavailable => {
            let what = format!("the lifecycle policy of storage account {}", account.name);
            return Retention::Unknown(unavailable.unavailable_reason(&what).unwrap_or_default());
        }
    };
    let early_delete = policy.into_iter().flat_map(|p| &p.rules).find_map(|rule| {
        rule.delete_base_blob_after_days
            .filter(|days| rule.is_enabled() && *days < REQUIRED_DAYS)
            .map(|days| (rule.name.as_str(), days))
    });
    match (early_delete, policy) {
        (Some((rule, days)), _) => Retention::Short(format!(
            "storage account {}: lifecycle rule {rule} deletes blobs after {days} days",
            account.name
        )),
        (None, None) => Retention::Kept(format!(
            "storage account {} has no lifecycle policy (blobs are kept)",
            account.name
        )),
        (None, Some(_)) => Retention::Kept(format!(
            "storage account {} has no enabled lifecycle rule deleting blobs within 365 days",
            account.name
        )),
    }
}
