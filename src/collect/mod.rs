//! Collectors: read ARM and Graph concurrently and normalize the answers into a
//! `Snapshot`. Only what the selected checks need is read (`Plan`), and every failed
//! call becomes a `Gap` in the snapshot instead of an error that stops the scan.

mod acr;
mod compute;
mod entra;
mod json;
mod keyvault;
mod monitor;
mod network;
mod security;
mod sql;
mod storage;
mod web;

use crate::arm::{ApiError, Client};
use crate::snapshot::{Fetched, Gap, Snapshot, Subscription};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Mutex;
use time::OffsetDateTime;

/// A unit of data a check can ask for; each maps to one kind of API call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    StorageAccounts,
    StorageLifecycle,
    Vaults,
    VaultKeys,
    VaultSecrets,
    VaultDiagnostics,
    Registries,
    DefenderPricings,
    JitPolicies,
    NetworkSecurityGroups,
    FlowLogs,
    ApplicationGateways,
    PublicIps,
    NetworkInterfaces,
    VirtualMachines,
    Sites,
    SiteConfigs,
    SqlServers,
    SqlEncryptionProtector,
    SqlAuditing,
    SqlAdministrators,
    SqlThreatProtection,
    SubscriptionDiagnostics,
    ActivityLogAlerts,
    Workspaces,
    GraphRoleAssignments,
    GraphApplications,
    GraphServicePrincipals,
    GraphConditionalAccess,
}

impl Source {
    /// Sources read from Microsoft Graph rather than ARM.
    pub fn is_graph(self) -> bool {
        matches!(
            self,
            Source::GraphRoleAssignments
                | Source::GraphApplications
                | Source::GraphServicePrincipals
                | Source::GraphConditionalAccess
        )
    }
}

/// What a scan reads: the union of the selected checks' sources.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    sources: BTreeSet<Source>,
}

impl Plan {
    pub fn new(sources: impl IntoIterator<Item = Source>) -> Plan {
        Plan {
            sources: sources.into_iter().collect(),
        }
    }

    pub fn wants(&self, source: Source) -> bool {
        self.sources.contains(&source)
    }

    pub fn wants_any(&self, sources: &[Source]) -> bool {
        sources.iter().any(|s| self.wants(*s))
    }

    pub fn needs_graph(&self) -> bool {
        self.sources.iter().any(|s| s.is_graph())
    }
}

/// The shared state of one collection run: clients, the plan, recorded gaps.
pub struct Collector {
    pub arm: Client,
    /// Absent when no selected check reads Graph (no Graph token is requested then).
    pub graph: Option<Client>,
    pub subscription: Subscription,
    pub plan: Plan,
    gaps: Mutex<Vec<Gap>>,
}

impl Collector {
    pub fn new(
        arm: Client,
        graph: Option<Client>,
        subscription: Subscription,
        plan: Plan,
    ) -> Collector {
        Collector {
            arm,
            graph,
            subscription,
            plan,
            gaps: Mutex::new(Vec::new()),
        }
    }

    /// `/subscriptions/{id}{suffix}`.
    pub fn sub_path(&self, suffix: &str) -> String {
        format!("/subscriptions/{}{suffix}", self.subscription.id)
    }

    /// Records a failed call and returns it as the gap checks will report.
    pub fn gap(&self, service: &str, error: ApiError) -> Gap {
        let gap = Gap {
            service: service.to_string(),
            call: error.call,
            status: error.status,
            code: error.code,
            message: error.message,
        };
        self.gaps.lock().expect("gap list lock").push(gap.clone());
        gap
    }

    /// A call's outcome as snapshot data: a failure becomes a recorded gap.
    pub fn fetched<T>(&self, service: &str, result: Result<T, ApiError>) -> Fetched<T> {
        match result {
            Ok(value) => Fetched::Ok(value),
            Err(e) => Fetched::Failed(self.gap(service, e)),
        }
    }

    /// Lists an ARM collection (all pages); a failure becomes a recorded gap.
    pub async fn arm_list(
        &self,
        service: &str,
        path: &str,
        api_version: &str,
    ) -> Fetched<Vec<Value>> {
        let listed = self.arm.list(path, &[("api-version", api_version)]).await;
        self.fetched(service, listed)
    }

    /// GETs one ARM object; the caller decides what a 404 means.
    pub async fn arm_get(&self, path: &str, api_version: &str) -> Result<Value, ApiError> {
        self.arm.get(path, &[("api-version", api_version)]).await
    }

    fn take_gaps(&self) -> Vec<Gap> {
        let mut gaps = std::mem::take(&mut *self.gaps.lock().expect("gap list lock"));
        // Concurrency decides arrival order; reports should not.
        gaps.sort_by(|a, b| (&a.service, &a.call).cmp(&(&b.service, &b.call)));
        gaps
    }
}

impl<T> Fetched<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Fetched<U> {
        match self {
            Fetched::Ok(value) => Fetched::Ok(f(value)),
            Fetched::Failed(gap) => Fetched::Failed(gap),
            Fetched::NotCollected => Fetched::NotCollected,
        }
    }
}

/// Runs every ARM and Graph item parser on `item`, for the fuzz targets
/// (`azscan::fuzzing`): an answer of any shape must never panic a collector.
#[doc(hidden)]
pub fn parse_with_every_parser(item: &Value) {
    let _ = acr::parse_registry(item);
    let _ = compute::parse_virtual_machine(item);
    let _ = entra::parse_assignment(item);
    let _ = entra::parse_principal(item);
    let _ = entra::parse_policy(item);
    let _ = keyvault::parse_vault(item);
    let _ = keyvault::parse_item(item);
    let _ = monitor::parse_diagnostic_setting(item);
    let _ = monitor::parse_alert(item);
    let _ = monitor::parse_workspace(item);
    let _ = network::parse_security_group(item);
    let _ = network::parse_watcher(item);
    let _ = network::parse_flow_log(item);
    let _ = network::parse_application_gateway(item);
    let _ = network::parse_public_ip(item);
    let _ = network::parse_network_interface(item);
    let _ = security::parse_jit_policy(item);
    let _ = sql::parse_server(item);
    let _ = storage::parse_account(item);
    let _ = storage::parse_policy(item);
    let _ = web::parse_site(item);
}

/// Reads everything the plan asks for, all services at once, into a snapshot.
pub async fn collect(collector: &Collector, collected_at: OffsetDateTime) -> Snapshot {
    let c = collector;
    let (storage, keyvault, acr, security, network, compute, web, sql, monitor, entra) = tokio::join!(
        storage::collect(c),
        keyvault::collect(c),
        acr::collect(c),
        security::collect(c),
        network::collect(c),
        compute::collect(c),
        web::collect(c),
        sql::collect(c),
        monitor::collect(c),
        entra::collect(c),
    );
    let mut snapshot = Snapshot::new(collector.subscription.clone(), collected_at);
    snapshot.storage = storage;
    snapshot.keyvault = keyvault;
    snapshot.acr = acr;
    snapshot.security = security;
    snapshot.network = network;
    snapshot.compute = compute;
    snapshot.web = web;
    snapshot.sql = sql;
    snapshot.monitor = monitor;
    snapshot.entra = entra;
    snapshot.gaps = collector.take_gaps();
    snapshot
}

/// Reads the subscription itself: validates access and learns its tenant.
pub async fn subscription(arm: &Client, id: &str) -> Result<Subscription, ApiError> {
    let value = arm
        .get(
            &format!("/subscriptions/{id}"),
            &[("api-version", "2022-12-01")],
        )
        .await?;
    Ok(Subscription {
        id: id.to_string(),
        display_name: json::string(&value, "/displayName"),
        tenant_id: json::string(&value, "/tenantId"),
        state: json::string(&value, "/state"),
    })
}
