//! DBW-003: Databricks workspaces not deployed in a customer-managed virtual network.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("dbw", "DBW-003", sources: [DatabricksWorkspaces],
    run: |s, out| property::judge_each(out, &s.databricks.workspaces,
        "parameters.customVirtualNetworkId.value", |w| w.custom_virtual_network_id.as_deref(),
        "not set (managed virtual network)", |v| v.is_some_and(|id| !id.trim().is_empty())));
