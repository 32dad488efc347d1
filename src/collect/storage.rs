//! Storage collector: the subscription's accounts, each blob-capable account's
//! lifecycle management policy, and per account the blob and file service objects and
//! the blob, queue and table services' diagnostic settings, each read once and only
//! for the kinds that offer that service; and, when `storage.classic_logging` turns on
//! DP-1, each such service's classic Storage Analytics logging on the account's own
//! data-plane host (`primaryEndpoints.*`), whose answer is XML.

use super::calls::{
    Call, STORAGE_ACCOUNTS, STORAGE_BLOB_DIAGNOSTICS, STORAGE_BLOB_PROPERTIES,
    STORAGE_BLOB_SERVICE, STORAGE_FILE_SERVICE, STORAGE_LIFECYCLE_POLICY,
    STORAGE_QUEUE_DIAGNOSTICS, STORAGE_QUEUE_PROPERTIES, STORAGE_TABLE_DIAGNOSTICS,
    STORAGE_TABLE_PROPERTIES,
};
use super::json::Reader;
use super::{Collector, Source, monitor};
use crate::snapshot::Fetched;
use crate::snapshot::monitor::DiagnosticSetting;
use crate::snapshot::storage::{
    BlobService, ClassicLogging, FileService, KeyPolicy, LifecyclePolicy, LifecycleRule,
    NetworkAcls, PrimaryEndpoints, SasPolicy, Service, StorageAccount, StorageData,
};

pub async fn collect(c: &Collector) -> StorageData {
    let wanted = [
        Source::StorageAccounts,
        Source::StorageLifecycle,
        Source::StorageBlobService,
        Source::StorageFileService,
        Source::StorageBlobDiagnostics,
        Source::StorageQueueDiagnostics,
        Source::StorageTableDiagnostics,
        Source::StorageBlobLogging,
        Source::StorageQueueLogging,
        Source::StorageTableLogging,
    ];
    if !c.plan.wants_any(&wanted) {
        return StorageData::default();
    }
    let mut accounts = c.list(&STORAGE_ACCOUNTS, parse_account).await;
    if let Fetched::Ok(accounts) = &mut accounts {
        c.children(
            accounts,
            async |account: &StorageAccount| details(c, account).await,
            store,
        )
        .await;
    }
    StorageData { accounts }
}

type Diagnostics = Fetched<Vec<DiagnosticSetting>>;

/// Everything read per account, each part only when a selected check needs it and
/// the account's kind offers the service.
struct Details {
    lifecycle_policy: Fetched<Option<LifecyclePolicy>>,
    blob_service: Fetched<BlobService>,
    file_service: Fetched<FileService>,
    blob_diagnostics: Diagnostics,
    queue_diagnostics: Diagnostics,
    table_diagnostics: Diagnostics,
    blob_logging: Fetched<ClassicLogging>,
    queue_logging: Fetched<ClassicLogging>,
    table_logging: Fetched<ClassicLogging>,
}

async fn details(c: &Collector, account: &StorageAccount) -> Details {
    let wanted = |source, service| c.plan.wants(source) && account.offers(service);
    let (lifecycle_policy, blob_service, file_service) = tokio::join!(
        async {
            if !c.plan.wants(Source::StorageLifecycle) {
                return Fetched::NotCollected;
            }
            lifecycle_policy(c)(account).await
        },
        async {
            if !wanted(Source::StorageBlobService, Service::Blob) {
                return Fetched::NotCollected;
            }
            c.get_under(&STORAGE_BLOB_SERVICE, &account.id, parse_blob_service)
                .await
        },
        async {
            if !wanted(Source::StorageFileService, Service::File) {
                return Fetched::NotCollected;
            }
            c.get_under(&STORAGE_FILE_SERVICE, &account.id, parse_file_service)
                .await
        },
    );
    let diagnostics = async |source, service, call: &Call| -> Diagnostics {
        if !wanted(source, service) {
            return Fetched::NotCollected;
        }
        c.list_under(call, &account.id, monitor::parse_diagnostic_setting)
            .await
    };
    let (blob_diagnostics, queue_diagnostics, table_diagnostics) = tokio::join!(
        diagnostics(
            Source::StorageBlobDiagnostics,
            Service::Blob,
            &STORAGE_BLOB_DIAGNOSTICS
        ),
        diagnostics(
            Source::StorageQueueDiagnostics,
            Service::Queue,
            &STORAGE_QUEUE_DIAGNOSTICS
        ),
        diagnostics(
            Source::StorageTableDiagnostics,
            Service::Table,
            &STORAGE_TABLE_DIAGNOSTICS
        ),
    );
    let logging = async |source, service, call: &Call| -> Fetched<ClassicLogging> {
        if !wanted(source, service) {
            return Fetched::NotCollected;
        }
        let endpoint = account.primary_endpoints.of(service);
        c.get_in_storage(call, endpoint, &account.id, parse_logging)
            .await
    };
    let (blob_logging, queue_logging, table_logging) = tokio::join!(
        logging(
            Source::StorageBlobLogging,
            Service::Blob,
            &STORAGE_BLOB_PROPERTIES
        ),
        logging(
            Source::StorageQueueLogging,
            Service::Queue,
            &STORAGE_QUEUE_PROPERTIES
        ),
        logging(
            Source::StorageTableLogging,
            Service::Table,
            &STORAGE_TABLE_PROPERTIES
        ),
    );
    Details {
        lifecycle_policy,
        blob_service,
        file_service,
        blob_diagnostics,
        queue_diagnostics,
        table_diagnostics,
        blob_logging,
        queue_logging,
        table_logging,
    }
}

/// The first child element of `node` named `name`.
fn child<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

/// `StorageServiceProperties/Logging` of a Get Service Properties answer. The
/// booleans are `true`/`false` in any case; a missing `Logging` element means nothing
/// is logged. An answer that is not that document is an error.
pub(super) fn parse_logging(xml: &str) -> Result<ClassicLogging, String> {
    // A byte-order mark is legal before the XML declaration; the parser rejects it.
    let xml = xml.trim_start_matches('\u{feff}');
    let document =
        roxmltree::Document::parse(xml).map_err(|e| format!("the answer is not XML: {e}"))?;
    let root = document.root_element();
    if root.tag_name().name() != "StorageServiceProperties" {
        return Err(format!(
            "the answer is <{}>, not <StorageServiceProperties>",
            root.tag_name().name()
        ));
    }
    let Some(logging) = child(root, "Logging") else {
        return Ok(ClassicLogging::default());
    };
    let text = |name: &str| {
        child(logging, name)
            .and_then(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
    };
    let flag = |name: &str| -> Result<Option<bool>, String> {
        match text(name) {
            None => Ok(None),
            Some(t) if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(t) if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(t) => Err(format!("Logging/{name} is '{t}', not true or false")),
        }
    };
    Ok(ClassicLogging {
        version: text("Version").map(str::to_string),
        read: flag("Read")?,
        write: flag("Write")?,
        delete: flag("Delete")?,
    })
}

fn store(account: &mut StorageAccount, details: Details) {
    account.lifecycle_policy = details.lifecycle_policy;
    account.blob_service = details.blob_service;
    account.file_service = details.file_service;
    account.blob_diagnostic_settings = details.blob_diagnostics;
    account.queue_diagnostic_settings = details.queue_diagnostics;
    account.table_diagnostic_settings = details.table_diagnostics;
    account.blob_logging = details.blob_logging;
    account.queue_logging = details.queue_logging;
    account.table_logging = details.table_logging;
}

pub(super) fn parse_account(r: &Reader) -> StorageAccount {
    StorageAccount {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        kind: r.string("/kind"),
        sku: r.string("/sku/name"),
        allow_blob_public_access: r.boolean("/properties/allowBlobPublicAccess"),
        supports_https_traffic_only: r.boolean("/properties/supportsHttpsTrafficOnly"),
        encryption_key_source: r.string("/properties/encryption/keySource"),
        minimum_tls_version: r.string("/properties/minimumTlsVersion"),
        allow_shared_key_access: r.boolean("/properties/allowSharedKeyAccess"),
        key1_created: r.time("/properties/keyCreationTime/key1"),
        key2_created: r.time("/properties/keyCreationTime/key2"),
        lifecycle_policy: Fetched::NotCollected,
        require_infrastructure_encryption: r
            .boolean("/properties/encryption/requireInfrastructureEncryption"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        network_acls: r.object("/properties/networkAcls").map(|acls| NetworkAcls {
            default_action: acls.string("/defaultAction"),
            bypass: acls.string("/bypass"),
            ip_rules: acls.items("/ipRules").len(),
            virtual_network_rules: acls.items("/virtualNetworkRules").len(),
        }),
        allow_cross_tenant_replication: r.boolean("/properties/allowCrossTenantReplication"),
        sas_policy: r.object("/properties/sasPolicy").map(|sas| SasPolicy {
            sas_expiration_period: sas.string("/sasExpirationPeriod"),
            expiration_action: sas.string("/expirationAction"),
        }),
        key_policy: r.object("/properties/keyPolicy").map(|key| KeyPolicy {
            key_expiration_period_in_days: key.number("/keyExpirationPeriodInDays"),
        }),
        private_endpoint_statuses: r
            .items("/properties/privateEndpointConnections")
            .iter()
            .map(|c| c.string("/properties/privateLinkServiceConnectionState/status"))
            .collect(),
        default_to_oauth_authentication: r.boolean("/properties/defaultToOAuthAuthentication"),
        primary_endpoints: PrimaryEndpoints {
            blob: r
                .string("/properties/primaryEndpoints/blob")
                .map(bare_endpoint),
            queue: r
                .string("/properties/primaryEndpoints/queue")
                .map(bare_endpoint),
            table: r
                .string("/properties/primaryEndpoints/table")
                .map(bare_endpoint),
        },
        ..StorageAccount::default()
    }
}

/// A service endpoint without query, fragment or user info: an endpoint is only a host,
/// and anything after it (a SAS signature, by mistake) must not reach the snapshot.
fn bare_endpoint(text: String) -> String {
    match reqwest::Url::parse(text.trim()) {
        Ok(mut url) => {
            url.set_query(None);
            url.set_fragment(None);
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        Err(_) => text
            .split(['?', '#', '@'])
            .next()
            .unwrap_or_default()
            .to_string(),
    }
}

pub(super) fn parse_blob_service(r: &Reader) -> BlobService {
    BlobService {
        delete_retention_enabled: r.boolean("/properties/deleteRetentionPolicy/enabled"),
        delete_retention_days: r.number("/properties/deleteRetentionPolicy/days"),
        container_delete_retention_enabled: r
            .boolean("/properties/containerDeleteRetentionPolicy/enabled"),
        container_delete_retention_days: r
            .number("/properties/containerDeleteRetentionPolicy/days"),
        is_versioning_enabled: r.boolean("/properties/isVersioningEnabled"),
    }
}

pub(super) fn parse_file_service(r: &Reader) -> FileService {
    FileService {
        share_delete_retention_enabled: r.boolean("/properties/shareDeleteRetentionPolicy/enabled"),
        share_delete_retention_days: r.number("/properties/shareDeleteRetentionPolicy/days"),
        smb_versions: r.string("/properties/protocolSettings/smb/versions"),
        smb_channel_encryption: r.string("/properties/protocolSettings/smb/channelEncryption"),
    }
}

/// `managementPolicies/default` of blob-capable accounts; the table says a 404 means
/// the account has no policy (`Ok(None)`).
fn lifecycle_policy(
    c: &Collector,
) -> impl AsyncFn(&StorageAccount) -> Fetched<Option<LifecyclePolicy>> {
    async move |account: &StorageAccount| {
        if !account.holds_blobs() {
            return Fetched::NotCollected;
        }
        c.get_under(&STORAGE_LIFECYCLE_POLICY, &account.id, |r| {
            Some(parse_policy(r))
        })
        .await
    }
}

pub(super) fn parse_policy(r: &Reader) -> LifecyclePolicy {
    let rules = r
        .items("/properties/policy/rules")
        .iter()
        .map(|rule| {
            let delete = "/definition/actions/baseBlob/delete";
            let delete_after = [
                "daysAfterModificationGreaterThan",
                "daysAfterCreationGreaterThan",
                "daysAfterLastAccessTimeGreaterThan",
            ]
            .iter()
            .filter_map(|field| rule.number(&format!("{delete}/{field}")))
            .reduce(f64::min);
            LifecycleRule {
                name: rule.string("/name").unwrap_or_default(),
                enabled: rule.boolean("/enabled"),
                prefix_match: rule.strings("/definition/filters/prefixMatch"),
                delete_base_blob_after_days: delete_after,
            }
        })
        .collect();
    LifecyclePolicy { rules }
}

#[cfg(test)]
mod tests {
    use super::{bare_endpoint, parse_logging};

    #[test]
    fn endpoints_keep_only_scheme_host_and_path() {
        assert_eq!(
            bare_endpoint("https://st.blob.core.windows.net/?sv=1&sig=SECRET".into()),
            "https://st.blob.core.windows.net/"
        );
        assert_eq!(
            bare_endpoint("https://user:pw@st.queue.core.windows.net/#x".into()),
            "https://st.queue.core.windows.net/"
        );
        assert_eq!(bare_endpoint("not a url?sig=SECRET".into()), "not a url");
    }

    #[test]
    fn classic_logging_is_read_from_the_service_properties() {
        let xml = "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?><StorageServiceProperties><Logging><Version>1.0</Version><Read>true</Read><Write>True</Write><Delete>false</Delete><RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></Logging><HourMetrics><Enabled>true</Enabled></HourMetrics></StorageServiceProperties>";
        let logging = parse_logging(xml).unwrap();
        assert_eq!(logging.version.as_deref(), Some("1.0"));
        assert_eq!(
            (logging.read, logging.write, logging.delete),
            (Some(true), Some(true), Some(false))
        );
        assert_eq!(logging.missing(), ["Delete"]);
        // No Logging element: nothing is logged.
        let bare = parse_logging("<StorageServiceProperties/>").unwrap();
        assert_eq!(bare.missing(), ["Read", "Write", "Delete"]);
    }

    #[test]
    fn answers_that_are_not_service_properties_are_errors() {
        assert!(parse_logging("{\"value\": []}").is_err());
        assert!(parse_logging("<Error><Code>X</Code></Error>").is_err());
        let odd = parse_logging(
            "<StorageServiceProperties><Logging><Read>yes</Read></Logging></StorageServiceProperties>",
        )
        .unwrap_err();
        assert!(odd.contains("Logging/Read is 'yes'"), "{odd}");
    }
}
