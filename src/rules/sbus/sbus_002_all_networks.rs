//! SBUS-002: Service Bus namespaces that accept traffic from all networks.

use crate::rules::check;
use crate::rules::shape::messaging;

pub const CHECK: crate::rules::Check = check!("sbus", "SBUS-002",
    sources: [ServiceBusNamespaces, ServiceBusNetworkRuleSets],
    run: |s, out| messaging::network(out, &s.messaging.service_bus));
