//! Storage collector: the subscription's accounts, and each blob-capable account's
//! lifecycle management policy.

use super::calls::{STORAGE_ACCOUNTS, STORAGE_LIFECYCLE_POLICY};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::Fetched;
use crate::snapshot::storage::{LifecyclePolicy, LifecycleRule, StorageAccount, StorageData};

pub async fn collect(c: &Collector) -> StorageData {
    if !c
        .plan
        .wants_any(&[Source::StorageAccounts, Source::StorageLifecycle])
    {
        return StorageData::default();
    }
    let mut accounts = c.list(&STORAGE_ACCOUNTS, parse_account).await;
    if let Fetched::Ok(accounts) = &mut accounts
        && c.plan.wants(Source::StorageLifecycle)
    {
        c.children(accounts, lifecycle_policy(c), |account, policy| {
            account.lifecycle_policy = policy
        })
        .await;
    }
    StorageData { accounts }
}

pub(super) fn parse_account(r: &Reader) -> StorageAccount {
    StorageAccount {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        kind: r.string("/kind"),
        sku: r.string("/sku/name"),
        allow_blob_public_access: r.boolean("/properties/allowBlobPublicAccess"),
        supports_https_traffic_only: r.boolean("/properties/supportsHttpsTrafficOnly"),
        encryption_key_source: r.string("/properties/encryption/keySource"),
        minimum_tls_version: r.string("/properties/minimumTlsVersion"),
        allow_shared_key_access: r.boolean("/properties/allowSharedKeyAccess"),
        key1_created: r.time("/properties/keyCreationTime/key1"),
        key2_created: r.time("/properties/keyCreationTime/key2"),
        lifecycle_policy: Fetched::NotCollected,
    }
}

/// `managementPolicies/default` of blob-capable accounts; the table says a 404 means
/// the account has no policy (`Ok(None)`).
fn lifecycle_policy(
    c: &Collector,
) -> impl AsyncFn(&StorageAccount) -> Fetched<Option<LifecyclePolicy>> {
    async move |account: &StorageAccount| {
        if !account.holds_blobs() {
            return Fetched::NotCollected;
        }
        c.get_under(&STORAGE_LIFECYCLE_POLICY, &account.id, |r| {
            Some(parse_policy(r))
        })
        .await
    }
}

pub(super) fn parse_policy(r: &Reader) -> LifecyclePolicy {
    let rules = r
        .items("/properties/policy/rules")
        .iter()
        .map(|rule| {
            let delete = "/definition/actions/baseBlob/delete";
            let delete_after = [
                "daysAfterModificationGreaterThan",
                "daysAfterCreationGreaterThan",
                "daysAfterLastAccessTimeGreaterThan",
            ]
            .iter()
            .filter_map(|field| rule.number(&format!("{delete}/{field}")))
            .reduce(f64::min);
            LifecycleRule {
                name: rule.string("/name").unwrap_or_default(),
                enabled: rule.boolean("/enabled"),
                prefix_match: rule.strings("/definition/filters/prefixMatch"),
                delete_base_blob_after_days: delete_after,
            }
        })
        .collect();
    LifecyclePolicy { rules }
}
