//! Azure SQL collector: logical servers, then per server (concurrently) the encryption
//! protector, auditing settings, Entra administrators and advanced threat protection.
//! Each sub-call fails on its own, so a denied call costs only the check that needed it.

use super::{Collector, Source, json};
use crate::snapshot::Fetched;
use crate::snapshot::sql::{EncryptionProtector, SqlAdministrator, SqlData, SqlServer};
use futures::future::join_all;
use serde_json::Value;

const API_VERSION: &str = "2023-08-01";
const SERVICE: &str = "sql";

pub async fn collect(c: &Collector) -> SqlData {
    let wanted = [
        Source::SqlServers,
        Source::SqlEncryptionProtector,
        Source::SqlAuditing,
        Source::SqlAdministrators,
        Source::SqlThreatProtection,
    ];
    if !c.plan.wants_any(&wanted) {
        return SqlData::default();
    }
    let path = c.sub_path("/providers/Microsoft.Sql/servers");
    let listed = c.arm_list(SERVICE, &path, API_VERSION).await;
    let servers = match listed.map(|items| items.iter().map(parse_server).collect::<Vec<_>>()) {
        Fetched::Ok(servers) => servers,
        unavailable => {
            return SqlData {
                servers: unavailable,
            };
        }
    };
    let servers = join_all(servers.into_iter().map(|server| with_details(c, server))).await;
    SqlData {
        servers: Fetched::Ok(servers),
    }
}

async fn with_details(c: &Collector, mut server: SqlServer) -> SqlServer {
    let id = server.id.trim_end_matches('/').to_string();
    let (protector, auditing, administrators, threat_protection) = tokio::join!(
        sub_get(
            c,
            Source::SqlEncryptionProtector,
            &id,
            "encryptionProtector/current"
        ),
        sub_get(c, Source::SqlAuditing, &id, "auditingSettings/default"),
        async {
            if !c.plan.wants(Source::SqlAdministrators) {
                return Fetched::NotCollected;
            }
            c.arm_list(SERVICE, &format!("{id}/administrators"), API_VERSION)
                .await
                .map(|items| {
                    items
                        .iter()
                        .map(|v| parse_administrator(v, "/properties"))
                        .collect()
                })
        },
        sub_get(
            c,
            Source::SqlThreatProtection,
            &id,
            "advancedThreatProtectionSettings/Default"
        ),
    );
    server.encryption_protector = protector.map(|v| EncryptionProtector {
        server_key_type: json::string(&v, "/properties/serverKeyType"),
        server_key_name: json::string(&v, "/properties/serverKeyName"),
    });
    server.auditing_state = auditing.map(|v| json::string(&v, "/properties/state"));
    server.administrators = administrators;
    server.threat_protection_state =
        threat_protection.map(|v| json::string(&v, "/properties/state"));
    server
}

/// `{serverId}/{suffix}` when the plan asks for `source`; any error is a recorded gap.
async fn sub_get(c: &Collector, source: Source, server_id: &str, suffix: &str) -> Fetched<Value> {
    if !c.plan.wants(source) {
        return Fetched::NotCollected;
    }
    let answer = c
        .arm_get(&format!("{server_id}/{suffix}"), API_VERSION)
        .await;
    c.fetched(SERVICE, answer)
}

pub(super) fn parse_server(v: &Value) -> SqlServer {
    SqlServer {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        public_network_access: json::string(v, "/properties/publicNetworkAccess"),
        listed_administrator: v
            .pointer("/properties/administrators")
            .filter(|a| a.is_object())
            .map(|_| parse_administrator(v, "/properties/administrators")),
        encryption_protector: Fetched::NotCollected,
        auditing_state: Fetched::NotCollected,
        administrators: Fetched::NotCollected,
        threat_protection_state: Fetched::NotCollected,
    }
}

/// An administrator object found at `pointer` (the administrators list's
/// `properties`, or the server list's `properties.administrators`).
fn parse_administrator(v: &Value, pointer: &str) -> SqlAdministrator {
    SqlAdministrator {
        administrator_type: json::string(v, &format!("{pointer}/administratorType")),
        login: json::string(v, &format!("{pointer}/login")),
        azure_ad_only_authentication: json::boolean(
            v,
            &format!("{pointer}/azureADOnlyAuthentication"),
        ),
    }
}
