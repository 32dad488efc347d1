//! Azure Databricks checks (DBW-*).

mod dbw_001_public_network_access;
mod dbw_002_cluster_public_ips;
mod dbw_003_no_vnet_injection;
mod dbw_004_no_customer_key;

use super::Check;
use super::shape;
use crate::snapshot::databricks::DatabricksWorkspace;

pub const CHECKS: &[Check] = &[
    dbw_001_public_network_access::CHECK,
    dbw_002_cluster_public_ips::CHECK,
    dbw_003_no_vnet_injection::CHECK,
    dbw_004_no_customer_key::CHECK,
];

shape::named_resource!(DatabricksWorkspace, list: "the Databricks workspace list", called: "Databricks workspace");
