//! Defender for Cloud collector: plan pricings (ACR-004) and just-in-time VM access
//! policies (AZVM-003), both at subscription scope.

use super::{Collector, Source, json};
use crate::snapshot::Fetched;
use crate::snapshot::security::{JitPolicy, Pricing, SecurityData};
use serde_json::Value;

const PRICINGS_API_VERSION: &str = "2024-01-01";
const JIT_API_VERSION: &str = "2020-01-01";
const SERVICE: &str = "security";

pub async fn collect(c: &Collector) -> SecurityData {
    let (pricings, jit_policies) = tokio::join!(pricings(c), jit_policies(c));
    SecurityData {
        pricings,
        jit_policies,
    }
}

async fn pricings(c: &Collector) -> Fetched<Vec<Pricing>> {
    if !c.plan.wants(Source::DefenderPricings) {
        return Fetched::NotCollected;
    }
    let path = c.sub_path("/providers/Microsoft.Security/pricings");
    c.arm_list(SERVICE, &path, PRICINGS_API_VERSION)
        .await
        .map(|items| {
            items
                .iter()
                .map(|v| Pricing {
                    name: json::string(v, "/name").unwrap_or_default(),
                    pricing_tier: json::string(v, "/properties/pricingTier"),
                })
                .collect()
        })
}

async fn jit_policies(c: &Collector) -> Fetched<Vec<JitPolicy>> {
    if !c.plan.wants(Source::JitPolicies) {
        return Fetched::NotCollected;
    }
    let path = c.sub_path("/providers/Microsoft.Security/jitNetworkAccessPolicies");
    c.arm_list(SERVICE, &path, JIT_API_VERSION)
        .await
        .map(|items| items.iter().map(parse_jit_policy).collect())
}

pub(super) fn parse_jit_policy(v: &Value) -> JitPolicy {
    JitPolicy {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        virtual_machine_ids: json::array(v, "/properties/virtualMachines")
            .iter()
            .filter_map(|vm| json::string(vm, "/id"))
            .collect(),
    }
}
