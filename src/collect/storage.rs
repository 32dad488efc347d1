//! Storage collector: the subscription's accounts, and each blob-capable account's
//! lifecycle management policy.

use super::{Collector, Source, json};
use crate::snapshot::Fetched;
use crate::snapshot::storage::{LifecyclePolicy, LifecycleRule, StorageAccount, StorageData};
use futures::future::join_all;
use serde_json::Value;

const API_VERSION: &str = "2024-01-01";
const SERVICE: &str = "storage";

pub async fn collect(c: &Collector) -> StorageData {
    if !c
        .plan
        .wants_any(&[Source::StorageAccounts, Source::StorageLifecycle])
    {
        return StorageData::default();
    }
    let path = c.sub_path("/providers/Microsoft.Storage/storageAccounts");
    let listed = c.arm_list(SERVICE, &path, API_VERSION).await;
    let mut accounts = match listed.map(|items| items.iter().map(parse_account).collect::<Vec<_>>())
    {
        Fetched::Ok(accounts) => accounts,
        unavailable => {
            return StorageData {
                accounts: unavailable,
            };
        }
    };
    if c.plan.wants(Source::StorageLifecycle) {
        let policies = join_all(accounts.iter().map(|a| lifecycle_policy(c, a))).await;
        for (account, policy) in accounts.iter_mut().zip(policies) {
            account.lifecycle_policy = policy;
        }
    }
    StorageData {
        accounts: Fetched::Ok(accounts),
    }
}

pub(super) fn parse_account(v: &Value) -> StorageAccount {
    StorageAccount {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        kind: json::string(v, "/kind"),
        sku: json::string(v, "/sku/name"),
        allow_blob_public_access: json::boolean(v, "/properties/allowBlobPublicAccess"),
        supports_https_traffic_only: json::boolean(v, "/properties/supportsHttpsTrafficOnly"),
        encryption_key_source: json::string(v, "/properties/encryption/keySource"),
        minimum_tls_version: json::string(v, "/properties/minimumTlsVersion"),
        allow_shared_key_access: json::boolean(v, "/properties/allowSharedKeyAccess"),
        key1_created: json::time(v, "/properties/keyCreationTime/key1"),
        key2_created: json::time(v, "/properties/keyCreationTime/key2"),
        lifecycle_policy: Fetched::NotCollected,
    }
}

/// `managementPolicies/default`: 404 means the account has no policy, not a failure.
async fn lifecycle_policy(
    c: &Collector,
    account: &StorageAccount,
) -> Fetched<Option<LifecyclePolicy>> {
    if !account.holds_blobs() {
        return Fetched::NotCollected;
    }
    let path = format!("{}/managementPolicies/default", account.id);
    match c.arm_get(&path, API_VERSION).await {
        Ok(v) => Fetched::Ok(Some(parse_policy(&v))),
        Err(e) if e.is_not_found() => Fetched::Ok(None),
        Err(e) => Fetched::Failed(c.gap(SERVICE, e)),
    }
}

pub(super) fn parse_policy(v: &Value) -> LifecyclePolicy {
    let rules = json::array(v, "/properties/policy/rules")
        .iter()
        .map(|rule| {
            let delete = "/definition/actions/baseBlob/delete";
            let delete_after = [
                "daysAfterModificationGreaterThan",
                "daysAfterCreationGreaterThan",
                "daysAfterLastAccessTimeGreaterThan",
            ]
            .iter()
            .filter_map(|field| json::number(rule, &format!("{delete}/{field}")))
            .reduce(f64::min);
            LifecycleRule {
                name: json::string(rule, "/name").unwrap_or_default(),
                enabled: json::boolean(rule, "/enabled"),
                prefix_match: json::strings(rule, "/definition/filters/prefixMatch"),
                delete_base_blob_after_days: delete_after,
            }
        })
        .collect();
    LifecyclePolicy { rules }
}
