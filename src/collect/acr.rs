//! Container Registry collector: the subscription's registries.

use super::{Collector, Source, json};
use crate::snapshot::acr::{AcrData, Registry};
use serde_json::Value;

const API_VERSION: &str = "2023-07-01";
const SERVICE: &str = "acr";

pub async fn collect(c: &Collector) -> AcrData {
    if !c.plan.wants(Source::Registries) {
        return AcrData::default();
    }
    let path = c.sub_path("/providers/Microsoft.ContainerRegistry/registries");
    let registries = c
        .arm_list(SERVICE, &path, API_VERSION)
        .await
        .map(|items| items.iter().map(parse_registry).collect());
    AcrData { registries }
}

pub(super) fn parse_registry(v: &Value) -> Registry {
    Registry {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        sku: json::string(v, "/sku/name"),
        admin_user_enabled: json::boolean(v, "/properties/adminUserEnabled"),
        public_network_access: json::string(v, "/properties/publicNetworkAccess"),
        network_default_action: json::string(v, "/properties/networkRuleSet/defaultAction"),
        trust_policy_status: json::string(v, "/properties/policies/trustPolicy/status"),
    }
}
