//! Data Factory checks (ADF-*).

mod adf_001_public_network_access;
mod adf_002_no_customer_key;

use super::Check;
use super::shape;
use crate::snapshot::datafactory::DataFactory;

pub const CHECKS: &[Check] = &[
    adf_001_public_network_access::CHECK,
    adf_002_no_customer_key::CHECK,
];

shape::named_resource!(DataFactory, list: "the data factory list", called: "data factory");
