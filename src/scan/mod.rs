//! One scan from start to finish: authenticate, resolve the scope to subscriptions,
//! read them all concurrently through one shared client (each tenant's Entra data
//! once), evaluate, and assemble the report. Also the snapshot file forms.
//!
//! The command-line layer depends on this one, never the other way round.

pub mod plan;
mod progress;
pub mod scope;

pub use scope::{SCOPE_FLAGS, SUBSCRIPTIONS_LABEL, Scope, ScopeSpec};

use crate::arm::{Client, Flavor, Reliability, Shared};
use crate::auth::{AuthMethod, CredentialChain, TokenSource};
use crate::cloud::Endpoints;
use crate::collect::{self, Collector, Plan};
use crate::report::Report;
use crate::rules::{self, Finding, Rule, Settings};
use crate::snapshot::{
    COLLECTION_SCHEMA_VERSION, Collection, CollectionFile, SCHEMA_VERSION, Snapshot, Subscription,
};
use futures::StreamExt;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::OffsetDateTime;
use tracing::info;

/// How to reach and authenticate to Azure.
pub struct Connection {
    pub endpoints: Endpoints,
    pub auth: AuthMethod,
    pub concurrency: usize,
    /// ARM's read refill rate per subscription, which pacing slows to.
    pub arm_reads_per_second: f64,
    /// Show one progress line per subscription on stderr (only when it is a terminal).
    pub progress: bool,
    /// Timeouts, backoff and the cancellation signal (docs/reliability.md).
    pub reliability: Reliability,
}

/// Where the findings come from.
pub enum Target {
    Live {
        scope: ScopeSpec,
        connection: Box<Connection>,
    },
    Snapshot(PathBuf),
}

/// What to scan and with which checks.
pub struct ScanConfig {
    pub target: Target,
    pub rules: Vec<&'static Rule>,
    /// The check settings in force (configuration file and `--enable-checks`).
    pub settings: Settings,
}

/// A finished scan: the report, and what stderr should say about its scope
/// (skipped subscriptions, the CLI's default subscription).
pub struct Outcome {
    pub report: Report,
    pub notes: Vec<String>,
}

/// The clients of one scan: one shared pool, limiter and counter for every
/// subscription and for Graph.
pub struct Session {
    pub shared: Shared,
    pub chain: Arc<CredentialChain>,
    pub arm: Client,
    pub arm_tokens: TokenSource,
    pub endpoints: Endpoints,
    pub auth: AuthMethod,
}

impl Session {
    pub fn new(connection: &Connection) -> Result<Session, String> {
        let endpoints = connection.endpoints.clone();
        let settings = connection
            .reliability
            .client_settings(connection.concurrency, connection.arm_reads_per_second);
        let shared = Shared::new(settings, endpoints.all_loopback())?;
        let chain = Arc::new(CredentialChain::new(connection.auth, endpoints.cloud));
        let arm_tokens = TokenSource::new(chain.clone(), endpoints.arm_scope.clone());
        let arm = Client::new(
            shared.clone(),
            endpoints.arm.clone(),
            Flavor::Arm,
            arm_tokens.clone(),
        );
        Ok(Session {
            shared,
            chain,
            arm,
            arm_tokens,
            endpoints,
            auth: connection.auth,
        })
    }

    /// Vault data planes get their own audience; no token for it is requested unless
    /// an opt-in check reads a vault.
    pub(crate) fn keyvault(&self) -> crate::collect::data_plane::KeyVaultPlane {
        crate::collect::data_plane::DataPlane::key_vault(
            self.shared.clone(),
            TokenSource::new(self.chain.clone(), self.endpoints.keyvault_scope.clone()),
            self.endpoints.keyvault.clone(),
        )
    }

    /// Storage data planes (DP-1) get storage's audience; no token for it is requested
    /// unless `storage.classic_logging` sends a read there.
    pub(crate) fn storage(&self) -> crate::collect::data_plane::DataPlane {
        crate::collect::data_plane::DataPlane::storage(
            self.shared.clone(),
            TokenSource::new(self.chain.clone(), self.endpoints.storage_scope.clone()),
            self.endpoints.storage.clone(),
        )
    }

    /// Graph gets its own audience; no Graph token is requested unless a check needs it.
    pub(crate) fn graph(&self) -> Client {
        Client::new(
            self.shared.clone(),
            self.endpoints.graph.clone(),
            Flavor::Graph,
            TokenSource::new(self.chain.clone(), self.endpoints.graph_scope.clone()),
        )
    }
}

pub async fn run(config: &ScanConfig) -> Result<Outcome, String> {
    let (collection, scope, notes) = match &config.target {
        Target::Live { scope, connection } => {
            let (collection, notes) =
                collect_live(scope, connection, &config.rules, &config.settings).await?;
            (collection, scope.label(), notes)
        }
        Target::Snapshot(path) => (
            load_snapshot(path)?,
            SUBSCRIPTIONS_LABEL.to_string(),
            Vec::new(),
        ),
    };
    let findings = evaluate(&collection, &config.rules, &config.settings);
    Ok(Outcome {
        report: Report::from_collection(&collection, findings, &scope, &config.settings),
        notes,
    })
}

/// A check that reads only tenant-level data (Microsoft Graph): it runs once per
/// tenant, never once per subscription.
pub fn is_tenant_level(rule: &Rule) -> bool {
    !rule.check.sources.is_empty() && rule.check.sources.iter().all(|s| s.is_graph())
}

/// Runs `rules` over every subscription; tenant-level checks once per tenant, over
/// its lowest subscription ID (so the choice does not depend on what else was read,
/// and `azscan merge` of shards gives the same report as one scan).
pub fn evaluate(collection: &Collection, rules: &[&Rule], settings: &Settings) -> Vec<Finding> {
    let (tenant_rules, subscription_rules): (Vec<&Rule>, Vec<&Rule>) =
        rules.iter().copied().partition(|r| is_tenant_level(r));
    let mut findings = Vec::new();
    let mut first_of_tenant: BTreeMap<Option<&str>, &Snapshot> = BTreeMap::new();
    for snapshot in &collection.snapshots {
        let judged = rules::evaluate(snapshot, &subscription_rules, settings);
        // The first subscription's list is kept, not copied: at hundreds of thousands of
        // findings a copy is hundreds of megabytes held twice.
        if findings.is_empty() {
            findings = judged;
        } else {
            findings.extend(judged);
        }
        let tenant = snapshot.subscription.tenant_id.as_deref();
        let first = first_of_tenant.entry(tenant).or_insert(snapshot);
        if snapshot.subscription.id < first.subscription.id {
            *first = snapshot;
        }
    }
    for snapshot in first_of_tenant.values() {
        findings.extend(rules::evaluate(snapshot, &tenant_rules, settings));
    }
    Finding::sort_for_report(&mut findings);
    findings
}

/// Reads every subscription in `scope` for `rules`, with what `settings` say to read
/// (AZMON-016's resource types). Errors here mean nothing could be scanned
/// (authentication, no readable subscription) and map to exit code 2.
pub async fn collect_live(
    scope: &ScopeSpec,
    connection: &Connection,
    rules: &[&'static Rule],
    settings: &Settings,
) -> Result<(Collection, Vec<String>), String> {
    // Disarmed when collection ends: evaluating and reporting are never cut short.
    let reliability = &connection.reliability;
    let _deadline = reliability.deadline.map(|d| reliability.cancel.deadline(d));
    let session = Session::new(connection)?;
    collect_with(&session, scope, connection, rules, settings).await
}

/// `collect_live` over an existing session, so several collections can share one
/// client (each subscription is still paced on its own read budget).
pub async fn collect_with(
    session: &Session,
    scope: &ScopeSpec,
    connection: &Connection,
    rules: &[&'static Rule],
    settings: &Settings,
) -> Result<(Collection, Vec<String>), String> {
    let started_at = OffsetDateTime::now_utc();
    let resolved = scope::resolve(scope, session).await?;
    if resolved.scan.is_empty() {
        let mut message = "nothing to scan: no Enabled subscription is in scope".to_string();
        for note in &resolved.notes {
            message.push_str(&format!("\n  - {note}"));
        }
        return Err(message);
    }
    let sources = rules.iter().flat_map(|r| r.check.sources.iter().copied());
    let subscription_plan =
        Plan::new(sources.clone().filter(|s| !s.is_graph())).with_settings(settings);
    let tenant_plan = Plan::new(sources.filter(|s| s.is_graph()));
    let progress = connection
        .progress
        .then(|| progress::Progress::start(&session.shared));

    let tenants = scope::by_tenant(&resolved.scan);
    let graph = tenant_plan.needs_graph().then(|| session.graph());
    let tenant_reads = futures::future::join_all(tenants.iter().filter_map(|(tenant, subs)| {
        let graph = graph.clone()?;
        // The tenant's reads are made under its lowest subscription's name.
        let first: Subscription = subs.iter().min_by_key(|s| &s.id).map(|s| (*s).clone())?;
        let collector =
            Collector::new(session.arm.clone(), Some(graph), first, tenant_plan.clone());
        let progress = progress.as_ref();
        Some(async move {
            let line = progress.map(|p| {
                p.line(
                    &format!("tenant {}", tenant.as_deref().unwrap_or("unknown")),
                    None,
                )
            });
            let snapshot = collect::collect(&collector, started_at).await;
            drop(line);
            (
                tenant.clone(),
                (snapshot.entra, snapshot.monitor.aad_diagnostic_settings, {
                    let web = snapshot.web;
                    (web.web_app_stacks, web.function_app_stacks)
                }),
                snapshot.gaps,
                snapshot.unreadable,
            )
        })
    }));
    // Enough subscriptions in flight to keep the request cap busy (each is paced on
    // its own budget), few enough that thousands do not all hold memory at once.
    let in_flight = connection.concurrency.max(1);
    let definitions = crate::collect::policy::DefinitionCache::default();
    let subscription_reads = futures::stream::iter(resolved.scan.iter().map(|subscription| {
        info!(
            "scanning subscription {} ({}) in tenant {}",
            subscription.id,
            subscription.display_name.as_deref().unwrap_or("no name"),
            subscription.tenant_id.as_deref().unwrap_or("unknown")
        );
        let mut collector = Collector::new(
            session.arm.clone(),
            None,
            subscription.clone(),
            subscription_plan.clone(),
        )
        .with_keyvault(session.keyvault())
        .with_storage(session.storage());
        // Policy initiatives and definitions are tenant-wide: read each once per scan.
        collector.definitions = definitions.clone();
        let progress = progress.as_ref();
        async move {
            let name = subscription
                .display_name
                .as_deref()
                .unwrap_or(&subscription.id);
            let services = collector.services_read();
            let line = progress.map(|p| p.line(name, Some((&subscription.id, services))));
            let snapshot = collect::collect(&collector, started_at).await;
            drop(line);
            snapshot
        }
    }))
    .buffer_unordered(in_flight)
    .collect::<Vec<Snapshot>>();
    let (tenant_data, mut snapshots) = tokio::join!(tenant_reads, subscription_reads);
    snapshots.sort_by(|a, b| a.subscription.id.cmp(&b.subscription.id));
    if let Some(progress) = progress {
        progress.finish();
    }
    let mut tenant_gaps = Vec::new();
    for (tenant, (entra, aad_diagnostic_settings, stacks), gaps, unreadable) in tenant_data {
        for snapshot in snapshots
            .iter_mut()
            .filter(|s| s.subscription.tenant_id == tenant)
        {
            snapshot.entra = entra.clone();
            // ARM reads outside any subscription are made once per tenant too.
            snapshot.monitor.aad_diagnostic_settings = aad_diagnostic_settings.clone();
            snapshot.web.web_app_stacks = stacks.0.clone();
            snapshot.web.function_app_stacks = stacks.1.clone();
            // Graph items with fields of the wrong type travel with the tenant's data.
            snapshot.unreadable.extend(unreadable.iter().cloned());
            snapshot.gaps.extend(gaps.iter().cloned());
            snapshot
                .gaps
                .sort_by(|a, b| (&a.service, &a.call).cmp(&(&b.service, &b.call)));
        }
        tenant_gaps.push((tenant, gaps));
    }
    // Azure role assignments are read per subscription; their principals are looked up
    // in Graph once per tenant, after every subscription of it was read.
    if let Some(graph) = &graph
        && tenant_plan.wants(collect::Source::GraphPrincipals)
    {
        for (tenant, gaps) in
            collect::rbac::resolve_tenants(&session.arm, graph, &mut snapshots).await
        {
            match tenant_gaps.iter_mut().find(|(t, _)| *t == tenant) {
                Some((_, known)) => known.extend(gaps),
                None => tenant_gaps.push((tenant, gaps)),
            }
        }
    }
    // The lookups above are part of the collection's time and request count.
    let finished_at = OffsetDateTime::now_utc();
    let requests = session.shared.request_count();
    let single = snapshots.len() == 1;
    for snapshot in &mut snapshots {
        snapshot.finished_at = Some(finished_at);
        // One subscription keeps today's meaning (its requests); several share one
        // count, kept on the collection.
        snapshot.requests = if single { requests } else { 0 };
    }
    // Named subscriptions were each read (`GET /subscriptions/{id}`), which is their
    // readability test, as it always was for one. A listed subscription was not, so
    // when every one refuses every read, nothing in scope could be scanned.
    let listed = matches!(scope.scope, Scope::All | Scope::ManagementGroup(_));
    if listed && snapshots.iter().all(Snapshot::all_reads_denied) {
        let ids: Vec<&str> = snapshots
            .iter()
            .map(|s| s.subscription.id.as_str())
            .collect();
        return Err(format!(
            "no subscription in scope could be read: every read of {} answered 403; the identity needs the Reader role on them",
            ids.join(", ")
        ));
    }
    let mut notes = resolved.notes;
    notes.extend(denied_notes(&snapshots));
    Ok((
        Collection {
            azscan_version: env!("CARGO_PKG_VERSION").to_string(),
            collected_at: started_at,
            finished_at: Some(finished_at),
            requests,
            snapshots,
            tenant_gaps,
            unread: resolved.unread,
        },
        notes,
    ))
}

/// One line per subscription whose ARM reads were refused, naming the role it lacks.
fn denied_notes(snapshots: &[Snapshot]) -> Vec<String> {
    snapshots
        .iter()
        .filter_map(|snapshot| {
            let denied = snapshot
                .gaps
                .iter()
                // Tenant-scope ARM reads (`/providers/...`) need Entra roles, not Reader.
                .filter(|g| {
                    g.service != "entra" && !g.call.starts_with("/providers/") && g.status == Some(403)
                })
                .count();
            (denied > 0).then(|| {
                format!(
                    "subscription {}: {denied} read(s) answered 403; the identity needs the Reader role on /subscriptions/{} (its ERROR results name each call)",
                    snapshot.subscription.id, snapshot.subscription.id
                )
            })
        })
        .collect()
}

/// Streams the snapshot file of a collection into `out`: version 1 for one subscription,
/// version 2 (`CollectionFile`) for several.
pub fn write_snapshot(
    collection: &Collection,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // Serializing plain data cannot fail, so an error here is `out`'s.
    if collection.is_single() {
        serde_json::to_writer_pretty(&mut *out, &collection.snapshots[0])?;
    } else {
        serde_json::to_writer_pretty(&mut *out, &collection.to_file())?;
    }
    out.write_all(b"\n")
}

/// Reads a snapshot file of either version, refusing unknown versions with one clear
/// sentence.
pub fn load_snapshot(path: &Path) -> Result<Collection, String> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read snapshot {shown}: {e}"))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        format!("snapshot {shown} is not a JSON text (invalid UTF-8 at byte {}); was it written by `azscan collect`?", e.valid_up_to())
    })?;
    parse_snapshot(text, &shown)
}

/// A snapshot's text, checked as `load_snapshot` does; `shown` names it in errors.
/// Separate from the file read so the fuzz targets can drive it.
pub fn parse_snapshot(text: &str, shown: &str) -> Result<Collection, String> {
    /// Only the version, so the first pass over the text builds no tree.
    #[derive(serde::Deserialize)]
    struct Head {
        schema_version: Option<serde_json::Value>,
    }
    let not_a_snapshot =
        || format!("{shown} is not an azscan snapshot (a JSON object written by `azscan collect`)");
    if text.trim_start().chars().next().is_some_and(|c| c != '{') {
        return Err(not_a_snapshot());
    }
    let head: Head = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            format!("snapshot {shown} is truncated (the JSON ends early): {e}")
        } else if e.is_syntax() {
            format!("snapshot {shown} is not valid JSON: {e}")
        } else {
            not_a_snapshot()
        }
    })?;
    let readable = format!(
        "this azscan reads schema_version {SCHEMA_VERSION} and {COLLECTION_SCHEMA_VERSION}"
    );
    let version = match head.schema_version {
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .ok_or_else(|| format!("snapshot {shown} has schema_version {n}, but {readable}"))?,
        Some(other) => {
            let kind = match other {
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Null => "null",
                _ => "a list or object",
            };
            return Err(format!(
                "snapshot {shown}: schema_version is {kind}, not a number ({readable})"
            ));
        }
        None => {
            return Err(format!(
                "{shown} is not an azscan snapshot (no schema_version; {readable})"
            ));
        }
    };
    let malformed = |e: serde_json::Error| format!("snapshot {shown} is malformed: {e}");
    if version == u64::from(SCHEMA_VERSION) {
        serde_json::from_str::<Snapshot>(text)
            .map(Collection::single)
            .map_err(malformed)
    } else if version == u64::from(COLLECTION_SCHEMA_VERSION) {
        let file: CollectionFile = serde_json::from_str(text).map_err(malformed)?;
        if file.subscriptions.is_empty() {
            return Err(format!("snapshot {shown} holds no subscription"));
        }
        Ok(Collection::from_file(file))
    } else {
        Err(format!(
            "snapshot {shown} has schema_version {version}, but {readable}; re-collect it with this version (`azscan collect`)"
        ))
    }
}
