//! Resource lock checks (LOCK-*).

mod lock_001_critical_resource_unlocked;

use super::Check;

pub const CHECKS: &[Check] = &[lock_001_critical_resource_unlocked::CHECK];
