//! Azure Cosmos DB account checks (COSMOS-*).

mod cosmos_001_public_network_access;
mod cosmos_002_all_networks;
mod cosmos_003_key_authentication;
mod cosmos_004_customer_managed_key;
mod cosmos_005_private_endpoint;

use super::Check;
use super::shape;
use crate::snapshot::cosmos::CosmosAccount;

pub const CHECKS: &[Check] = &[
    cosmos_001_public_network_access::CHECK,
    cosmos_002_all_networks::CHECK,
    cosmos_003_key_authentication::CHECK,
    cosmos_004_customer_managed_key::CHECK,
    cosmos_005_private_endpoint::CHECK,
];

shape::named_resource!(CosmosAccount, list: "the Cosmos DB account list",
    called: "Cosmos DB account");
