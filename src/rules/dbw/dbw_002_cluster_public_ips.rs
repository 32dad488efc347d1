//! DBW-002: Databricks workspaces whose clusters get public IPs (secure cluster
//! connectivity off).

use crate::rules::check;
use crate::rules::shape::property;

// Null stays FAIL: newer workspaces default to no public IP, but an unset value
// cannot be told from an older workspace's (CHECKS-2 Clarifications, DBW-002).
pub const CHECK: crate::rules::Check = check!("dbw", "DBW-002", sources: [DatabricksWorkspaces],
    run: |s, out| property::judge_each(out, &s.databricks.workspaces,
        "parameters.enableNoPublicIp.value", |w| w.enable_no_public_ip,
        "not set (older workspaces give clusters public IPs)", property::is_true));
