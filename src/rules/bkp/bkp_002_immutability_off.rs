//! BKP-002: Recovery Services vaults without immutability. Locked passes; Unlocked
//! passes with a note that it is still reversible; Disabled or null fails. A sparse
//! vault list is completed by the vault's own GET.

use crate::rules::shape::{Resource, each, property};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("bkp", "BKP-002",
    sources: [RecoveryVaults, RecoveryVaultDetails], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for vault in each(out, &snapshot.backup.vaults) {
        let security = match &vault.security {
            Some(listed) => listed,
            None => {
                let what = format!("the security settings (GET) of {}", vault.described());
                let Some(read) = out.part(&vault.details, &vault.subject(), &what) else {
                    continue;
                };
                read
            }
        };
        let state = security.immutability_state.as_deref();
        let unset = "not set (immutability off)";
        let path = "securitySettings.immutabilitySettings.state";
        if eq_ci(state, "Unlocked") {
            out.pass(
                vault.subject(),
                format!(
                    "{}: {path} is Unlocked: enabled but still reversible: lock it",
                    vault.label()
                ),
                json!({ path: state }),
            );
            continue;
        }
        property::judge(
            out,
            vault,
            path,
            state,
            unset,
            property::any_of(&["Locked"])(state),
        );
    }
}
