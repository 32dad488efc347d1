//! Container Registry collector: the subscription's registries.

use super::calls::REGISTRIES;
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::acr::{AcrData, PrivateEndpointConnection, Registry};

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
        anonymous_pull_enabled: r.boolean("/properties/anonymousPullEnabled"),
        quarantine_policy_status: r.string("/properties/policies/quarantinePolicy/status"),
        export_policy_status: r.string("/properties/policies/exportPolicy/status"),
        retention_policy_status: r.string("/properties/policies/retentionPolicy/status"),
        retention_days: r
            .number("/properties/policies/retentionPolicy/days")
            .map(|d| d as i64),
        data_endpoint_enabled: r.boolean("/properties/dataEndpointEnabled"),
        data_endpoint_host_names: r.strings("/properties/dataEndpointHostNames"),
        private_endpoint_connections: r
            .items("/properties/privateEndpointConnections")
            .iter()
            .map(parse_private_endpoint_connection)
            .collect(),
    }
}

/// A `privateEndpointConnections[]` item as ARM embeds it in a resource.
pub(super) fn parse_private_endpoint_connection(r: &Reader) -> PrivateEndpointConnection {
    PrivateEndpointConnection {
        id: r.string("/id"),
        status: r.string("/properties/privateLinkServiceConnectionState/status"),
    }
}
