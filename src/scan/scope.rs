//! Scope resolution: which subscriptions a scan reads. Explicit IDs, every Enabled
//! subscription the identity sees, or every subscription under a management group,
//! minus exclusions; with none of these, the Azure CLI's current subscription.

use super::Session;
use crate::arm::{ApiError, Client};
use crate::auth::AuthMethod;
use crate::collect;
use crate::snapshot::{Subscription, UnreadReason, UnreadSubscription};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const SUBSCRIPTIONS_API: &str = "2022-12-01";
const MANAGEMENT_GROUPS_API: &str = "2020-05-01";

/// What the user asked to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// `--subscription-id`, validated and lower-cased, without duplicates.
    Subscriptions(Vec<String>),
    /// `--all-subscriptions`.
    All,
    /// `--management-group ID`.
    ManagementGroup(String),
    /// No scope flag: the Azure CLI's current subscription, when the CLI is the
    /// credential in use.
    CliDefault,
}

/// A scope and the subscriptions left out of it (`--exclude-subscription`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeSpec {
    pub scope: Scope,
    /// Lower-cased IDs.
    pub exclude: BTreeSet<String>,
}

impl ScopeSpec {
    /// The report's `scan.scope`: `all`, `mg-<id>`, or `subscriptions`.
    pub fn label(&self) -> String {
        match &self.scope {
            Scope::All => "all".into(),
            Scope::ManagementGroup(id) => format!("mg-{id}"),
            Scope::Subscriptions(_) | Scope::CliDefault => SUBSCRIPTIONS_LABEL.into(),
        }
    }
}

pub use crate::report::SUBSCRIPTIONS_SCOPE as SUBSCRIPTIONS_LABEL;

/// The flags that name a scope, for messages.
pub const SCOPE_FLAGS: &str =
    "--subscription-id <ID>, --all-subscriptions or --management-group <ID>";

/// The subscriptions a scope resolved to.
#[derive(Debug, Default)]
pub struct Resolved {
    /// To read, sorted by ID.
    pub scan: Vec<Subscription>,
    /// In scope but not read: disabled (a warning) or unreadable (the scan is
    /// incomplete).
    pub unread: Vec<UnreadSubscription>,
    /// Lines for stderr: skipped subscriptions, the CLI's default.
    pub notes: Vec<String>,
}

/// Resolves `spec` to subscriptions. Errors mean nothing can be scanned (exit 2).
pub async fn resolve(spec: &ScopeSpec, session: &Session) -> Result<Resolved, String> {
    let arm = &session.arm;
    let mut notes = Vec::new();
    let listed = match &spec.scope {
        Scope::Subscriptions(ids) => return named(ids, &spec.exclude, arm, notes).await,
        Scope::CliDefault => {
            let id = cli_default(session).await?;
            notes.push(format!(
                "no scope given: scanning the Azure CLI's current subscription {id} (choose with {SCOPE_FLAGS})"
            ));
            if spec.exclude.contains(&id) {
                return Err(format!(
                    "the Azure CLI's current subscription {id} is excluded: nothing to scan"
                ));
            }
            return named(std::slice::from_ref(&id), &spec.exclude, arm, notes)
                .await
                .map_err(|e| {
                    format!(
                        "nothing to scan: the Azure CLI's current subscription cannot be read: {e}"
                    )
                });
        }
        Scope::All => list_subscriptions(arm).await?,
        Scope::ManagementGroup(group) => {
            let under = descendants(arm, group).await?;
            let visible = list_subscriptions(arm).await?;
            let mut found = Vec::new();
            for (id, display_name) in under {
                match visible.iter().find(|s| s.id == id) {
                    Some(subscription) => found.push(subscription.clone()),
                    // The group shows it but the identity has no role on it.
                    None => found.push(Subscription {
                        id,
                        display_name,
                        tenant_id: None,
                        state: None,
                    }),
                }
            }
            let visible_ids: BTreeSet<&str> = visible.iter().map(|s| s.id.as_str()).collect();
            return Ok(split(found, &spec.exclude, notes, |s| {
                visible_ids.contains(s.id.as_str())
            }));
        }
    };
    Ok(split(listed, &spec.exclude, notes, |_| true))
}

/// Sorts listed subscriptions into read, skipped (not Enabled) and unreadable (not
/// visible to the identity); excluded ones are dropped without a read.
fn split(
    listed: Vec<Subscription>,
    exclude: &BTreeSet<String>,
    mut notes: Vec<String>,
    visible: impl Fn(&Subscription) -> bool,
) -> Resolved {
    let mut scan = Vec::new();
    let mut unread = Vec::new();
    let mut seen = BTreeSet::new();
    for subscription in listed {
        if exclude.contains(&subscription.id) || !seen.insert(subscription.id.clone()) {
            continue;
        }
        let name = subscription.display_name.as_deref().unwrap_or("no name");
        if !visible(&subscription) {
            let error = "listed under the management group, but not visible to this identity: it needs the Reader role on the subscription".to_string();
            notes.push(format!(
                "subscription {} ({name}): {error}",
                subscription.id
            ));
            unread.push(UnreadSubscription {
                subscription,
                reason: UnreadReason::Unreadable,
                error: Some(error),
            });
            continue;
        }
        let state = subscription.state.as_deref().unwrap_or("unknown");
        if state.eq_ignore_ascii_case("Enabled") {
            scan.push(subscription);
        } else {
            notes.push(format!(
                "skipping subscription {} ({name}): its state is {state}, not Enabled",
                subscription.id
            ));
            unread.push(UnreadSubscription {
                subscription,
                reason: UnreadReason::Disabled,
                error: None,
            });
        }
    }
    scan.sort_by(|a, b| a.id.cmp(&b.id));
    Resolved {
        scan,
        unread,
        notes,
    }
}

/// Explicit IDs: each is read once (`GET /subscriptions/{id}`) for its tenant and
/// state. One that cannot be read is reported; all unreadable is an error.
async fn named(
    ids: &[String],
    exclude: &BTreeSet<String>,
    arm: &Client,
    mut notes: Vec<String>,
) -> Result<Resolved, String> {
    let wanted: Vec<&String> = ids.iter().filter(|id| !exclude.contains(*id)).collect();
    if wanted.is_empty() {
        return Err("every subscription given is excluded: nothing to scan".into());
    }
    let reads = futures::future::join_all(
        wanted
            .iter()
            .map(|id| async move { (id.as_str(), collect::subscription(arm, id).await) }),
    )
    .await;
    let mut resolved = Resolved::default();
    let mut errors = Vec::new();
    for (id, read) in reads {
        match read {
            Ok(subscription) => {
                let state = subscription.state.as_deref().unwrap_or("Enabled");
                if !state.eq_ignore_ascii_case("Enabled") {
                    // Named explicitly: read anyway (reads work on a disabled
                    // subscription), but say so.
                    notes.push(format!(
                        "subscription {id} is {state}, not Enabled; scanning it because it was named"
                    ));
                }
                resolved.scan.push(subscription);
            }
            Err(error) => {
                let message = subscription_error(id, error);
                errors.push(message.clone());
                resolved.unread.push(UnreadSubscription {
                    subscription: Subscription {
                        id: id.to_string(),
                        ..Subscription::default()
                    },
                    reason: UnreadReason::Unreadable,
                    error: Some(message),
                });
            }
        }
    }
    if resolved.scan.is_empty() {
        return Err(errors.join("\n"));
    }
    for message in &errors {
        notes.push(message.clone());
    }
    resolved.scan.sort_by(|a, b| a.id.cmp(&b.id));
    resolved.notes = notes;
    Ok(resolved)
}

/// `GET /subscriptions`, every page.
async fn list_subscriptions(arm: &Client) -> Result<Vec<Subscription>, String> {
    let items = arm
        .list("/subscriptions", &[("api-version", SUBSCRIPTIONS_API)])
        .await
        .map_err(|e| format!("cannot list the subscriptions this identity can see: {e}"))?;
    Ok(items.iter().filter_map(parse_listed).collect())
}

fn parse_listed(item: &Value) -> Option<Subscription> {
    let text = |pointer: &str| item.pointer(pointer).and_then(Value::as_str);
    let id = text("/subscriptionId")
        .or_else(|| text("/id").and_then(|id| id.rsplit('/').next()))?
        .trim()
        .to_ascii_lowercase();
    Some(Subscription {
        id,
        display_name: text("/displayName").map(str::to_string),
        tenant_id: text("/tenantId").map(str::to_string),
        state: text("/state").map(str::to_string),
    })
}

/// Subscriptions anywhere under `group` (the descendants API is already recursive),
/// as (ID, display name).
async fn descendants(arm: &Client, group: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let path = format!("/providers/Microsoft.Management/managementGroups/{group}/descendants");
    let items = arm
        .list(&path, &[("api-version", MANAGEMENT_GROUPS_API)])
        .await
        .map_err(|e| match e.status {
            Some(403 | 404) => format!(
                "management group {group} was not found or is not readable by this identity ({}: {}); it needs the Management Group Reader role (or Reader) on the group",
                e.code.as_deref().unwrap_or("error"),
                e.message
            ),
            _ => format!("cannot list management group {group}: {e}"),
        })?;
    Ok(items
        .iter()
        .filter(|item| {
            item.get("type").and_then(Value::as_str).is_some_and(|t| {
                t.eq_ignore_ascii_case("Microsoft.Management/managementGroups/subscriptions")
                    || t.eq_ignore_ascii_case("/subscriptions")
            })
        })
        .filter_map(|item| {
            let id = item.get("name").and_then(Value::as_str)?;
            let name = item
                .pointer("/properties/displayName")
                .and_then(Value::as_str)
                .map(str::to_string);
            Some((id.trim().to_ascii_lowercase(), name))
        })
        .collect())
}

/// The Azure CLI's current subscription, when the Azure CLI is the credential that
/// signed in; any other credential has no notion of a current subscription.
async fn cli_default(session: &Session) -> Result<String, String> {
    let no_default = format!(
        "nothing to scan: give {SCOPE_FLAGS} (or --snapshot <FILE>); azscan defaults to the Azure CLI's current subscription only when the Azure CLI is the credential in use"
    );
    if !matches!(session.auth, AuthMethod::Auto | AuthMethod::Cli) {
        return Err(no_default);
    }
    session
        .arm_tokens
        .token()
        .await
        .map_err(|e| format!("authentication failed: {e}"))?;
    if session.chain.chosen_name() != Some("Azure CLI") {
        return Err(no_default);
    }
    // On Windows the CLI is `az.cmd`, which only a shell runs.
    let mut command = if cfg!(windows) {
        let mut command = tokio::process::Command::new("cmd");
        command.args(["/C", "az"]);
        command
    } else {
        tokio::process::Command::new("az")
    };
    let output = command
        .args(["account", "show", "-o", "json"])
        .stdin(std::process::Stdio::null())
        .output()
        .await
        .map_err(|e| format!("cannot run `az account show`: {e}; give {SCOPE_FLAGS}"))?;
    if !output.status.success() {
        return Err(format!(
            "`az account show` failed ({}); give {SCOPE_FLAGS}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let account: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("`az account show` did not print JSON ({e}); give {SCOPE_FLAGS}"))?;
    account
        .get("id")
        .and_then(Value::as_str)
        .map(|id| id.trim().to_ascii_lowercase())
        .filter(|id| !id.is_empty())
        .ok_or_else(|| format!("`az account show` named no subscription; give {SCOPE_FLAGS}"))
}

/// Why a named subscription could not be read, as one sentence for the user.
pub fn subscription_error(id: &str, error: ApiError) -> String {
    match (error.status, error.code.as_deref()) {
        (None, Some("AuthenticationFailed")) => format!("authentication failed: {}", error.message),
        (Some(401), _) => format!(
            "authentication failed: the token was rejected ({}): {}",
            error.code.as_deref().unwrap_or("401"),
            error.message
        ),
        (Some(403 | 404), _) => format!(
            "subscription {id} was not found or is not accessible to this identity ({}: {}). Check the ID with `az account list -o table` and that the identity holds Reader on it.",
            error.code.as_deref().unwrap_or("error"),
            error.message
        ),
        _ => format!("cannot read subscription {id}: {error}"),
    }
}

/// Tenant of each subscription, for grouping tenant-level reads.
pub fn by_tenant(subscriptions: &[Subscription]) -> BTreeMap<Option<String>, Vec<&Subscription>> {
    let mut tenants: BTreeMap<Option<String>, Vec<&Subscription>> = BTreeMap::new();
    for subscription in subscriptions {
        tenants
            .entry(subscription.tenant_id.clone())
            .or_default()
            .push(subscription);
    }
    tenants
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(id: &str, state: &str) -> Subscription {
        Subscription {
            id: id.into(),
            display_name: Some(format!("name {id}")),
            tenant_id: Some("t".into()),
            state: Some(state.into()),
        }
    }

    #[test]
    fn split_skips_disabled_with_a_note_and_drops_excluded_silently() {
        let exclude: BTreeSet<String> = ["c".to_string()].into();
        let resolved = split(
            vec![
                sub("b", "Enabled"),
                sub("a", "Disabled"),
                sub("c", "Enabled"),
                sub("b", "Enabled"),
            ],
            &exclude,
            Vec::new(),
            |_| true,
        );
        let ids: Vec<&str> = resolved.scan.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["b"]);
        assert_eq!(resolved.unread.len(), 1);
        assert_eq!(resolved.unread[0].reason, UnreadReason::Disabled);
        assert_eq!(
            resolved.notes,
            ["skipping subscription a (name a): its state is Disabled, not Enabled"]
        );
    }

    #[test]
    fn listed_subscriptions_parse_from_either_id_form() {
        let item = serde_json::json!({"id": "/subscriptions/ABC", "state": "Enabled"});
        assert_eq!(parse_listed(&item).unwrap().id, "abc");
    }

    #[test]
    fn labels_name_the_scope() {
        let spec = |scope| ScopeSpec {
            scope,
            exclude: BTreeSet::new(),
        };
        assert_eq!(spec(Scope::All).label(), "all");
        assert_eq!(
            spec(Scope::ManagementGroup("prod".into())).label(),
            "mg-prod"
        );
        assert_eq!(spec(Scope::CliDefault).label(), "subscriptions");
    }
}
