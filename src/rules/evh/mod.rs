//! Event Hubs checks (EVH-*); the namespace rules are shared with Service Bus
//! (`shape::messaging`).

mod evh_001_local_auth;
mod evh_002_all_networks;
mod evh_003_minimum_tls;

use super::Check;

pub const CHECKS: &[Check] = &[
    evh_001_local_auth::CHECK,
    evh_002_all_networks::CHECK,
    evh_003_minimum_tls::CHECK,
];
