//! Storage account checks (AZST-*).

mod azst_001_public_blob_access;
mod azst_002_http_allowed;
mod azst_003_no_customer_managed_key;
mod azst_004_weak_minimum_tls;
mod azst_005_no_lifecycle_policy;
mod azst_006_stale_access_keys;

use super::Check;
use super::shape;
use crate::snapshot::storage::StorageAccount;

pub const CHECKS: &[Check] = &[
    azst_001_public_blob_access::CHECK,
    azst_002_http_allowed::CHECK,
    azst_003_no_customer_managed_key::CHECK,
    azst_004_weak_minimum_tls::CHECK,
    azst_005_no_lifecycle_policy::CHECK,
    azst_006_stale_access_keys::CHECK,
];

shape::named_resource!(StorageAccount, list: "the storage account list", called: "storage account");
