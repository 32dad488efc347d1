//! Cosmos DB collector: the subscription's database accounts. Every COSMOS check reads
//! the account list alone (private endpoint connections come embedded in it).

use super::calls::COSMOS_ACCOUNTS;
use super::json::Reader;
use super::postgres::private_endpoint_statuses;
use super::{Collector, Source};
use crate::snapshot::Fetched;
use crate::snapshot::cosmos::{CosmosAccount, CosmosData};

pub async fn collect(c: &Collector) -> CosmosData {
    if !c.plan.wants(Source::CosmosAccounts) {
        return CosmosData {
            accounts: Fetched::NotCollected,
        };
    }
    CosmosData {
        accounts: c.list(&COSMOS_ACCOUNTS, parse_account).await,
    }
}

pub(super) fn parse_account(r: &Reader) -> CosmosAccount {
    CosmosAccount {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        is_virtual_network_filter_enabled: r.boolean("/properties/isVirtualNetworkFilterEnabled"),
        ip_rules: r
            .items("/properties/ipRules")
            .iter()
            .filter_map(|rule| rule.string("/ipAddressOrRange"))
            .collect(),
        disable_local_auth: r.boolean("/properties/disableLocalAuth"),
        key_vault_key_uri: r.string("/properties/keyVaultKeyUri"),
        private_endpoint_statuses: private_endpoint_statuses(r),
    }
}
