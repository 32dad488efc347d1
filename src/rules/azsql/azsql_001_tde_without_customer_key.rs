//! AZSQL-001: servers whose TDE protector is service-managed, not a Key Vault key.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azsql", "AZSQL-001", sources: [SqlServers, SqlEncryptionProtector], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::judge_part(
        snapshot,
        out,
        "encryption protector",
        |server| &server.encryption_protector,
        |server, protector, out| {
            let key_type = protector.server_key_type.as_deref();
            out.judge(
                eq_ci(key_type, "AzureKeyVault"),
                super::subject(server),
                format!(
                    "{}: TDE protector serverKeyType is {}",
                    server.name,
                    key_type.unwrap_or("not set")
                ),
                json!({ "serverKeyType": key_type, "serverKeyName": protector.server_key_name }),
            );
        },
    );
}
