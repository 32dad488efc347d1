//! Azure SQL collector: logical servers, then per server (concurrently) the encryption
//! protector, auditing settings (and, when audit logs go to Azure Monitor, the `master`
//! database's diagnostic settings), Entra administrators, advanced threat protection,
//! firewall rules, vulnerability assessment settings, the Entra-only setting and the
//! databases with their TDE state; and the managed instances. Each sub-call fails on its
//! own, so a denied call costs only the check that needed it.

use super::calls::{
    DIAGNOSTIC_SETTINGS, SQL_ADMINISTRATORS, SQL_AUDITING, SQL_DATABASE_TDE, SQL_DATABASES,
    SQL_ENCRYPTION_PROTECTOR, SQL_ENTRA_ONLY, SQL_FIREWALL_RULES, SQL_MANAGED_INSTANCES,
    SQL_SERVERS, SQL_THREAT_PROTECTION, SQL_VA_CLASSIC, SQL_VA_EXPRESS,
};
use super::json::Reader;
use super::{Collector, Source, monitor};
use crate::snapshot::monitor::DiagnosticSetting;
use crate::snapshot::sql::{
    AuditingSettings, ClassicVulnerabilityAssessment, EncryptionProtector, EntraOnlyAuthentication,
    ExpressVulnerabilityAssessment, FirewallRule, ManagedInstance, SqlAdministrator, SqlData,
    SqlDatabase, SqlServer, ThreatProtectionSettings, TransparentDataEncryption,
};
use crate::snapshot::{Fetched, eq_ci};

pub async fn collect(c: &Collector) -> SqlData {
    let wanted = [
        Source::SqlServers,
        Source::SqlEncryptionProtector,
        Source::SqlAuditing,
        Source::SqlAdministrators,
        Source::SqlThreatProtection,
        Source::SqlFirewallRules,
        Source::SqlVulnerabilityExpress,
        Source::SqlVulnerabilityClassic,
        Source::SqlEntraOnly,
        Source::SqlDatabases,
        Source::SqlDatabaseEncryption,
        Source::SqlMasterDiagnostics,
    ];
    let (servers, managed_instances) = tokio::join!(
        async {
            if !c.plan.wants_any(&wanted) {
                return Fetched::NotCollected;
            }
            let mut servers = c.list(&SQL_SERVERS, parse_server).await;
            if let Fetched::Ok(servers) = &mut servers {
                c.children(
                    servers,
                    async |server: &SqlServer| tokio::join!(details(c, server), more(c, server)),
                    store,
                )
                .await;
            }
            servers
        },
        async {
            if !c.plan.wants(Source::SqlManagedInstances) {
                return Fetched::NotCollected;
            }
            c.list(&SQL_MANAGED_INSTANCES, parse_managed_instance).await
        },
    );
    SqlData {
        servers,
        managed_instances,
    }
}

type Details = (
    Fetched<EncryptionProtector>,
    (Fetched<AuditingSettings>, Fetched<Vec<DiagnosticSetting>>),
    Fetched<Vec<SqlAdministrator>>,
    Fetched<ThreatProtectionSettings>,
);

/// The sub-calls of the checks after AZSQL-005.
struct More {
    firewall_rules: Fetched<Vec<FirewallRule>>,
    express: Fetched<ExpressVulnerabilityAssessment>,
    classic: Fetched<ClassicVulnerabilityAssessment>,
    entra_only: Fetched<EntraOnlyAuthentication>,
    databases: Fetched<Vec<SqlDatabase>>,
}

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
                return (Fetched::NotCollected, Fetched::NotCollected);
            }
            let auditing = c
                .get_under(&SQL_AUDITING, id, |r| AuditingSettings {
                    state: r.string("/properties/state"),
                    retention_days: r.number("/properties/retentionDays").map(|d| d as i64),
                    is_azure_monitor_target_enabled: r
                        .boolean("/properties/isAzureMonitorTargetEnabled"),
                    storage_endpoint: r.string("/properties/storageEndpoint"),
                    audit_actions_and_groups: r.strings("/properties/auditActionsAndGroups"),
                })
                .await;
            // Where Azure Monitor audit logs go is said only by `master`'s diagnostic
            // settings, and matters only while auditing sends them there.
            let to_monitor = auditing.ok().is_some_and(|a| {
                eq_ci(a.state.as_deref(), "Enabled")
                    && a.is_azure_monitor_target_enabled == Some(true)
            });
            if !(to_monitor && wanted(Source::SqlMasterDiagnostics)) {
                return (auditing, Fetched::NotCollected);
            }
            let master = format!("{}/databases/master", id.trim_end_matches('/'));
            let settings = c
                .list_under(
                    &DIAGNOSTIC_SETTINGS,
                    &master,
                    monitor::parse_diagnostic_setting,
                )
                .await;
            c.charge(&master, id);
            (auditing, settings)
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

async fn more(c: &Collector, server: &SqlServer) -> More {
    let id = server.id.as_str();
    let wanted = |source| c.plan.wants(source);
    let (firewall_rules, express, classic, entra_only, databases) = tokio::join!(
        async {
            // With public access off the rules admit nobody; the checks say so unread.
            let public_off = ["Disabled", "SecuredByPerimeter"]
                .iter()
                .any(|v| eq_ci(server.public_network_access.as_deref(), v));
            if !wanted(Source::SqlFirewallRules) || public_off {
                return Fetched::NotCollected;
            }
            c.list_under(&SQL_FIREWALL_RULES, id, parse_firewall_rule)
                .await
        },
        async {
            if !wanted(Source::SqlVulnerabilityExpress) {
                return Fetched::NotCollected;
            }
            c.get_under(&SQL_VA_EXPRESS, id, |r| ExpressVulnerabilityAssessment {
                state: r.string("/properties/state"),
            })
            .await
        },
        async {
            if !wanted(Source::SqlVulnerabilityClassic) {
                return Fetched::NotCollected;
            }
            c.get_under(&SQL_VA_CLASSIC, id, |r| ClassicVulnerabilityAssessment {
                storage_container_path: r.string("/properties/storageContainerPath"),
                recurring_scans_enabled: r.boolean("/properties/recurringScans/isEnabled"),
            })
            .await
        },
        async {
            if !wanted(Source::SqlEntraOnly) {
                return Fetched::NotCollected;
            }
            c.get_under(&SQL_ENTRA_ONLY, id, |r| EntraOnlyAuthentication {
                azure_ad_only_authentication: r.boolean("/properties/azureADOnlyAuthentication"),
            })
            .await
        },
        async {
            if !wanted(Source::SqlDatabases) && !wanted(Source::SqlDatabaseEncryption) {
                return Fetched::NotCollected;
            }
            let mut databases = c.list_under(&SQL_DATABASES, id, parse_database).await;
            if let Fetched::Ok(databases) = &mut databases
                && wanted(Source::SqlDatabaseEncryption)
            {
                c.children(
                    databases,
                    async |database: &SqlDatabase| {
                        // `master` is never judged, so its TDE state is not read.
                        if database.is_master() {
                            return Fetched::NotCollected;
                        }
                        c.get_under(&SQL_DATABASE_TDE, &database.id, |r| {
                            TransparentDataEncryption {
                                state: r.string("/properties/state"),
                            }
                        })
                        .await
                    },
                    |database, tde| database.transparent_data_encryption = tde,
                )
                .await;
            }
            databases
        },
    );
    More {
        firewall_rules,
        express,
        classic,
        entra_only,
        databases,
    }
}

fn store(
    server: &mut SqlServer,
    ((protector, (auditing, master), administrators, threat), more): (Details, More),
) {
    server.encryption_protector = protector;
    server.auditing = auditing;
    server.master_diagnostic_settings = master;
    server.administrators = administrators;
    server.threat_protection = threat;
    server.firewall_rules = more.firewall_rules;
    server.vulnerability_assessment_express = more.express;
    server.vulnerability_assessment_classic = more.classic;
    server.entra_only_authentication = more.entra_only;
    server.databases = more.databases;
}

pub(super) fn parse_server(r: &Reader) -> SqlServer {
    SqlServer {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        minimal_tls_version: r.string("/properties/minimalTlsVersion"),
        listed_administrator: r
            .object("/properties/administrators")
            .map(|a| parse_administrator(&a)),
        encryption_protector: Fetched::NotCollected,
        auditing: Fetched::NotCollected,
        administrators: Fetched::NotCollected,
        threat_protection: Fetched::NotCollected,
        firewall_rules: Fetched::NotCollected,
        vulnerability_assessment_express: Fetched::NotCollected,
        vulnerability_assessment_classic: Fetched::NotCollected,
        entra_only_authentication: Fetched::NotCollected,
        databases: Fetched::NotCollected,
        master_diagnostic_settings: Fetched::NotCollected,
    }
}

/// A server firewall rule (SQL, PostgreSQL and MySQL flexible servers alike).
pub(super) fn parse_firewall_rule(r: &Reader) -> FirewallRule {
    FirewallRule {
        name: r.string("/name").unwrap_or_default(),
        start_ip_address: r.string("/properties/startIpAddress"),
        end_ip_address: r.string("/properties/endIpAddress"),
    }
}

pub(super) fn parse_database(r: &Reader) -> SqlDatabase {
    SqlDatabase {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        transparent_data_encryption: Fetched::NotCollected,
    }
}

pub(super) fn parse_managed_instance(r: &Reader) -> ManagedInstance {
    ManagedInstance {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        public_data_endpoint_enabled: r.boolean("/properties/publicDataEndpointEnabled"),
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
