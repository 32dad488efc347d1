//! One scan from start to finish: authenticate, check the subscription, collect what
//! the selected checks need, evaluate, and assemble the report.

use crate::arm::{ApiError, Client, ClientSettings, Flavor, Shared};
use crate::auth::{AuthMethod, CredentialChain, TokenSource};
use crate::cli::{ScanConfig, Target};
use crate::cloud::Endpoints;
use crate::collect::{self, Collector, Plan};
use crate::report::Report;
use crate::rules::{self, Rule};
use crate::snapshot::{SCHEMA_VERSION, Snapshot};
use std::path::Path;
use std::sync::Arc;
use time::OffsetDateTime;
use tracing::info;

/// How to reach and authenticate to Azure.
pub struct Connection {
    pub endpoints: Endpoints,
    pub auth: AuthMethod,
    pub concurrency: usize,
    /// Show a spinner with the request count on stderr (only when it is a terminal).
    pub progress: bool,
}

pub async fn run(config: &ScanConfig) -> Result<Report, String> {
    let snapshot = match &config.target {
        Target::Live {
            subscription_id,
            connection,
        } => collect_live(subscription_id, connection, &config.rules).await?,
        Target::Snapshot(path) => load_snapshot(path)?,
    };
    let findings = rules::evaluate(&snapshot, &config.rules);
    Ok(Report::new(&snapshot, findings))
}

/// Reads the subscription for `rules`. Errors here mean nothing could be scanned
/// (authentication, a wrong or inaccessible subscription) and map to exit code 2.
pub async fn collect_live(
    subscription_id: &str,
    connection: &Connection,
    rules: &[&'static Rule],
) -> Result<Snapshot, String> {
    let endpoints = &connection.endpoints;
    let settings = ClientSettings {
        concurrency: connection.concurrency,
        ..ClientSettings::default()
    };
    let shared = Shared::new(settings, endpoints.all_loopback())?;
    let chain = Arc::new(CredentialChain::new(connection.auth, endpoints.cloud));
    let arm = Client::new(
        shared.clone(),
        endpoints.arm.clone(),
        Flavor::Arm,
        TokenSource::new(chain.clone(), endpoints.arm_scope.clone()),
    );
    let plan = Plan::new(rules.iter().flat_map(|r| r.check.sources.iter().copied()));
    let started_at = OffsetDateTime::now_utc();
    let subscription = collect::subscription(&arm, subscription_id)
        .await
        .map_err(|e| subscription_error(subscription_id, e))?;
    info!(
        "scanning subscription {} ({}) in tenant {}",
        subscription.id,
        subscription.display_name.as_deref().unwrap_or("no name"),
        subscription.tenant_id.as_deref().unwrap_or("unknown")
    );
    // Graph gets its own audience; no Graph token is requested unless a check needs it.
    let graph = plan.needs_graph().then(|| {
        Client::new(
            shared.clone(),
            endpoints.graph.clone(),
            Flavor::Graph,
            TokenSource::new(chain.clone(), endpoints.graph_scope.clone()),
        )
    });
    let collector = Collector::new(arm, graph, subscription, plan);
    let spinner = connection.progress.then(|| progress_spinner(&shared));
    let mut snapshot = collect::collect(&collector, started_at).await;
    if let Some((bar, ticker)) = spinner {
        ticker.abort();
        bar.finish_and_clear();
    }
    snapshot.requests = shared.request_count();
    snapshot.finished_at = Some(OffsetDateTime::now_utc());
    Ok(snapshot)
}

/// A spinner that shows how many requests have been made, refreshed by a small task.
fn progress_spinner(shared: &Shared) -> (indicatif::ProgressBar, tokio::task::JoinHandle<()>) {
    let bar = indicatif::ProgressBar::new_spinner();
    let ticker = {
        let (bar, shared) = (bar.clone(), shared.clone());
        tokio::spawn(async move {
            loop {
                bar.set_message(format!(
                    "reading Azure: {} requests",
                    shared.request_count()
                ));
                bar.tick();
                tokio::time::sleep(std::time::Duration::from_millis(120)).await;
            }
        })
    };
    (bar, ticker)
}

fn subscription_error(id: &str, error: ApiError) -> String {
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

/// Reads a snapshot file, refusing unknown versions with one clear sentence.
pub fn load_snapshot(path: &Path) -> Result<Snapshot, String> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read snapshot {shown}: {e}"))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        format!("snapshot {shown} is not a JSON text (invalid UTF-8 at byte {}); was it written by `azscan collect`?", e.valid_up_to())
    })?;
    parse_snapshot(text, &shown)
}

/// A snapshot's text, checked as `load_snapshot` does; `shown` names it in errors.
/// Separate from the file read so the fuzz targets can drive it.
pub fn parse_snapshot(text: &str, shown: &str) -> Result<Snapshot, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let what = if e.is_eof() {
            "is truncated (the JSON ends early)"
        } else {
            "is not valid JSON"
        };
        format!("snapshot {shown} {what}: {e}")
    })?;
    if !value.is_object() {
        return Err(format!(
            "{shown} is not an azscan snapshot (a JSON object written by `azscan collect`)"
        ));
    }
    match value.get("schema_version") {
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {}
        Some(serde_json::Value::Number(n)) => {
            return Err(format!(
                "snapshot {shown} has schema_version {n}, but this azscan reads only schema_version {SCHEMA_VERSION}; re-collect it with this version (`azscan collect`)"
            ));
        }
        Some(other) => {
            let kind = match other {
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Null => "null",
                _ => "a list or object",
            };
            return Err(format!(
                "snapshot {shown}: schema_version is {kind}, not a number (this azscan reads schema_version {SCHEMA_VERSION})"
            ));
        }
        None => {
            return Err(format!(
                "{shown} is not an azscan snapshot (no schema_version; this azscan reads schema_version {SCHEMA_VERSION})"
            ));
        }
    }
    // Parse from text again so errors carry a line and column.
    serde_json::from_str(text).map_err(|e| format!("snapshot {shown} is malformed: {e}"))
}
