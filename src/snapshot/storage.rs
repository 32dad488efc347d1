//! Storage accounts as the AZST checks (and AZMON-002's storage destinations) see them.

use super::Fetched;
use super::monitor::DiagnosticSetting;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StorageData {
    #[serde(default)]
    pub accounts: Fetched<Vec<StorageAccount>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageAccount {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `StorageV2`, `Storage` (general-purpose v1), `BlobStorage`, `BlockBlobStorage`, `FileStorage`.
    pub kind: Option<String>,
    pub sku: Option<String>,
    pub allow_blob_public_access: Option<bool>,
    pub supports_https_traffic_only: Option<bool>,
    /// `Microsoft.Storage` or `Microsoft.Keyvault`.
    pub encryption_key_source: Option<String>,
    pub minimum_tls_version: Option<String>,
    pub allow_shared_key_access: Option<bool>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub key1_created: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub key2_created: Option<OffsetDateTime>,
    /// `managementPolicies/default`: `Ok(None)` when the account has no policy (404);
    /// `NotCollected` for kinds that cannot hold blobs.
    pub lifecycle_policy: Fetched<Option<LifecyclePolicy>>,
    /// `encryption.requireInfrastructureEncryption` (double encryption, set at creation).
    pub require_infrastructure_encryption: Option<bool>,
    /// `Enabled`, `Disabled` or `SecuredByPerimeter`; null means Enabled.
    pub public_network_access: Option<String>,
    /// `networkAcls`; null when the account has none (everything allowed).
    pub network_acls: Option<NetworkAcls>,
    pub allow_cross_tenant_replication: Option<bool>,
    /// `sasPolicy`; null when no SAS expiration policy is set.
    pub sas_policy: Option<SasPolicy>,
    /// `keyPolicy`; null when no key expiration policy is set.
    pub key_policy: Option<KeyPolicy>,
    /// `privateLinkServiceConnectionState.status` of each private endpoint connection.
    pub private_endpoint_statuses: Vec<Option<String>>,
    pub default_to_oauth_authentication: Option<bool>,
    /// `blobServices/default` (AZST-012/013/023); `NotCollected` for kinds without blobs.
    pub blob_service: Fetched<BlobService>,
    /// `fileServices/default` (AZST-014/021); `NotCollected` for kinds without files.
    pub file_service: Fetched<FileService>,
    /// Diagnostic settings of `blobServices/default` (AZST-020).
    pub blob_diagnostic_settings: Fetched<Vec<DiagnosticSetting>>,
    /// Diagnostic settings of `queueServices/default` (AZST-018).
    pub queue_diagnostic_settings: Fetched<Vec<DiagnosticSetting>>,
    /// Diagnostic settings of `tableServices/default` (AZST-019).
    pub table_diagnostic_settings: Fetched<Vec<DiagnosticSetting>>,
    /// `primaryEndpoints`: the only source of the data-plane hosts (DP-1).
    pub primary_endpoints: PrimaryEndpoints,
    /// Classic Storage Analytics logging of the blob service, read on the data plane
    /// (DP-1, AZST-020); `NotCollected` unless `storage.classic_logging` is on.
    pub blob_logging: Fetched<ClassicLogging>,
    /// The same for the queue service (AZST-018).
    pub queue_logging: Fetched<ClassicLogging>,
    /// The same for the table service (AZST-019).
    pub table_logging: Fetched<ClassicLogging>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PrimaryEndpoints {
    pub blob: Option<String>,
    pub queue: Option<String>,
    pub table: Option<String>,
}

impl PrimaryEndpoints {
    pub fn of(&self, service: Service) -> Option<&str> {
        match service {
            Service::Blob => self.blob.as_deref(),
            Service::Queue => self.queue.as_deref(),
            Service::Table => self.table.as_deref(),
            Service::File => None,
        }
    }
}

/// `StorageServiceProperties/Logging` of one service: which operations classic
/// Storage Analytics logs. A missing element or value is None (not logged).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassicLogging {
    pub version: Option<String>,
    pub read: Option<bool>,
    pub write: Option<bool>,
    pub delete: Option<bool>,
}

impl ClassicLogging {
    /// The operations not logged, by the XML's element names.
    pub fn missing(&self) -> Vec<&'static str> {
        [
            ("Read", self.read),
            ("Write", self.write),
            ("Delete", self.delete),
        ]
        .into_iter()
        .filter(|(_, on)| *on != Some(true))
        .map(|(name, _)| name)
        .collect()
    }
}

/// A storage sub-service, and which account kinds offer it (CHECKS-2, Clarifications).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Blob,
    File,
    Queue,
    Table,
}

impl Service {
    /// `blob`, `file`, `queue`, `table`: the ARM path segment is `{name}Services`.
    pub fn name(self) -> &'static str {
        match self {
            Service::Blob => "blob",
            Service::File => "file",
            Service::Queue => "queue",
            Service::Table => "table",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkAcls {
    /// `Allow` or `Deny`; null means Allow.
    pub default_action: Option<String>,
    /// Comma-separated: `AzureServices`, `Logging`, `Metrics`, `None`.
    pub bypass: Option<String>,
    pub ip_rules: usize,
    pub virtual_network_rules: usize,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SasPolicy {
    /// A .NET TimeSpan, `d.hh:mm:ss`.
    pub sas_expiration_period: Option<String>,
    /// `Log` (only records) or `Block` (rejects).
    pub expiration_action: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct KeyPolicy {
    pub key_expiration_period_in_days: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BlobService {
    pub delete_retention_enabled: Option<bool>,
    pub delete_retention_days: Option<f64>,
    pub container_delete_retention_enabled: Option<bool>,
    pub container_delete_retention_days: Option<f64>,
    pub is_versioning_enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FileService {
    pub share_delete_retention_enabled: Option<bool>,
    pub share_delete_retention_days: Option<f64>,
    /// `protocolSettings.smb.versions`: `;`-separated, null means every version.
    pub smb_versions: Option<String>,
    /// `protocolSettings.smb.channelEncryption`: `;`-separated, null means every one.
    pub smb_channel_encryption: Option<String>,
}

impl StorageAccount {
    /// Kinds that hold blobs and so can carry a lifecycle management policy.
    pub fn holds_blobs(&self) -> bool {
        matches!(
            self.kind.as_deref().map(str::to_ascii_lowercase).as_deref(),
            Some("storagev2" | "blobstorage" | "blockblobstorage")
        )
    }

    /// Whether the account's kind offers `service`: blobs on StorageV2, Storage,
    /// BlobStorage and BlockBlobStorage; files on StorageV2, Storage and FileStorage;
    /// queues and tables on StorageV2 and Storage.
    pub fn offers(&self, service: Service) -> bool {
        let kind = self.kind.as_deref().map(str::to_ascii_lowercase);
        let general = matches!(kind.as_deref(), Some("storagev2" | "storage"));
        general
            || match service {
                Service::Blob => {
                    matches!(kind.as_deref(), Some("blobstorage" | "blockblobstorage"))
                }
                Service::File => kind.as_deref() == Some("filestorage"),
                Service::Queue | Service::Table => false,
            }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LifecyclePolicy {
    pub rules: Vec<LifecycleRule>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LifecycleRule {
    pub name: String,
    /// Azure treats a missing `enabled` as true.
    pub enabled: Option<bool>,
    /// `filters.prefixMatch`: empty means every container.
    pub prefix_match: Vec<String>,
    /// The soonest base-blob delete action, in days, over modification, creation and
    /// last-access conditions; None when the rule deletes no base blobs.
    pub delete_base_blob_after_days: Option<f64>,
}

impl LifecycleRule {
    pub fn is_enabled(&self) -> bool {
        self.enabled != Some(false)
    }
}
