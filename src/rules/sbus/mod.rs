//! Service Bus checks (SBUS-*); the namespace rules are shared with Event Hubs
//! (`shape::messaging`).

mod sbus_001_local_auth;
mod sbus_002_all_networks;
mod sbus_003_minimum_tls;

use super::Check;

pub const CHECKS: &[Check] = &[
    sbus_001_local_auth::CHECK,
    sbus_002_all_networks::CHECK,
    sbus_003_minimum_tls::CHECK,
];
