//! API Management collector: services, then per service (concurrently) its APIs.

use super::calls::{APIM_APIS, APIM_SERVICES};
use super::json::Reader;
use super::{Collector, Source, logic, wanted};
use crate::snapshot::Fetched;
use crate::snapshot::apim::{ApimApi, ApimData, ApimService};

pub async fn collect(c: &Collector) -> ApimData {
    let wanted = [Source::ApiManagementServices, Source::ApiManagementApis];
    let mut services = wanted::list(c, &wanted, &APIM_SERVICES, parse_service).await;
    wanted::children(
        c,
        &mut services,
        Source::ApiManagementApis,
        |_| true,
        async |service: &ApimService| c.list_under(&APIM_APIS, &service.id, parse_api).await,
        |service, apis| service.apis = apis,
    )
    .await;
    ApimData { services }
}

pub(super) fn parse_service(r: &Reader) -> ApimService {
    // Values are "true"/"false" text; a JSON boolean is read as text too.
    let custom_properties = logic::entries(r, "/properties/customProperties")
        .into_iter()
        .filter_map(|(key, pointer)| r.text(&pointer).map(|value| (key, value)))
        .collect();
    ApimService {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        sku_name: r.string("/sku/name"),
        custom_properties,
        created_at_utc: r.string("/properties/createdAtUtc"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        virtual_network_type: r.string("/properties/virtualNetworkType"),
        apis: Fetched::NotCollected,
    }
}

pub(super) fn parse_api(r: &Reader) -> ApimApi {
    ApimApi {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        display_name: r.string("/properties/displayName"),
        protocols: r.strings("/properties/protocols"),
    }
}
