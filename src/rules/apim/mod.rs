//! API Management checks (APIM-*).

mod apim_001_weak_protocols;
mod apim_002_public_gateway;
mod apim_003_plain_http_apis;

use super::Check;
use super::shape;
use crate::snapshot::apim::ApimService;

pub const CHECKS: &[Check] = &[
    apim_001_weak_protocols::CHECK,
    apim_002_public_gateway::CHECK,
    apim_003_plain_http_apis::CHECK,
];

shape::named_resource!(ApimService, list: "the API Management service list", called: "API Management service");
