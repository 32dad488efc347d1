//! Storage account checks (AZST-*).

mod azst_001_public_blob_access;
mod azst_002_http_allowed;
mod azst_003_no_customer_managed_key;
mod azst_004_weak_minimum_tls;
mod azst_005_no_lifecycle_policy;
mod azst_006_stale_access_keys;
mod azst_007_shared_key_allowed;
mod azst_008_no_infrastructure_encryption;
mod azst_009_firewall_allows_by_default;
mod azst_010_public_network_access;
mod azst_011_cross_tenant_replication;
mod azst_012_blob_soft_delete;
mod azst_013_container_soft_delete;
mod azst_014_file_share_soft_delete;
mod azst_015_sas_expiration_policy;
mod azst_016_key_expiration_policy;
mod azst_017_no_private_endpoint;
mod azst_018_queue_logging;
mod azst_019_table_logging;
mod azst_020_blob_logging;
mod azst_021_smb_legacy_protocols;
mod azst_022_trusted_services_bypass;
mod azst_023_blob_versioning;
mod azst_024_default_to_entra_authorization;

use super::shape;
use super::shape::diagnostics::{ALL_LOGS, Coverage};
use super::shape::{Resource, each};
use super::{Check, Verdicts};
use crate::snapshot::monitor::DiagnosticSetting;
use crate::snapshot::storage::{ClassicLogging, Service, StorageAccount};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;

pub const CHECKS: &[Check] = &[
    azst_001_public_blob_access::CHECK,
    azst_002_http_allowed::CHECK,
    azst_003_no_customer_managed_key::CHECK,
    azst_004_weak_minimum_tls::CHECK,
    azst_005_no_lifecycle_policy::CHECK,
    azst_006_stale_access_keys::CHECK,
    azst_007_shared_key_allowed::CHECK,
    azst_008_no_infrastructure_encryption::CHECK,
    azst_009_firewall_allows_by_default::CHECK,
    azst_010_public_network_access::CHECK,
    azst_011_cross_tenant_replication::CHECK,
    azst_012_blob_soft_delete::CHECK,
    azst_013_container_soft_delete::CHECK,
    azst_014_file_share_soft_delete::CHECK,
    azst_015_sas_expiration_policy::CHECK,
    azst_016_key_expiration_policy::CHECK,
    azst_017_no_private_endpoint::CHECK,
    azst_018_queue_logging::CHECK,
    azst_019_table_logging::CHECK,
    azst_020_blob_logging::CHECK,
    azst_021_smb_legacy_protocols::CHECK,
    azst_022_trusted_services_bypass::CHECK,
    azst_023_blob_versioning::CHECK,
    azst_024_default_to_entra_authorization::CHECK,
];

shape::named_resource!(StorageAccount, list: "the storage account list", called: "storage account");

/// AZST-015/016: with Shared Key disallowed, account keys can neither sign a SAS nor
/// be used at all, so a key or SAS policy has nothing to govern: PASS saying so.
fn passes_without_shared_key(out: &mut Verdicts, account: &StorageAccount, why: &str) -> bool {
    if account.allow_shared_key_access != Some(false) {
        return false;
    }
    out.pass(
        account.subject(),
        format!(
            "{}: allowSharedKeyAccess is false, so {why}",
            account.label()
        ),
        json!({ "allowSharedKeyAccess": false }),
    );
    true
}

/// Runs `judge` on each account whose kind offers `service` and whose `part` of that
/// service was read; accounts of other kinds get no result, and an unread part costs
/// exactly that account an ERROR naming it.
fn each_service<'a, T: 'a>(
    out: &mut Verdicts,
    snapshot: &'a Snapshot,
    service: Service,
    part: impl Fn(&'a StorageAccount) -> &'a Fetched<T>,
    mut judge: impl FnMut(&mut Verdicts, &'a StorageAccount, &'a T),
) {
    for account in each(out, &snapshot.storage.accounts) {
        if !account.offers(service) {
            continue;
        }
        let what = format!(
            "the {} service settings of {}",
            service.name(),
            account.described()
        );
        if let Some(value) = out.part(part(account), &account.subject(), &what) {
            judge(out, account, value);
        }
    }
}

/// The categories AZST-018…020 need; `audit` does not stand for them, only `allLogs`.
const STORAGE_LOGS: &[&str] = &["StorageRead", "StorageWrite", "StorageDelete"];

/// AZST-018…020 (D4): the service's diagnostic settings with a destination must export
/// read, write and delete logs together. Otherwise, when `storage.classic_logging`
/// turns on the data-plane branch (DP-1), classic Storage Analytics logging with Read,
/// Write and Delete on passes, and an unread data plane is an ERROR; with the branch
/// off, a FAIL says classic logging was not inspected. A PASS by either path stands when
/// the other could not be read, naming that read.
fn judge_service_logging(
    out: &mut Verdicts,
    snapshot: &Snapshot,
    service: Service,
    settings: fn(&StorageAccount) -> &Fetched<Vec<DiagnosticSetting>>,
    classic: fn(&StorageAccount) -> &Fetched<ClassicLogging>,
) {
    let branch = out.settings().storage.classic_logging;
    for account in each(out, &snapshot.storage.accounts) {
        if !account.offers(service) {
            continue;
        }
        let svc = service.name();
        let what = format!(
            "the {svc} service diagnostic settings of {}",
            account.described()
        );
        let name = account.label();
        let classic_what = format!(
            "classic Storage Analytics logging of the {svc} service of {}",
            account.described()
        );
        // Unread diagnostic settings: classic logging with all three on still decides
        // a PASS by the other path, naming what was not read.
        if branch
            && !matches!(settings(account), Fetched::Ok(_))
            && let Fetched::Ok(logging) = classic(account)
            && logging.missing().is_empty()
        {
            let reason = settings(account)
                .unavailable_reason(&what)
                .unwrap_or_default();
            out.pass(
                account.subject(),
                format!(
                    "{name}: classic Storage Analytics logging of the {svc} service has Read, Write and Delete on ({reason})"
                ),
                json!({
                    "service": format!("{svc}Services/default"),
                    "classicLogging": {"Read": logging.read, "Write": logging.write, "Delete": logging.delete},
                }),
            );
            continue;
        }
        let Some(list) = out.part(settings(account), &account.subject(), &what) else {
            continue;
        };
        let coverage = Coverage::of(list, STORAGE_LOGS, ALL_LOGS);
        let mut evidence = json!({
            "service": format!("{svc}Services/default"),
            "settingsWithDestination": coverage.exporting,
            "missingCategories": coverage.missing,
        });
        if coverage.complete() {
            let mut message = format!(
                "{name}: {svc} service read, write and delete logs are exported by {}",
                coverage.exporting.join(", ")
            );
            if branch && matches!(classic(account), Fetched::Failed(_)) {
                let reason = classic(account)
                    .unavailable_reason(&classic_what)
                    .unwrap_or_default();
                message.push_str(&format!(" ({reason})"));
            }
            out.pass(account.subject(), message, evidence);
            continue;
        }
        let diagnostics = if coverage.exporting.is_empty() {
            format!(
                "no {svc} service diagnostic setting with a destination exports {}",
                coverage.missing.join(", ")
            )
        } else {
            format!(
                "the {svc} service diagnostic settings ({}) do not export {}",
                coverage.exporting.join(", "),
                coverage.missing.join(", ")
            )
        };
        if !branch {
            let message = format!(
                "{name}: {diagnostics} (classic Storage Analytics logging was not inspected)"
            );
            out.fail(account.subject(), message, evidence);
            continue;
        }
        let Some(logging) = out.part(classic(account), &account.subject(), &classic_what) else {
            continue;
        };
        evidence["classicLogging"] = json!({
            "Read": logging.read,
            "Write": logging.write,
            "Delete": logging.delete,
        });
        let missing = logging.missing();
        let message = if missing.is_empty() {
            format!(
                "{name}: classic Storage Analytics logging of the {svc} service has Read, Write and Delete on ({diagnostics})"
            )
        } else {
            format!(
                "{name}: {diagnostics}, and classic Storage Analytics logging of the {svc} service does not log {}",
                missing.join(", ")
            )
        };
        out.judge(missing.is_empty(), account.subject(), message, evidence);
    }
}
