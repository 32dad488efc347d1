//! EVH-003: Event Hubs namespaces whose minimum TLS version is below 1.2 or unset.

use crate::rules::check;
use crate::rules::shape::messaging;

pub const CHECK: crate::rules::Check = check!("evh", "EVH-003", sources: [EventHubNamespaces],
    run: |s, out| messaging::minimum_tls(out, &s.messaging.event_hubs));
