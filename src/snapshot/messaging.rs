//! Event Hubs and Service Bus namespaces: the two providers share one namespace model
//! (local auth, TLS minimum, public access and the `networkRuleSets/default` object),
//! told apart by a marker type that carries the ARM resource type.

use super::Fetched;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MessagingData {
    /// `Microsoft.EventHub/namespaces` at subscription scope.
    #[serde(default)]
    pub event_hubs: Fetched<Vec<Namespace<EventHubs>>>,
    /// `Microsoft.ServiceBus/namespaces` at subscription scope.
    #[serde(default)]
    pub service_bus: Fetched<Vec<Namespace<ServiceBus>>>,
}

/// Which messaging provider a namespace belongs to.
pub trait Provider {
    /// The ARM resource type of its namespaces.
    const TYPE: &'static str;
    /// How results name the service (`Event Hubs`).
    const SERVICE: &'static str;
    /// The subscription list, as the ERROR for an unreadable list names it.
    const LIST: &'static str;
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventHubs;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServiceBus;

impl Provider for EventHubs {
    const TYPE: &'static str = "Microsoft.EventHub/namespaces";
    const SERVICE: &'static str = "Event Hubs";
    const LIST: &'static str = "the Event Hubs namespace list";
}

impl Provider for ServiceBus {
    const TYPE: &'static str = "Microsoft.ServiceBus/namespaces";
    const SERVICE: &'static str = "Service Bus";
    const LIST: &'static str = "the Service Bus namespace list";
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Namespace<P> {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `sku.name`: `Basic`, `Standard`, `Premium`.
    pub sku_name: Option<String>,
    /// `properties.disableLocalAuth`.
    pub disable_local_auth: Option<bool>,
    /// `properties.minimumTlsVersion`: `1.0`, `1.1`, `1.2`.
    pub minimum_tls_version: Option<String>,
    /// `properties.publicNetworkAccess`: `Enabled`, `Disabled`, `SecuredByPerimeter`.
    pub public_network_access: Option<String>,
    /// `{namespaceId}/networkRuleSets/default`, read only when public access is not
    /// disabled on the namespace.
    pub network_rule_set: Fetched<NetworkRuleSet>,
    #[serde(skip)]
    pub provider: PhantomData<P>,
}

impl<P> Default for Namespace<P> {
    fn default() -> Self {
        Namespace {
            id: String::new(),
            name: String::new(),
            location: None,
            sku_name: None,
            disable_local_auth: None,
            minimum_tls_version: None,
            public_network_access: None,
            network_rule_set: Fetched::NotCollected,
            provider: PhantomData,
        }
    }
}

/// `{namespaceId}/networkRuleSets/default`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkRuleSet {
    /// `properties.defaultAction`: `Allow` or `Deny`.
    pub default_action: Option<String>,
    /// `properties.publicNetworkAccess` of the rule set.
    pub public_network_access: Option<String>,
    pub trusted_service_access_enabled: Option<bool>,
    /// How many `ipRules` and `virtualNetworkRules` it lists.
    pub ip_rules: usize,
    pub virtual_network_rules: usize,
}
