//! EVH-001: Event Hubs namespaces that accept SAS key (local) authentication.

use crate::rules::check;
use crate::rules::shape::messaging;

pub const CHECK: crate::rules::Check = check!("evh", "EVH-001", sources: [EventHubNamespaces],
    run: |s, out| messaging::local_auth(out, &s.messaging.event_hubs));
