//! Defender for Cloud collector: plan pricings (ACR-004) and just-in-time VM access
//! policies (AZVM-003), both at subscription scope.

use super::calls::{DEFENDER_PRICINGS, JIT_POLICIES};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::Fetched;
use crate::snapshot::security::{JitPolicy, Pricing, SecurityData};

pub async fn collect(c: &Collector) -> SecurityData {
    let (pricings, jit_policies) = tokio::join!(
        async {
            if !c.plan.wants(Source::DefenderPricings) {
                return Fetched::NotCollected;
            }
            c.list(&DEFENDER_PRICINGS, parse_pricing).await
        },
        async {
            if !c.plan.wants(Source::JitPolicies) {
                return Fetched::NotCollected;
            }
            c.list(&JIT_POLICIES, parse_jit_policy).await
        },
    );
    SecurityData {
        pricings,
        jit_policies,
    }
}

pub(super) fn parse_pricing(r: &Reader) -> Pricing {
    Pricing {
        name: r.string("/name").unwrap_or_default(),
        pricing_tier: r.string("/properties/pricingTier"),
    }
}

pub(super) fn parse_jit_policy(r: &Reader) -> JitPolicy {
    JitPolicy {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        virtual_machine_ids: r.ids("/properties/virtualMachines"),
    }
}
