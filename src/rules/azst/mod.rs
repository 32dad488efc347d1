//! Storage account checks (AZST-*).

mod azst_001_public_blob_access;
mod azst_002_http_allowed;
mod azst_003_no_customer_managed_key;
mod azst_004_weak_minimum_tls;
mod azst_005_no_lifecycle_policy;
mod azst_006_stale_access_keys;

use super::{Check, Subject};
use crate::snapshot::storage::StorageAccount;

pub const CHECKS: &[Check] = &[
    azst_001_public_blob_access::CHECK,
    azst_002_http_allowed::CHECK,
    azst_003_no_customer_managed_key::CHECK,
    azst_004_weak_minimum_tls::CHECK,
    azst_005_no_lifecycle_policy::CHECK,
    azst_006_stale_access_keys::CHECK,
];

fn subject(account: &StorageAccount) -> Subject {
    Subject::new(
        &account.id,
        &account.name,
        "Microsoft.Storage/storageAccounts",
        account.location.as_deref(),
    )
}

/// `TLS1_2` → (1, 2); anything that is not a TLS version → None.
fn tls_version(value: &str) -> Option<(u32, u32)> {
    let digits = value.trim().to_ascii_uppercase();
    let digits = digits.strip_prefix("TLS")?.trim_start_matches(['_', 'V']);
    let (major, minor) = digits.split_once(['_', '.'])?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tls_versions_parse_as_numbers() {
        assert_eq!(super::tls_version("TLS1_2"), Some((1, 2)));
        assert_eq!(super::tls_version("tls1_3"), Some((1, 3)));
        assert_eq!(super::tls_version("TLS1_10"), Some((1, 10)));
        assert_eq!(super::tls_version("SSL3"), None);
        assert_eq!(super::tls_version("TLS1"), None);
    }
}
