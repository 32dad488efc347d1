//! DBW-004: Databricks workspaces with no data encrypted by a customer-managed key
//! (managed services, managed disks or the DBFS root); customer-managed keys need the
//! Premium tier, so any other tier fails whatever its key sources say.

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("dbw", "DBW-004", sources: [DatabricksWorkspaces], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for workspace in each(out, &snapshot.databricks.workspaces) {
        let sources = [
            ("managed services", &workspace.managed_services_key_source),
            ("managed disks", &workspace.managed_disk_key_source),
            ("DBFS root", &workspace.dbfs_key_source),
        ];
        let customer: Vec<&str> = sources
            .iter()
            .filter(|(_, source)| eq_ci(source.as_deref(), "Microsoft.Keyvault"))
            .map(|(what, _)| *what)
            .collect();
        let premium = eq_ci(workspace.sku_name.as_deref(), "premium");
        let mut message = match customer.as_slice() {
            [] => format!("{}: no customer-managed key", workspace.label()),
            some => format!(
                "{}: customer-managed key for {}",
                workspace.label(),
                some.join(", ")
            ),
        };
        if !premium {
            message.push_str(&format!(
                " (tier is {}: customer-managed keys need Premium)",
                workspace.sku_name.as_deref().unwrap_or("not set")
            ));
        }
        out.judge(
            premium && !customer.is_empty(),
            workspace.subject(),
            message,
            json!({
                "sku.name": workspace.sku_name,
                "encryption.entities.managedServices.keySource": workspace.managed_services_key_source,
                "encryption.entities.managedDisk.keySource": workspace.managed_disk_key_source,
                "parameters.encryption.value.keySource": workspace.dbfs_key_source,
            }),
        );
    }
}
