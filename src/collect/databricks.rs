//! Azure Databricks collector: workspaces at subscription scope.

use super::calls::DATABRICKS_WORKSPACES;
use super::json::Reader;
use super::{Collector, Source, wanted};
use crate::snapshot::databricks::{DatabricksData, DatabricksWorkspace};

pub async fn collect(c: &Collector) -> DatabricksData {
    let workspaces = wanted::list(
        c,
        &[Source::DatabricksWorkspaces],
        &DATABRICKS_WORKSPACES,
        parse_workspace,
    )
    .await;
    DatabricksData { workspaces }
}

pub(super) fn parse_workspace(r: &Reader) -> DatabricksWorkspace {
    DatabricksWorkspace {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        sku_name: r.string("/sku/name"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        enable_no_public_ip: r.boolean("/properties/parameters/enableNoPublicIp/value"),
        custom_virtual_network_id: r.string("/properties/parameters/customVirtualNetworkId/value"),
        managed_services_key_source: r
            .string("/properties/encryption/entities/managedServices/keySource"),
        managed_disk_key_source: r.string("/properties/encryption/entities/managedDisk/keySource"),
        dbfs_key_source: r.string("/properties/parameters/encryption/value/keySource"),
    }
}
