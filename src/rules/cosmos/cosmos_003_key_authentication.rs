//! COSMOS-003: Cosmos DB accounts that accept account keys (`disableLocalAuth` not true).

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("cosmos", "COSMOS-003", sources: [CosmosAccounts],
    run: |s, out| property::judge_each(out, &s.cosmos.accounts, "disableLocalAuth",
        |account| account.disable_local_auth, "not set (keys accepted)", property::is_true));
