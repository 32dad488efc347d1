//! Container Registry checks (ACR-*).

mod acr_001_admin_user_enabled;
mod acr_002_public_network_access;
mod acr_003_content_trust_disabled;
mod acr_004_defender_scanning_off;
mod acr_005_tag_immutability_manual;
mod acr_012_image_vulnerabilities;

use super::Check;
use super::shape;
use crate::snapshot::acr::Registry;

pub const CHECKS: &[Check] = &[
    acr_001_admin_user_enabled::CHECK,
    acr_002_public_network_access::CHECK,
    acr_003_content_trust_disabled::CHECK,
    acr_004_defender_scanning_off::CHECK,
    acr_005_tag_immutability_manual::CHECK,
    acr_012_image_vulnerabilities::CHECK,
];

shape::named_resource!(Registry, list: "the container registry list", called: "registry");
