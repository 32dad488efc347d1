//! SBUS-001: Service Bus namespaces that accept SAS key (local) authentication.

use crate::rules::check;
use crate::rules::shape::messaging;

pub const CHECK: crate::rules::Check = check!("sbus", "SBUS-001", sources: [ServiceBusNamespaces],
    run: |s, out| messaging::local_auth(out, &s.messaging.service_bus));
