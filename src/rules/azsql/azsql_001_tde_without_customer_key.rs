//! AZSQL-001: servers whose TDE protector is service-managed, not a Key Vault key.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azsql", "AZSQL-001", sources: [SqlServers, SqlEncryptionProtector], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    shape::each_part(
        out,
        &snapshot.sql.servers,
        "encryption protector",
        |server| &server.encryption_protector,
        |out, server, protector| {
            let key_type = protector.server_key_type.as_deref();
            out.judge(
                eq_ci(key_type, "AzureKeyVault"),
                server.subject(),
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
