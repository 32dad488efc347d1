//! AZSQL-012: user databases (every database but `master`) with transparent data
//! encryption off; each result belongs to the database azscan requested.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azsql", "AZSQL-012",
    sources: [SqlServers, SqlDatabases, SqlDatabaseEncryption], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    // An unreadable database list is one ERROR with the server as resource.
    shape::each_part(
        out,
        &snapshot.sql.servers,
        "database list",
        |server| &server.databases,
        |out, server, databases| {
            for database in databases.iter().filter(|d| !d.is_master()) {
                let subject = database.subject();
                let what = format!("the TDE state of {}", database.described());
                let Some(tde) = out.part(&database.transparent_data_encryption, &subject, &what)
                else {
                    continue;
                };
                let state = tde.state.as_deref();
                out.judge(
                    eq_ci(state, "Enabled"),
                    subject,
                    format!(
                        "{}/{}: transparentDataEncryption state is {}",
                        server.name,
                        database.name,
                        state.unwrap_or("not set")
                    ),
                    json!({ "transparentDataEncryption.state": state }),
                );
            }
        },
    );
}
