//! Azure SQL collector: logical servers, then per server (concurrently) the encryption
//! protector, auditing settings, Entra administrators and advanced threat protection.
//! Each sub-call fails on its own, so a denied call costs only the check that needed it.

use super::calls::{
    SQL_ADMINISTRATORS, SQL_AUDITING, SQL_ENCRYPTION_PROTECTOR, SQL_SERVERS, SQL_THREAT_PROTECTION,
};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::Fetched;
use crate::snapshot::sql::{
    AuditingSettings, EncryptionProtector, SqlAdministrator, SqlData, SqlServer,
    ThreatProtectionSettings,
};

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
    let mut servers = c.list(&SQL_SERVERS, parse_server).await;
    if let Fetched::Ok(servers) = &mut servers {
        c.children(
            servers,
            async |server: &SqlServer| details(c, server).await,
            store,
        )
        .await;
    }
    SqlData { servers }
}

type Details = (
    Fetched<EncryptionProtector>,
    Fetched<AuditingSettings>,
    Fetched<Vec<SqlAdministrator>>,
    Fetched<ThreatProtectionSettings>,
);

async fn details(c: &Collector, server: &SqlServer) -> Details {
    let id = server.id.as_str();
    let wanted = |source| c.plan.wants(source);
    tokio::join!(
        async {
            if !wanted(Source::SqlEncryptionProtector) {
                return Fetched::NotCollected;
            }
            c.get_under(&SQL_ENCRYPTION_PROTECTOR, id, |r| EncryptionProtector {
                server_key_type: r.string("/properties/serverKeyType"),
                server_key_name: r.string("/properties/serverKeyName"),
                uri: r.string("/properties/uri"),
                auto_rotation_enabled: r.boolean("/properties/autoRotationEnabled"),
            })
            .await
        },
        async {
            if !wanted(Source::SqlAuditing) {
                return Fetched::NotCollected;
            }
            c.get_under(&SQL_AUDITING, id, |r| AuditingSettings {
                state: r.string("/properties/state"),
                retention_days: r.number("/properties/retentionDays").map(|d| d as i64),
                is_azure_monitor_target_enabled: r
                    .boolean("/properties/isAzureMonitorTargetEnabled"),
                storage_endpoint: r.string("/properties/storageEndpoint"),
                audit_actions_and_groups: r.strings("/properties/auditActionsAndGroups"),
            })
            .await
        },
        async {
            if !wanted(Source::SqlAdministrators) {
                return Fetched::NotCollected;
            }
            c.list_under(&SQL_ADMINISTRATORS, id, |r| {
                r.object("/properties")
                    .map(|p| parse_administrator(&p))
                    .unwrap_or_default()
            })
            .await
        },
        async {
            if !wanted(Source::SqlThreatProtection) {
                return Fetched::NotCollected;
            }
            c.get_under(&SQL_THREAT_PROTECTION, id, |r| ThreatProtectionSettings {
                state: r.string("/properties/state"),
            })
            .await
        },
    )
}

fn store(server: &mut SqlServer, (protector, auditing, administrators, threat): Details) {
    server.encryption_protector = protector;
    server.auditing = auditing;
    server.administrators = administrators;
    server.threat_protection = threat;
}

pub(super) fn parse_server(r: &Reader) -> SqlServer {
    SqlServer {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        listed_administrator: r
            .object("/properties/administrators")
            .map(|a| parse_administrator(&a)),
        encryption_protector: Fetched::NotCollected,
        auditing: Fetched::NotCollected,
        administrators: Fetched::NotCollected,
        threat_protection: Fetched::NotCollected,
    }
}

/// An administrator object (the administrators list's `properties`, or the server
/// list's `properties.administrators`).
pub(super) fn parse_administrator(r: &Reader) -> SqlAdministrator {
    SqlAdministrator {
        administrator_type: r.string("/administratorType"),
        login: r.string("/login"),
        azure_ad_only_authentication: r.boolean("/azureADOnlyAuthentication"),
    }
}
