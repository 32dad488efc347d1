//! Data Factory collector: factories at subscription scope.

use super::calls::DATA_FACTORIES;
use super::json::Reader;
use super::{Collector, Source, wanted};
use crate::snapshot::datafactory::{DataFactory, DataFactoryData};

pub async fn collect(c: &Collector) -> DataFactoryData {
    let factories = wanted::list(c, &[Source::DataFactories], &DATA_FACTORIES, parse_factory).await;
    DataFactoryData { factories }
}

pub(super) fn parse_factory(r: &Reader) -> DataFactory {
    DataFactory {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        encryption_vault_base_url: r.string("/properties/encryption/vaultBaseUrl"),
        encryption_key_name: r.string("/properties/encryption/keyName"),
    }
}
