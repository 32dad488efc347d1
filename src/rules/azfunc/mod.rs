//! Azure Functions checks (AZFUNC-*): function apps, i.e. sites whose `kind` holds
//! `functionapp` and not `workflowapp` (Logic Apps Standard).

mod azfunc_001_anonymous_http_trigger;
mod azfunc_002_unsupported_runtime_version;

use super::Check;

pub const CHECKS: &[Check] = &[
    azfunc_001_anonymous_http_trigger::CHECK,
    azfunc_002_unsupported_runtime_version::CHECK,
];
