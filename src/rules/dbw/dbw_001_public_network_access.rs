//! DBW-001: Databricks workspaces reachable from public networks.

use crate::rules::check;
use crate::rules::shape::exposure::{self, Exposure};

pub const CHECK: crate::rules::Check = check!("dbw", "DBW-001", sources: [DatabricksWorkspaces],
    run: |s, out| exposure::judge_each(out, &s.databricks.workspaces,
        |w| Exposure::access(w.public_network_access.as_deref())));
