//! EVH-002: Event Hubs namespaces that accept traffic from all networks.

use crate::rules::check;
use crate::rules::shape::messaging;

pub const CHECK: crate::rules::Check = check!("evh", "EVH-002",
    sources: [EventHubNamespaces, EventHubNetworkRuleSets],
    run: |s, out| messaging::network(out, &s.messaging.event_hubs));
