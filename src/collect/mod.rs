//! Collectors: read ARM and Graph concurrently and normalize the answers into a
//! `Snapshot`. Only what the selected checks need is read (`Plan`), and every failed
//! call becomes a `Gap` in the snapshot instead of an error that stops the scan.
//! Every request is declared once in `calls`; the generic `list`, `list_under` and
//! `get_under` helpers make it, decide what 404 and 409 mean from that declaration,
//! and record fields of the wrong JSON type per resource (`snapshot::unreadable`).

mod acr;
mod ai;
mod aks;
mod apim;
mod backup;
pub mod calls;
mod compute;
mod cosmos;
pub mod data_plane;
mod databricks;
mod datafactory;
mod entra;
mod identity;
mod json;
mod keyvault;
mod locks;
mod logic;
mod messaging;
mod monitor;
mod mysql;
mod network;
pub(crate) use network::gateway_of;
#[cfg(test)]
mod permissions_doc;
pub mod policy;
mod postgres;
pub mod rbac;
mod redis;
mod security;
mod sql;
mod storage;
mod synapse;
mod wanted;
mod web;

use crate::arm::{ApiError, Client};
use crate::snapshot::unreadable::Unreadable;
use crate::snapshot::{Fetched, Gap, Snapshot, Subscription};
use calls::{Absent, Api, Call, Permission};
use futures::future::join_all;
use json::{Problem, Reader};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
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
    SqlFirewallRules,
    SqlVulnerabilityExpress,
    SqlVulnerabilityClassic,
    SqlEntraOnly,
    SqlDatabases,
    SqlDatabaseEncryption,
    SqlMasterDiagnostics,
    SqlManagedInstances,
    PostgresServers,
    PostgresParameters,
    PostgresFirewallRules,
    MysqlServers,
    MysqlParameters,
    MysqlFirewallRules,
    CosmosAccounts,
    SecurityContacts,
    SecuritySettings,
    AutoProvisioning,
    VaSettings,
    SecureScores,
    Assessments,
    RecoveryVaults,
    RecoveryVaultDetails,
    RecoveryVaultConfig,
    BackupProtectedItems,
    EventHubNamespaces,
    EventHubNetworkRuleSets,
    ServiceBusNamespaces,
    ServiceBusNetworkRuleSets,
    RedisCaches,
    RedisFirewallRules,
    ApiManagementServices,
    ApiManagementApis,
    CognitiveAccounts,
    LogicWorkflows,
    DataFactories,
    SynapseWorkspaces,
    SynapseFirewallRules,
    DatabricksWorkspaces,
    StorageBlobService,
    StorageFileService,
    StorageBlobDiagnostics,
    StorageQueueDiagnostics,
    StorageTableDiagnostics,
    VaultKeyRotation,
    VaultCertificates,
    VirtualNetworks,
    NetworkWatchers,
    BastionHosts,
    WafPolicies,
    LoadBalancers,
    AzureFirewalls,
    VirtualNetworkGateways,
    ManagedDisks,
    VmExtensions,
    ManagedClusters,
    ClusterDiagnostics,
    PolicyAssignments,
    PolicyDefinitions,
    Locks,
    GraphAuthorizationPolicy,
    GraphGroupSettings,
    GraphSecurityDefaults,
    GraphNamedLocations,
    GraphRegistrationDetails,
    GraphGuests,
    /// The principals of Azure role assignments, resolved once per tenant.
    GraphPrincipals,
    RoleAssignments,
    CustomRoles,
    ClassicAdministrators,
    GraphPrivilegedRoles,
    GraphRoleEligibility,
    AppInsightsComponents,
    MonitoredResources,
    ResourceDiagnostics,
    AadDiagnostics,
    SiteAuthSettings,
    SiteFtpPublishing,
    SiteScmPublishing,
    SiteDiagnostics,
    SitePrivateEndpoints,
    SiteFunctions,
    WebAppStacks,
    FunctionAppStacks,
    SiteAppSettings,
    SiteConnectionStrings,
    /// Classic Storage Analytics logging on the data plane (DP-1): read only when the
    /// plan's settings turn the branch on (`storage.classic_logging`).
    StorageBlobLogging,
    StorageQueueLogging,
    StorageTableLogging,
}

impl Source {
    /// Sources read from Microsoft Graph rather than ARM.
    /// Also the ARM reads outside any subscription (`/providers/...`: Microsoft Entra
    /// ID's diagnostic settings, the App Service runtime stacks): they are read once per
    /// tenant with the Graph sources, and still go to ARM.
    pub fn is_graph(self) -> bool {
        matches!(
            self,
            Source::GraphRoleAssignments
                | Source::GraphApplications
                | Source::GraphServicePrincipals
                | Source::GraphConditionalAccess
                | Source::GraphAuthorizationPolicy
                | Source::GraphGroupSettings
                | Source::GraphSecurityDefaults
                | Source::GraphNamedLocations
                | Source::GraphRegistrationDetails
                | Source::GraphGuests
                | Source::GraphPrincipals
                | Source::GraphPrivilegedRoles
                | Source::GraphRoleEligibility
                | Source::AadDiagnostics
                | Source::WebAppStacks
                | Source::FunctionAppStacks
        )
    }

    /// The optional data-plane branch of AZST-018…020 (DP-1), off unless the settings
    /// turn it on: the checks run either way.
    pub fn is_storage_data_plane(self) -> bool {
        matches!(
            self,
            Source::StorageBlobLogging | Source::StorageQueueLogging | Source::StorageTableLogging
        )
    }
}

/// What a scan reads: the union of the selected checks' sources.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    sources: BTreeSet<Source>,
    /// The resource types AZMON-016 reads (`monitor.diagnostic_resource_types`); None:
    /// M2's list.
    diagnostic_resource_types: Option<Vec<String>>,
    /// Whether the storage data plane is read (`storage.classic_logging`, DP-1).
    storage_data_plane: bool,
}

impl Plan {
    pub fn new(sources: impl IntoIterator<Item = Source>) -> Plan {
        Plan {
            sources: sources.into_iter().collect(),
            diagnostic_resource_types: None,
            storage_data_plane: false,
        }
    }

    /// The plan reading the resource types the settings name for AZMON-016, and the
    /// storage data plane when `storage.classic_logging` turns it on.
    pub fn with_settings(mut self, settings: &crate::rules::Settings) -> Plan {
        self.diagnostic_resource_types = Some(settings.monitor.resource_types());
        self.storage_data_plane = settings.storage.classic_logging;
        self
    }

    /// The resource types whose diagnostic settings are read (AZMON-016).
    pub fn diagnostic_resource_types(&self) -> Vec<String> {
        match &self.diagnostic_resource_types {
            Some(types) => types.clone(),
            None => crate::rules::Settings::default().monitor.resource_types(),
        }
    }

    pub fn wants(&self, source: Source) -> bool {
        self.sources.contains(&source)
            && (self.storage_data_plane || !source.is_storage_data_plane())
    }

    pub fn wants_any(&self, sources: &[Source]) -> bool {
        sources.iter().any(|s| self.wants(*s))
    }

    pub fn needs_graph(&self) -> bool {
        self.sources.iter().any(|s| s.is_graph())
    }

    /// Where the plan's sources make a per-resource `call`: `None` for the subscription
    /// itself (subscription diagnostic settings), else each list its parents come from.
    /// In a fixed order, so that a probe of one of them is a deliberate choice whatever
    /// the checks were selected in: the subscription first (it always exists), then the
    /// lists in the table's order (`calls::ALL`). Empty for a subscription-wide list.
    pub fn parents_of(&self, call: &Call) -> Vec<Option<&'static Call>> {
        let mut parents: Vec<Option<&'static Call>> = self
            .sources
            .iter()
            .filter(|s| self.wants(**s))
            .filter_map(|s| {
                let list = s.calls();
                let at = list.iter().position(|c| *c == call)?;
                Some(at.checked_sub(1).map(|p| list[p]))
            })
            // A subscription-wide list a source starts with is read by its own path:
            // the subscription is no parent of it.
            .filter(|parent| parent.is_some() || call.per_resource())
            .collect();
        let table = |parent: &Option<&'static Call>| {
            parent.map(|p| calls::ALL.iter().position(|c| *c == p))
        };
        parents.sort_by_key(table);
        parents.dedup();
        parents
    }

    /// Every call the plan's sources make, each once, in table order.
    pub fn calls(&self) -> Vec<&'static Call> {
        calls::ALL
            .iter()
            .copied()
            .filter(|call| {
                self.sources
                    .iter()
                    .any(|s| self.wants(*s) && s.calls().contains(call))
            })
            .collect()
    }
}

/// One list request: the client and path it is sent with, how its errors name it,
/// and the parent its wrong-typed fields are charged to.
struct Read<'a> {
    client: &'a Client,
    path: &'a str,
    named: &'a str,
    owner: Option<&'a str>,
}

/// The shared state of one collection run: clients, the plan, recorded gaps.
pub struct Collector {
    pub arm: Client,
    /// Absent when no selected check reads Graph (no Graph token is requested then).
    pub graph: Option<Client>,
    pub subscription: Subscription,
    pub plan: Plan,
    /// Policy initiatives and definitions read in this scan; a scan shares one among
    /// its subscriptions' collectors so each distinct ID is read once.
    pub definitions: policy::DefinitionCache,
    gaps: Mutex<Vec<Gap>>,
    unreadable: Mutex<Vec<Unreadable>>,
    /// The Key Vault data plane, for opt-in checks; None when a scan does not reach it.
    keyvault: Option<data_plane::KeyVaultPlane>,
    /// Storage accounts' data planes (DP-1); None when a scan does not reach them.
    storage: Option<data_plane::DataPlane>,
    /// How many of `collect`'s service collectors have finished.
    services: ServicesRead,
}

/// How many of a subscription's service collectors have finished, for the progress
/// display. Clones count together.
#[derive(Debug, Clone, Default)]
pub struct ServicesRead(Arc<AtomicUsize>);

impl ServicesRead {
    /// The service collectors `collect` runs (a test keeps this equal to the count).
    pub const TOTAL: usize = 26;

    pub fn done(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

/// A service's collector, counted when it finishes.
async fn counted<T>(c: &Collector, read: impl std::future::Future<Output = T>) -> T {
    let value = read.await;
    c.services.0.fetch_add(1, Ordering::Relaxed);
    value
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
            definitions: policy::DefinitionCache::default(),
            gaps: Mutex::new(Vec::new()),
            unreadable: Mutex::new(Vec::new()),
            keyvault: None,
            storage: None,
            services: ServicesRead::default(),
        }
    }

    /// The count of this collector's finished services, as `collect` advances it.
    pub fn services_read(&self) -> ServicesRead {
        self.services.clone()
    }

    /// This collector, able to read vault data planes (opt-in checks).
    pub fn with_keyvault(mut self, plane: data_plane::KeyVaultPlane) -> Collector {
        self.keyvault = Some(plane);
        self
    }

    /// A list on one vault's data plane (`{vaultUri}/certificates`); a refusal, a
    /// firewall or an unusable `vaultUri` is a gap naming the vault's URL.
    pub async fn list_in_vault<T>(
        &self,
        call: &Call,
        vault_uri: &str,
        vault_id: &str,
        parse: impl Fn(&Reader) -> T,
    ) -> Fetched<Vec<T>> {
        let Some(plane) = &self.keyvault else {
            return Fetched::NotCollected;
        };
        let named = call.path_for(vault_uri);
        let client = match plane.client(vault_uri) {
            Ok(client) => client,
            Err(why) => {
                return Fetched::Failed(
                    self.gap(call.service, ApiError::invalid_response(&named, &why)),
                );
            }
        };
        let path = call.path_for("");
        let read = Read {
            client: &client,
            path: &path,
            named: &named,
            owner: Some(vault_id),
        };
        self.read_list_with(read, call, &[], parse).await
    }

    /// This collector, able to read storage accounts' data planes (DP-1).
    pub fn with_storage(mut self, plane: data_plane::DataPlane) -> Collector {
        self.storage = Some(plane);
        self
    }

    /// One object on a storage account's data plane (`{endpoint}?restype=service&
    /// comp=properties`), sent with the call's `x-ms-version`; the XML answer goes to
    /// `parse`. No endpoint, an unusable one, a refusal, a firewall or an unreadable
    /// answer is a gap naming the endpoint's URL (and, when refused, the permission).
    pub async fn get_in_storage<T>(
        &self,
        call: &Call,
        endpoint: Option<&str>,
        account_id: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Fetched<T> {
        let Some(plane) = &self.storage else {
            return Fetched::NotCollected;
        };
        let query = call.query(&[]);
        let shown: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let Some(endpoint) = endpoint.map(str::trim).filter(|e| !e.is_empty()) else {
            let named = format!("{}?{} of {account_id}", call.path, shown.join("&"));
            let why = format!(
                "the account lists no {}",
                call.path.trim_matches(['{', '}'])
            );
            return Fetched::Failed(
                self.gap(call.service, ApiError::invalid_response(&named, &why)),
            );
        };
        let named = format!("{}/?{}", endpoint.trim_end_matches('/'), shown.join("&"));
        let client = match plane.client(endpoint) {
            Ok(client) => client
                .with_header("x-ms-version", call.api_version.to_string())
                .with_header("Accept", "application/xml".to_string()),
            Err(why) => {
                return Fetched::Failed(
                    self.gap(call.service, ApiError::invalid_response(&named, &why)),
                );
            }
        };
        match client.get_text("/", &query).await {
            Ok(text) => match parse(&text) {
                Ok(value) => Fetched::Ok(value),
                Err(why) => Fetched::Failed(
                    self.gap(call.service, ApiError::invalid_response(&named, &why)),
                ),
            },
            Err(mut e) => {
                e.call = named;
                match self.absent_or_gap::<()>(call, e) {
                    Fetched::Failed(gap) => Fetched::Failed(gap),
                    // The table gives no answer of these calls the meaning "none".
                    Fetched::Ok(_) | Fetched::NotCollected => Fetched::NotCollected,
                }
            }
        }
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

    /// The client a call goes through; None for Graph when no Graph source is planned.
    fn client(&self, call: &Call) -> Option<&Client> {
        match call.api {
            Api::Arm => Some(&self.arm),
            Api::Graph => self.graph.as_ref(),
            // Each vault and account has its own host: see `list_in_vault`,
            // `get_in_storage`.
            Api::KeyVault | Api::Storage => None,
        }
    }

    /// What a failed call means per the table: `Ok(None)` when the answer says "none
    /// exist", else a recorded gap whose message says what to grant or register.
    fn absent_or_gap<T>(&self, call: &Call, mut error: ApiError) -> Fetched<Option<T>> {
        if call.meaning(&error) == Absent::Nothing {
            return Fetched::Ok(None);
        }
        if calls::is_unregistered(&error)
            && let Some(provider) = call.provider()
        {
            error.message = format!(
                "{} (register the resource provider: az provider register --namespace {provider})",
                error.message
            );
        } else if matches!(error.status, Some(401 | 403)) {
            let grant = match call.permission {
                Permission::Arm { action, role } => format!("{action}, e.g. the {role} role"),
                Permission::Graph { permission, .. } => {
                    format!("the Microsoft Graph application permission {permission}")
                }
            };
            error.message = format!("{} (this call needs {grant})", error.message);
        }
        Fetched::Failed(self.gap(call.service, error))
    }

    /// A subscription-scope (or, for Graph, tenant-scope) list, parsed item by item.
    pub async fn list<T>(&self, call: &Call, parse: impl Fn(&Reader) -> T) -> Fetched<Vec<T>> {
        self.list_query(call, &[], parse).await
    }

    /// `list` with extra query parameters (a Graph `$filter`).
    pub async fn list_query<T>(
        &self,
        call: &Call,
        extra: &[(&str, &str)],
        parse: impl Fn(&Reader) -> T,
    ) -> Fetched<Vec<T>> {
        let path = call.path_for(&self.subscription.id);
        self.read_list(call, &path, None, extra, parse).await
    }

    /// A per-resource list (`{vaultId}/keys`); fields of the wrong type cost the parent
    /// as well as the item.
    pub async fn list_under<T>(
        &self,
        call: &Call,
        parent_id: &str,
        parse: impl Fn(&Reader) -> T,
    ) -> Fetched<Vec<T>> {
        let path = call.path_for(parent_id);
        self.read_list(call, &path, Some(parent_id), &[], parse)
            .await
    }

    async fn read_list<T>(
        &self,
        call: &Call,
        path: &str,
        owner: Option<&str>,
        extra: &[(&str, &str)],
        parse: impl Fn(&Reader) -> T,
    ) -> Fetched<Vec<T>> {
        let Some(client) = self.client(call) else {
            return Fetched::NotCollected;
        };
        let read = Read {
            client,
            path,
            named: path,
            owner,
        };
        self.read_list_with(read, call, extra, parse).await
    }

    async fn read_list_with<T>(
        &self,
        read: Read<'_>,
        call: &Call,
        extra: &[(&str, &str)],
        parse: impl Fn(&Reader) -> T,
    ) -> Fetched<Vec<T>> {
        let Read {
            client,
            path,
            named,
            owner,
        } = read;
        let items = match client.list(path, &call.query(extra)).await {
            Ok(items) => items,
            Err(mut e) => {
                // A data-plane path is relative to its vault: name the vault's URL.
                e.call = named.to_string();
                return self.absent_or_gap::<()>(call, e).map(|_| Vec::new());
            }
        };
        let mut parsed = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if item.is_object() {
                parsed.push(self.parse(named, owner, item, &parse));
                continue;
            }
            // An item that is not an object has no ID to charge it to: skip it, and say
            // so in the scan's gaps rather than judge a list that silently lost it.
            self.gap(
                call.service,
                ApiError::invalid_response(
                    named,
                    &format!(
                        "item {i} of the list is {}, not an object; skipped",
                        json::kind(item)
                    ),
                ),
            );
        }
        Fetched::Ok(parsed)
    }

    /// One object per parent (`{siteId}/config/web`); a 404 that means "none" reads as
    /// `T::default()`. Fields of the wrong type cost the parent.
    pub async fn get_under<T: Default>(
        &self,
        call: &Call,
        parent_id: &str,
        parse: impl FnOnce(&Reader) -> T,
    ) -> Fetched<T> {
        self.object_under(call, parent_id, false, parse).await
    }

    /// One of ARM's read-only POST actions per parent (`{siteId}/config/appsettings/list`).
    /// `parse` sees the raw answer, which may hold secrets: it must keep only facts.
    pub async fn post_under<T: Default>(
        &self,
        call: &Call,
        parent_id: &str,
        parse: impl FnOnce(&Reader) -> T,
    ) -> Fetched<T> {
        self.object_under(call, parent_id, true, parse).await
    }

    /// One object per parent, read with GET or (for ARM's list actions) POST.
    async fn object_under<T: Default>(
        &self,
        call: &Call,
        parent_id: &str,
        post: bool,
        parse: impl FnOnce(&Reader) -> T,
    ) -> Fetched<T> {
        let Some(client) = self.client(call) else {
            return Fetched::NotCollected;
        };
        let path = call.path_for(parent_id);
        let query = call.query(&[]);
        let answer = if post {
            client.post(&path, &query, &serde_json::json!({})).await
        } else {
            client.get(&path, &query).await
        };
        match answer {
            Ok(value) => Fetched::Ok(self.parse(&path, Some(parent_id), &value, parse)),
            Err(e) => self.absent_or_gap(call, e).map(Option::unwrap_or_default),
        }
    }

    /// Reads `value` with `parse`, recording its wrong-typed fields against the
    /// resource's own ID and the parent it belongs to.
    fn parse<T>(
        &self,
        path: &str,
        owner: Option<&str>,
        value: &Value,
        parse: impl FnOnce(&Reader) -> T,
    ) -> T {
        let problems = RefCell::new(Vec::new());
        let parsed = parse(&Reader::new(value, &problems));
        let problems: Vec<Problem> = problems.into_inner();
        if problems.is_empty() {
            return parsed;
        }
        let own_id = value.get("id").and_then(Value::as_str);
        let mut ids: Vec<&str> = own_id.into_iter().chain(owner).collect();
        ids.dedup();
        let mut found = self.unreadable.lock().expect("unreadable lock");
        for id in ids {
            found.extend(problems.iter().map(|p| Unreadable {
                resource_id: id.to_string(),
                call: path.to_string(),
                field: p.field.clone(),
                problem: p.problem.clone(),
            }));
        }
        parsed
    }

    /// Charges `to` with the unreadable fields of `from` (a shared object, such as a
    /// WAF policy, that several resources are judged by).
    pub fn charge(&self, from: &str, to: &str) {
        let from = crate::snapshot::canonical_id(from);
        self.recharge(
            |u| crate::snapshot::canonical_id(&u.resource_id) == from,
            |_| vec![to.to_string()],
        );
    }

    /// Copies each recorded unreadable field that `matches` to the subjects `to` names:
    /// the subject checks give the resource (`/applications/{id}`), or the subscription
    /// or tenant when a check judges a whole list at once.
    pub fn recharge(
        &self,
        matches: impl Fn(&Unreadable) -> bool,
        to: impl Fn(&Unreadable) -> Vec<String>,
    ) {
        let mut found = self.unreadable.lock().expect("unreadable lock");
        let charged: Vec<Unreadable> = found
            .iter()
            .filter(|u| matches(u))
            .flat_map(|u| {
                to(u).into_iter().map(|resource_id| Unreadable {
                    resource_id,
                    ..u.clone()
                })
            })
            .collect();
        found.extend(charged);
    }

    /// Reads a sub-call for every parent concurrently and stores each parent's own
    /// outcome on it, so one refused read costs exactly one parent.
    pub async fn children<P, R>(
        &self,
        parents: &mut [P],
        read: impl AsyncFn(&P) -> R,
        store: impl Fn(&mut P, R),
    ) {
        let results = join_all(parents.iter().map(|parent| read(parent))).await;
        for (parent, result) in parents.iter_mut().zip(results) {
            store(parent, result);
        }
    }

    fn take_gaps(&self) -> Vec<Gap> {
        let mut gaps = std::mem::take(&mut *self.gaps.lock().expect("gap list lock"));
        // Concurrency decides arrival order; reports should not.
        gaps.sort_by(|a, b| (&a.service, &a.call).cmp(&(&b.service, &b.call)));
        gaps
    }

    fn take_unreadable(&self) -> Vec<Unreadable> {
        let mut found = std::mem::take(&mut *self.unreadable.lock().expect("unreadable lock"));
        found.sort_by(|a, b| {
            (&a.resource_id, &a.call, &a.field).cmp(&(&b.resource_id, &b.call, &b.field))
        });
        found
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
    let problems = std::cell::RefCell::new(Vec::new());
    let reader = Reader::new(item, &problems);
    let _ = acr::parse_registry(&reader);
    let _ = compute::parse_virtual_machine(&reader);
    let _ = entra::parse_assignment(&reader);
    let _ = entra::parse_principal(&reader);
    let _ = entra::parse_application(&reader);
    let _ = entra::parse_service_principal(&reader);
    let _ = entra::parse_policy(&reader);
    let _ = keyvault::parse_vault(&reader);
    let _ = keyvault::parse_item(&reader);
    let _ = monitor::parse_diagnostic_setting(&reader);
    let _ = monitor::parse_alert(&reader);
    let _ = monitor::parse_workspace(&reader);
    let _ = network::parse_waf_policy(&reader);
    let _ = network::parse_security_group(&reader);
    let _ = network::parse_watcher(&reader);
    let _ = network::parse_flow_log(&reader);
    let _ = network::parse_application_gateway(&reader);
    let _ = network::parse_public_ip(&reader);
    let _ = network::parse_network_interface(&reader);
    let _ = network::parse_virtual_network(&reader);
    let _ = network::parse_bastion_host(&reader);
    let _ = network::parse_waf_policy_item(&reader);
    let _ = network::parse_load_balancer(&reader);
    let _ = network::parse_azure_firewall(&reader);
    let _ = network::parse_gateway_subnets(&reader);
    let _ = compute::parse_managed_disk(&reader);
    let _ = compute::parse_extension(&reader);
    let _ = security::parse_pricing(&reader);
    let _ = security::parse_jit_policy(&reader);
    let _ = security::parse_contact(&reader);
    let _ = security::parse_setting(&reader);
    let _ = security::parse_auto_provisioning(&reader);
    let _ = security::parse_va_setting(&reader);
    let _ = security::parse_secure_score(&reader);
    let _ = security::parse_assessment(&reader);
    let _ = sql::parse_server(&reader);
    let _ = sql::parse_administrator(&reader);
    let _ = storage::parse_account(&reader);
    let _ = storage::parse_policy(&reader);
    let _ = storage::parse_blob_service(&reader);
    let _ = storage::parse_file_service(&reader);
    let _ = keyvault::parse_rotation_policy(&reader);
    let _ = keyvault::parse_certificate(&reader);
    let _ = web::parse_config(&reader);
    let _ = web::parse_site(&reader);
    let _ = sql::parse_database(&reader);
    let _ = sql::parse_managed_instance(&reader);
    let _ = sql::parse_firewall_rule(&reader);
    let _ = postgres::parse_server(&reader);
    let _ = postgres::parse_parameter(&reader);
    let _ = mysql::parse_server(&reader);
    let _ = cosmos::parse_account(&reader);
    let _ = backup::parse_vault(&reader);
    let _ = backup::parse_security(&reader);
    let _ = backup::parse_config(&reader);
    let _ = backup::parse_protected_item(&reader);
    let _ = messaging::parse_namespace::<crate::snapshot::messaging::EventHubs>(&reader);
    let _ = messaging::parse_rule_set(&reader);
    let _ = redis::parse_cache(&reader);
    let _ = redis::parse_firewall_rule(&reader);
    let _ = apim::parse_service(&reader);
    let _ = apim::parse_api(&reader);
    let _ = ai::parse_account(&reader);
    let _ = logic::parse_workflow(&reader);
    let _ = datafactory::parse_factory(&reader);
    let _ = synapse::parse_workspace(&reader);
    let _ = synapse::parse_firewall_rule(&reader);
    let _ = databricks::parse_workspace(&reader);
    let _ = aks::parse_cluster(&reader);
    let _ = policy::parse_assignment(&reader);
    let _ = policy::parse_definition(&reader);
    let _ = locks::parse_lock(&reader);
    let _ = entra::parse_authorization_policy(&reader);
    let _ = entra::parse_group_setting(&reader);
    let _ = entra::parse_named_location(&reader);
    let _ = entra::parse_registration_detail(&reader);
    let _ = entra::parse_guest(&reader);
    let _ = entra::parse_eligibility(&reader);
    let _ = rbac::parse_role_assignment(&reader);
    let _ = rbac::parse_role_definition(&reader);
    let _ = rbac::parse_classic_administrator(&reader);
    let _ = rbac::parse_directory_object(&reader);
    let _ = monitor::parse_component(&reader);
    let _ = monitor::parse_resource(&reader);
    let _ = web::parse_auth(&reader);
    let _ = web::parse_policy(&reader);
    let _ = web::parse_function(&reader);
    let _ = web::parse_stack(&reader);
    let _ = web::reduce_settings(item, |v| v.as_str());
}

/// Reads everything the plan asks for, all services at once, into a snapshot.
pub async fn collect(collector: &Collector, collected_at: OffsetDateTime) -> Snapshot {
    let c = collector;
    // Every service at once; the second group is joined beside the first rather than
    // after it, so no collector waits for another. Each collector's future is boxed:
    // joined inline they make one future too large for a thread's stack.
    let (
        (
            storage,
            keyvault,
            acr,
            security,
            network,
            compute,
            web,
            sql,
            monitor,
            entra,
            postgres,
            mysql,
            cosmos,
            backup,
            messaging,
            redis,
            apim,
            ai,
            logic,
            datafactory,
            synapse,
            databricks,
        ),
        (aks, policy, locks, rbac),
    ) = tokio::join!(
        async {
            tokio::join!(
                Box::pin(counted(c, storage::collect(c))),
                Box::pin(counted(c, keyvault::collect(c))),
                Box::pin(counted(c, acr::collect(c))),
                Box::pin(counted(c, security::collect(c))),
                Box::pin(counted(c, network::collect(c))),
                Box::pin(counted(c, compute::collect(c))),
                Box::pin(counted(c, web::collect(c))),
                Box::pin(counted(c, sql::collect(c))),
                Box::pin(counted(c, monitor::collect(c))),
                Box::pin(counted(c, entra::collect(c))),
                Box::pin(counted(c, postgres::collect(c))),
                Box::pin(counted(c, mysql::collect(c))),
                Box::pin(counted(c, cosmos::collect(c))),
                Box::pin(counted(c, backup::collect(c))),
                Box::pin(counted(c, messaging::collect(c))),
                Box::pin(counted(c, redis::collect(c))),
                Box::pin(counted(c, apim::collect(c))),
                Box::pin(counted(c, ai::collect(c))),
                Box::pin(counted(c, logic::collect(c))),
                Box::pin(counted(c, datafactory::collect(c))),
                Box::pin(counted(c, synapse::collect(c))),
                Box::pin(counted(c, databricks::collect(c))),
            )
        },
        async {
            tokio::join!(
                Box::pin(counted(c, aks::collect(c))),
                Box::pin(counted(c, policy::collect(c))),
                Box::pin(counted(c, locks::collect(c))),
                Box::pin(counted(c, rbac::collect(c))),
            )
        },
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
    snapshot.postgres = postgres;
    snapshot.mysql = mysql;
    snapshot.cosmos = cosmos;
    snapshot.backup = backup;
    snapshot.messaging = messaging;
    snapshot.redis = redis;
    snapshot.apim = apim;
    snapshot.ai = ai;
    snapshot.logic = logic;
    snapshot.datafactory = datafactory;
    snapshot.synapse = synapse;
    snapshot.databricks = databricks;
    snapshot.aks = aks;
    snapshot.policy = policy;
    snapshot.locks = locks;
    snapshot.rbac = rbac;
    snapshot.gaps = collector.take_gaps();
    snapshot.unreadable = collector.take_unreadable();
    snapshot
}

/// Reads the subscription itself: validates access and learns its tenant.
pub async fn subscription(arm: &Client, id: &str) -> Result<Subscription, ApiError> {
    let call = &calls::SUBSCRIPTION;
    let value = arm
        .get(&call.path_for(id), &[("api-version", call.api_version)])
        .await?;
    // Nothing here decides a verdict, so odd types are simply not shown.
    let problems = RefCell::new(Vec::new());
    let r = Reader::new(&value, &problems);
    Ok(Subscription {
        id: id.to_string(),
        display_name: r.string("/displayName"),
        tenant_id: r.string("/tenantId"),
        state: r.string("/state"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::{ClientSettings, Flavor, Shared};
    use crate::auth::{AuthMethod, CredentialChain, TokenSource};
    use crate::cloud::Cloud;

    #[tokio::test]
    async fn every_service_collector_is_counted_when_it_finishes() {
        let shared = Shared::new(ClientSettings::default(), true).expect("a client");
        let chain = Arc::new(CredentialChain::new(AuthMethod::Cli, Cloud::Public));
        let arm = Client::new(
            shared,
            url::Url::parse("http://127.0.0.1:9/").expect("a URL"),
            Flavor::Arm,
            TokenSource::new(chain, "https://management.azure.com/.default".into()),
        );
        // Nothing planned: every collector returns at once, without a request.
        let collector = Collector::new(arm, None, Subscription::default(), Plan::new([]));
        let services = collector.services_read();
        assert_eq!(services.done(), 0);
        collect(&collector, OffsetDateTime::now_utc()).await;
        assert_eq!(services.done(), ServicesRead::TOTAL);
    }
}
