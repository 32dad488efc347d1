//! Storage accounts as the AZST checks (and AZMON-002's storage destinations) see them.

use super::Fetched;
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
}

impl StorageAccount {
    /// Kinds that hold blobs and so can carry a lifecycle management policy.
    pub fn holds_blobs(&self) -> bool {
        matches!(
            self.kind.as_deref().map(str::to_ascii_lowercase).as_deref(),
            Some("storagev2" | "blobstorage" | "blockblobstorage")
        )
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
