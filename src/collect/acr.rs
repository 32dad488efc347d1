//! Container Registry collector: the subscription's registries.

use super::calls::REGISTRIES;
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::acr::{AcrData, Registry};

pub async fn collect(c: &Collector) -> AcrData {
    if !c.plan.wants(Source::Registries) {
        return AcrData::default();
    }
    AcrData {
        registries: c.list(&REGISTRIES, parse_registry).await,
    }
}

pub(super) fn parse_registry(r: &Reader) -> Registry {
    Registry {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        sku: r.string("/sku/name"),
        admin_user_enabled: r.boolean("/properties/adminUserEnabled"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        network_default_action: r.string("/properties/networkRuleSet/defaultAction"),
        trust_policy_status: r.string("/properties/policies/trustPolicy/status"),
    }
}
