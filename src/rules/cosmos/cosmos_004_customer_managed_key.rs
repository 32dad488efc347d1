//! COSMOS-004: Cosmos DB accounts not encrypted with a customer-managed key.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("cosmos", "COSMOS-004", sources: [CosmosAccounts],
    run: |s, out| property::judge_each(out, &s.cosmos.accounts, "keyVaultKeyUri",
        |account| account.key_vault_key_uri.as_deref(), "not set (service-managed key)",
        |uri| uri.is_some_and(|u| !u.trim().is_empty())));
