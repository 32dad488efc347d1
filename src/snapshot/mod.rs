//! The normalized, versioned model of what a scan read: the only data checks ever see.
//!
//! A snapshot is also a file format (`azscan collect` writes one, `azscan scan --snapshot`
//! reads one), so every type here is serde-serializable and tolerant of missing fields.
//! Nothing in this module knows about HTTP or ARM response shapes.

pub mod acr;
pub mod ai;
pub mod aks;
pub mod apim;
pub mod backup;
pub mod compute;
pub mod cosmos;
pub mod databricks;
pub mod datafactory;
pub mod entra;
pub mod identity;
pub mod index;
pub mod keyvault;
pub mod locks;
pub mod logic;
pub mod messaging;
pub mod monitor;
pub mod mysql;
pub mod network;
pub mod policy;
pub mod postgres;
pub mod rbac;
pub mod redis;
pub mod resource;
pub mod security;
pub mod sql;
pub mod storage;
pub mod synapse;
pub mod unreadable;
pub mod web;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Bumped whenever a change to the model would make an older azscan misread a snapshot.
/// A file of this version holds one subscription (a `Snapshot`).
pub const SCHEMA_VERSION: u32 = 1;

/// A file of this version holds several subscriptions and their tenants (a
/// `Collection`); each subscription inside is a version-1 `Snapshot` whose Entra data
/// lives once in its tenant instead.
pub const COLLECTION_SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub schema_version: u32,
    #[serde(default)]
    pub azscan_version: String,
    /// When the data was read: the instant every time-based check is judged at.
    #[serde(with = "time::serde::rfc3339")]
    pub collected_at: OffsetDateTime,
    /// When collection ended (absent in hand-written snapshots).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    pub subscription: Subscription,
    /// How many HTTP requests the collection made (retries included).
    #[serde(default)]
    pub requests: u64,
    /// Every call that failed, in the order recorded; the per-field `Fetched::Failed`
    /// values carry the same gaps to the checks that needed them.
    #[serde(default)]
    pub gaps: Vec<Gap>,
    /// Fields of the wrong JSON type, per resource (see `unreadable`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<unreadable::Unreadable>,
    #[serde(default)]
    pub storage: storage::StorageData,
    #[serde(default)]
    pub keyvault: keyvault::KeyVaultData,
    #[serde(default)]
    pub acr: acr::AcrData,
    #[serde(default)]
    pub security: security::SecurityData,
    #[serde(default)]
    pub network: network::NetworkData,
    #[serde(default)]
    pub compute: compute::ComputeData,
    #[serde(default)]
    pub web: web::WebData,
    #[serde(default)]
    pub sql: sql::SqlData,
    #[serde(default)]
    pub monitor: monitor::MonitorData,
    #[serde(default)]
    pub entra: entra::EntraData,
    #[serde(default)]
    pub postgres: postgres::PostgresData,
    #[serde(default)]
    pub mysql: mysql::MysqlData,
    #[serde(default)]
    pub cosmos: cosmos::CosmosData,
    #[serde(default)]
    pub backup: backup::BackupData,
    #[serde(default)]
    pub messaging: messaging::MessagingData,
    #[serde(default)]
    pub redis: redis::RedisData,
    #[serde(default)]
    pub apim: apim::ApimData,
    #[serde(default)]
    pub ai: ai::AiData,
    #[serde(default)]
    pub logic: logic::LogicData,
    #[serde(default)]
    pub datafactory: datafactory::DataFactoryData,
    #[serde(default)]
    pub synapse: synapse::SynapseData,
    #[serde(default)]
    pub databricks: databricks::DatabricksData,
    #[serde(default)]
    pub aks: aks::AksData,
    #[serde(default)]
    pub policy: policy::PolicyData,
    #[serde(default)]
    pub locks: locks::LockData,
    #[serde(default)]
    pub rbac: rbac::RbacData,
    /// Joins between the resources above, built on first use (`Snapshot::joins`).
    #[serde(skip)]
    index: index::LazyIndex,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// The subscription GUID as the user gave it (validated).
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// The Entra ID tenant that owns the subscription (from `GET /subscriptions/{id}`).
    #[serde(default)]
    pub tenant_id: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
}

impl Snapshot {
    /// An empty snapshot for `subscription` read at `collected_at`; collectors fill it.
    pub fn new(subscription: Subscription, collected_at: OffsetDateTime) -> Snapshot {
        Snapshot {
            schema_version: SCHEMA_VERSION,
            azscan_version: env!("CARGO_PKG_VERSION").to_string(),
            collected_at,
            finished_at: None,
            subscription,
            requests: 0,
            gaps: Vec::new(),
            unreadable: Vec::new(),
            storage: Default::default(),
            keyvault: Default::default(),
            acr: Default::default(),
            security: Default::default(),
            network: Default::default(),
            compute: Default::default(),
            web: Default::default(),
            sql: Default::default(),
            monitor: Default::default(),
            entra: Default::default(),
            postgres: Default::default(),
            mysql: Default::default(),
            cosmos: Default::default(),
            backup: Default::default(),
            messaging: Default::default(),
            redis: Default::default(),
            apim: Default::default(),
            ai: Default::default(),
            logic: Default::default(),
            datafactory: Default::default(),
            synapse: Default::default(),
            databricks: Default::default(),
            aks: Default::default(),
            policy: Default::default(),
            locks: Default::default(),
            rbac: Default::default(),
            index: Default::default(),
        }
    }

    /// Whether Azure refused every read of a subscription: some call failed, every
    /// failure was 401/403, and no service section holds anything that was read.
    pub fn all_reads_denied(&self) -> bool {
        let arm_gaps: Vec<_> = self.gaps.iter().filter(|g| g.service != "entra").collect();
        if arm_gaps.is_empty()
            || arm_gaps
                .iter()
                .any(|g| !matches!(g.status, Some(401 | 403)))
        {
            return false;
        }
        // A section's lists are `Fetched` values: `{"ok": ...}` marks data that was read.
        let sections = [
            serde_json::to_value(&self.storage),
            serde_json::to_value(&self.keyvault),
            serde_json::to_value(&self.acr),
            serde_json::to_value(&self.security),
            serde_json::to_value(&self.network),
            serde_json::to_value(&self.compute),
            serde_json::to_value(&self.web),
            serde_json::to_value(&self.sql),
            serde_json::to_value(&self.monitor),
            serde_json::to_value(&self.postgres),
            serde_json::to_value(&self.mysql),
            serde_json::to_value(&self.cosmos),
            serde_json::to_value(&self.backup),
            serde_json::to_value(&self.messaging),
            serde_json::to_value(&self.redis),
            serde_json::to_value(&self.apim),
            serde_json::to_value(&self.ai),
            serde_json::to_value(&self.logic),
            serde_json::to_value(&self.datafactory),
            serde_json::to_value(&self.synapse),
            serde_json::to_value(&self.databricks),
            serde_json::to_value(&self.aks),
            serde_json::to_value(&self.policy),
            serde_json::to_value(&self.locks),
            serde_json::to_value(&self.rbac),
        ];
        !sections.iter().any(|section| {
            section
                .as_ref()
                .ok()
                .and_then(|v| v.as_object())
                .is_some_and(|fields| {
                    fields
                        .values()
                        .any(|field| field.as_object().is_some_and(|f| f.contains_key("ok")))
                })
        })
    }

    /// `/subscriptions/{id}`: the resource of subscription-scope results.
    pub fn subscription_resource_id(&self) -> String {
        format!("/subscriptions/{}", self.subscription.id)
    }
}

/// What one scan read: every subscription's snapshot, each carrying its tenant's Entra
/// data so checks keep seeing one subscription at a time, plus the subscriptions in
/// scope that were not read (disabled, not found, not accessible).
#[derive(Debug, Clone)]
pub struct Collection {
    pub azscan_version: String,
    pub collected_at: OffsetDateTime,
    pub finished_at: Option<OffsetDateTime>,
    /// Every HTTP request of the scan (scope resolution, all subscriptions, Graph).
    pub requests: u64,
    /// Read subscriptions, sorted by ID; `entra` and `gaps` hold the tenant's too.
    pub snapshots: Vec<Snapshot>,
    /// Gaps of tenant-level (Graph) reads, by tenant: each reported once.
    pub tenant_gaps: Vec<(Option<String>, Vec<Gap>)>,
    /// Subscriptions in scope that were not read, and why.
    pub unread: Vec<UnreadSubscription>,
}

/// A subscription in scope that got no resource reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadSubscription {
    pub subscription: Subscription,
    /// Why it was not read. Excluded subscriptions are out of scope, not recorded.
    pub reason: UnreadReason,
    /// What Azure said, for `unreadable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnreadReason {
    /// Listed, but its state is not Enabled: skipped with a warning.
    Disabled,
    /// Not found, or the identity may not read it.
    Unreadable,
}

/// The file form of a `Collection` (`schema_version: 2`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CollectionFile {
    pub schema_version: u32,
    #[serde(default)]
    pub azscan_version: String,
    #[serde(with = "time::serde::rfc3339")]
    pub collected_at: OffsetDateTime,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub requests: u64,
    /// One version-1 snapshot per subscription, without Entra data or tenant gaps.
    pub subscriptions: Vec<Snapshot>,
    /// Each tenant's Entra data and Graph gaps, once.
    #[serde(default)]
    pub tenants: Vec<TenantData>,
    #[serde(default)]
    pub unread: Vec<UnreadSubscription>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TenantData {
    pub tenant_id: Option<String>,
    #[serde(default)]
    pub entra: entra::EntraData,
    #[serde(default)]
    pub gaps: Vec<Gap>,
}

impl Collection {
    /// A single version-1 snapshot read alone (or from a version-1 file).
    pub fn single(snapshot: Snapshot) -> Collection {
        Collection {
            azscan_version: snapshot.azscan_version.clone(),
            collected_at: snapshot.collected_at,
            finished_at: snapshot.finished_at,
            requests: snapshot.requests,
            snapshots: vec![snapshot],
            tenant_gaps: Vec::new(),
            unread: Vec::new(),
        }
    }

    /// Whether a file of this collection can be today's version-1 form: one
    /// subscription read and nothing else to record.
    pub fn is_single(&self) -> bool {
        self.snapshots.len() == 1 && self.unread.is_empty()
    }

    /// Every gap, tenant gaps once, in a stable order.
    pub fn gaps(&self) -> Vec<Gap> {
        let mut gaps: Vec<Gap> = Vec::new();
        for snapshot in &self.snapshots {
            gaps.extend(snapshot.gaps.iter().cloned());
        }
        let mut seen = std::collections::BTreeSet::new();
        gaps.retain(|g| seen.insert(g.clone()));
        gaps
    }

    /// The version-2 file form: Entra data and Graph gaps move to their tenant.
    pub fn to_file(&self) -> CollectionFile {
        let mut tenants: Vec<TenantData> = Vec::new();
        let subscriptions = self
            .snapshots
            .iter()
            .map(|snapshot| {
                let tenant_id = snapshot.subscription.tenant_id.clone();
                let tenant_gaps = self
                    .tenant_gaps
                    .iter()
                    .find(|(t, _)| *t == tenant_id)
                    .map(|(_, g)| g.as_slice())
                    .unwrap_or(&[]);
                if !tenants.iter().any(|t| t.tenant_id == tenant_id) {
                    tenants.push(TenantData {
                        tenant_id,
                        entra: snapshot.entra.clone(),
                        gaps: tenant_gaps.to_vec(),
                    });
                }
                let mut own = snapshot.clone();
                own.entra = entra::EntraData::default();
                own.gaps.retain(|g| !tenant_gaps.contains(g));
                own
            })
            .collect();
        CollectionFile {
            schema_version: COLLECTION_SCHEMA_VERSION,
            azscan_version: self.azscan_version.clone(),
            collected_at: self.collected_at,
            finished_at: self.finished_at,
            requests: self.requests,
            subscriptions,
            tenants,
            unread: self.unread.clone(),
        }
    }

    /// Back from the file form: each subscription gets its tenant's data again.
    pub fn from_file(file: CollectionFile) -> Collection {
        let snapshots = file
            .subscriptions
            .into_iter()
            .map(|mut snapshot| {
                if let Some(tenant) = file
                    .tenants
                    .iter()
                    .find(|t| t.tenant_id == snapshot.subscription.tenant_id)
                {
                    snapshot.entra = tenant.entra.clone();
                    snapshot.gaps.extend(tenant.gaps.iter().cloned());
                    snapshot
                        .gaps
                        .sort_by(|a, b| (&a.service, &a.call).cmp(&(&b.service, &b.call)));
                }
                snapshot
            })
            .collect();
        Collection {
            azscan_version: file.azscan_version,
            collected_at: file.collected_at,
            finished_at: file.finished_at,
            requests: file.requests,
            snapshots,
            tenant_gaps: file
                .tenants
                .into_iter()
                .map(|t| (t.tenant_id, t.gaps))
                .collect(),
            unread: file.unread,
        }
    }
}

/// A call that could not be answered: which one, and what Azure said.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Gap {
    /// The collector that made the call (`storage`, `keyvault`, `entra`, ...).
    pub service: String,
    /// What was requested: the path (without host or query), e.g. `{vaultId}/keys`.
    pub call: String,
    /// HTTP status, when a response arrived at all.
    pub status: Option<u16>,
    /// ARM / Graph error code (`AuthorizationFailed`), or an azscan code for transport
    /// failures (`Timeout`, `ConnectionFailed`, `InvalidResponse`).
    pub code: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GET {} failed", self.call)?;
        match (self.status, &self.code) {
            (Some(status), Some(code)) => write!(f, " ({status} {code})")?,
            (Some(status), None) => write!(f, " ({status})")?,
            (None, Some(code)) => write!(f, " ({code})")?,
            (None, None) => {}
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

/// The outcome of reading one piece of data. Checks must handle all three cases:
/// a check never reports PASS for something it could not read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fetched<T> {
    Ok(T),
    Failed(Gap),
    /// Not read in this scan (no selected check needed it, or it does not apply).
    #[default]
    NotCollected,
}

impl<T> Fetched<T> {
    pub fn ok(&self) -> Option<&T> {
        match self {
            Fetched::Ok(value) => Some(value),
            _ => None,
        }
    }

    /// Why the value is unavailable, as one sentence for an ERROR result.
    pub fn unavailable_reason(&self, what: &str) -> Option<String> {
        match self {
            Fetched::Ok(_) => None,
            Fetched::Failed(gap) => Some(format!("{what} could not be read: {gap}")),
            Fetched::NotCollected => Some(format!("{what} was not collected in this snapshot")),
        }
    }
}

/// Canonical form of an ARM or Graph ID for matching and fingerprints: lower case,
/// exactly one leading `/`, no trailing `/`. Display keeps the ID as returned.
pub fn canonical_id(id: &str) -> String {
    let trimmed = id.trim().trim_matches('/');
    format!("/{}", trimmed.to_lowercase())
}

/// Case-insensitive equality for ARM enum values (`Enabled`, `enabled`, `ENABLED`).
pub fn eq_ci(value: Option<&str>, expected: &str) -> bool {
    value.is_some_and(|v| v.trim().eq_ignore_ascii_case(expected))
}

/// `publicNetworkAccess` is off: `Disabled`, or `SecuredByPerimeter` (a network security
/// perimeter governs it), compared case-insensitively. Checks judge exposure by it
/// (`rules::shape::Exposure`); collectors skip sub-reads that only matter for
/// resources open to public networks.
pub fn public_access_off(value: Option<&str>) -> bool {
    eq_ci(value, "Disabled") || eq_ci(value, "SecuredByPerimeter")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_id_normalizes_case_and_slashes() {
        assert_eq!(
            canonical_id("subscriptions/ABC/providers/X/"),
            "/subscriptions/abc/providers/x"
        );
        assert_eq!(canonical_id("//subscriptions/abc"), "/subscriptions/abc");
    }

    #[test]
    fn fetched_reason_names_the_gap() {
        let failed: Fetched<u8> = Fetched::Failed(Gap {
            service: "keyvault".into(),
            call: "/x/keys".into(),
            status: Some(403),
            code: Some("AuthorizationFailed".into()),
            message: "denied".into(),
        });
        assert_eq!(
            failed.unavailable_reason("keys").unwrap(),
            "keys could not be read: GET /x/keys failed (403 AuthorizationFailed): denied"
        );
        assert!(Fetched::Ok(1u8).unavailable_reason("x").is_none());
    }
}
