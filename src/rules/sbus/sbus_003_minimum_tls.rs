//! SBUS-003: Service Bus namespaces whose minimum TLS version is below 1.2 or unset.

use crate::rules::check;
use crate::rules::shape::messaging;

pub const CHECK: crate::rules::Check = check!("sbus", "SBUS-003", sources: [ServiceBusNamespaces],
    run: |s, out| messaging::minimum_tls(out, &s.messaging.service_bus));
