//! Container Registry checks (ACR-*).

mod acr_001_admin_user_enabled;
mod acr_002_public_network_access;
mod acr_003_content_trust_disabled;
mod acr_004_defender_scanning_off;
mod acr_005_tag_immutability_manual;
mod acr_006_anonymous_pull;
mod acr_007_quarantine_policy;
mod acr_008_export_policy;
mod acr_009_data_endpoints;
mod acr_010_retention_policy;
mod acr_011_private_endpoint;
mod acr_012_image_vulnerabilities;

use super::shape;
use super::{Check, Verdicts};
use crate::snapshot::Fetched;
use crate::snapshot::acr::Registry;

pub const CHECKS: &[Check] = &[
    acr_001_admin_user_enabled::CHECK,
    acr_002_public_network_access::CHECK,
    acr_003_content_trust_disabled::CHECK,
    acr_004_defender_scanning_off::CHECK,
    acr_005_tag_immutability_manual::CHECK,
    acr_012_image_vulnerabilities::CHECK,
    acr_006_anonymous_pull::CHECK,
    acr_007_quarantine_policy::CHECK,
    acr_008_export_policy::CHECK,
    acr_009_data_endpoints::CHECK,
    acr_010_retention_policy::CHECK,
    acr_011_private_endpoint::CHECK,
];

shape::named_resource!(Registry, list: "the container registry list", called: "registry");

/// The Premium registries of the list: ACR-007…011 judge settings that exist only on
/// Premium, so other SKUs give no result (an unreadable list is still one ERROR).
fn premium<'a>(
    out: &mut Verdicts,
    list: &'a Fetched<Vec<Registry>>,
) -> impl Iterator<Item = &'a Registry> + use<'a> {
    shape::each(out, list).iter().filter(|r| r.is_premium())
}
