//! Azure Cache for Redis collector: caches, then the firewall rules of each cache open
//! to public networks (they only add to REDIS-003's message).

use super::calls::{REDIS_CACHES, REDIS_FIREWALL_RULES};
use super::json::Reader;
use super::{Collector, Source, wanted};
use crate::snapshot::Fetched;
use crate::snapshot::public_access_off;
use crate::snapshot::redis::{FirewallRule, RedisCache, RedisData};

pub async fn collect(c: &Collector) -> RedisData {
    let wanted = [Source::RedisCaches, Source::RedisFirewallRules];
    let mut caches = wanted::list(c, &wanted, &REDIS_CACHES, parse_cache).await;
    let open = |cache: &RedisCache| {
        !public_access_off(cache.public_network_access.as_deref())
            && cache
                .subnet_id
                .as_deref()
                .is_none_or(|s| s.trim().is_empty())
    };
    wanted::children(
        c,
        &mut caches,
        Source::RedisFirewallRules,
        open,
        async |cache: &RedisCache| {
            c.list_under(&REDIS_FIREWALL_RULES, &cache.id, parse_firewall_rule)
                .await
        },
        |cache, rules| cache.firewall_rules = rules,
    )
    .await;
    RedisData { caches }
}

pub(super) fn parse_cache(r: &Reader) -> RedisCache {
    RedisCache {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        sku_name: r.string("/properties/sku/name"),
        enable_non_ssl_port: r.boolean("/properties/enableNonSslPort"),
        minimum_tls_version: r.text("/properties/minimumTlsVersion"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        subnet_id: r.string("/properties/subnetId"),
        private_endpoint_statuses: r
            .items("/properties/privateEndpointConnections")
            .iter()
            .map(|p| p.string("/properties/privateLinkServiceConnectionState/status"))
            .collect(),
        firewall_rules: Fetched::NotCollected,
    }
}

pub(super) fn parse_firewall_rule(r: &Reader) -> FirewallRule {
    FirewallRule {
        name: r.string("/name").unwrap_or_default(),
        start: r.string("/properties/startIP"),
        end: r.string("/properties/endIP"),
    }
}
