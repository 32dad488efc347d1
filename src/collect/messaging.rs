//! Event Hubs and Service Bus collector: namespaces, then per namespace whose public
//! access is not disabled its `networkRuleSets/default` (results are stored on the
//! namespace requested, never matched by the `id` the rule set returns).

use super::calls::{
    Call, EVENT_HUB_NAMESPACES, EVENT_HUB_NETWORK_RULE_SET, SERVICE_BUS_NAMESPACES,
    SERVICE_BUS_NETWORK_RULE_SET,
};
use super::json::Reader;
use super::{Collector, Source, wanted};
use crate::snapshot::messaging::{
    EventHubs, MessagingData, Namespace, NetworkRuleSet, Provider, ServiceBus,
};
use crate::snapshot::{Fetched, public_access_off};

pub async fn collect(c: &Collector) -> MessagingData {
    let (event_hubs, service_bus) = tokio::join!(
        namespaces::<EventHubs>(
            c,
            [Source::EventHubNamespaces, Source::EventHubNetworkRuleSets],
            &EVENT_HUB_NAMESPACES,
            &EVENT_HUB_NETWORK_RULE_SET,
        ),
        namespaces::<ServiceBus>(
            c,
            [
                Source::ServiceBusNamespaces,
                Source::ServiceBusNetworkRuleSets
            ],
            &SERVICE_BUS_NAMESPACES,
            &SERVICE_BUS_NETWORK_RULE_SET,
        ),
    );
    MessagingData {
        event_hubs,
        service_bus,
    }
}

/// One provider's namespaces; `[list, rule sets]` are its two sources.
async fn namespaces<P: Provider>(
    c: &Collector,
    [list, rule_sets]: [Source; 2],
    list_call: &Call,
    rule_set_call: &Call,
) -> Fetched<Vec<Namespace<P>>> {
    let mut found = wanted::list(c, &[list, rule_sets], list_call, parse_namespace::<P>).await;
    wanted::children(
        c,
        &mut found,
        rule_sets,
        |namespace| !public_access_off(namespace.public_network_access.as_deref()),
        async |namespace: &Namespace<P>| {
            c.get_under(rule_set_call, &namespace.id, parse_rule_set)
                .await
        },
        |namespace, rules| namespace.network_rule_set = rules,
    )
    .await;
    found
}

pub(super) fn parse_namespace<P>(r: &Reader) -> Namespace<P> {
    Namespace {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        sku_name: r.string("/sku/name"),
        disable_local_auth: r.boolean("/properties/disableLocalAuth"),
        minimum_tls_version: r.text("/properties/minimumTlsVersion"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        ..Namespace::default()
    }
}

pub(super) fn parse_rule_set(r: &Reader) -> NetworkRuleSet {
    NetworkRuleSet {
        default_action: r.string("/properties/defaultAction"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        trusted_service_access_enabled: r.boolean("/properties/trustedServiceAccessEnabled"),
        ip_rules: r.items("/properties/ipRules").len(),
        virtual_network_rules: r.items("/properties/virtualNetworkRules").len(),
    }
}
