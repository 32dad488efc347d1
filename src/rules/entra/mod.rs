//! ENTRA checks: added by the issue that covers them.

use super::Check;

pub const CHECKS: &[Check] = &[];
