//! Network checks (AZNW-*), with the effective NSG evaluator they share.

mod aznw_001_internet_ssh_rdp;
mod aznw_002_no_flow_logs;
mod aznw_003_gateway_without_waf;
mod aznw_004_no_explicit_deny_all;
mod aznw_005_public_ip_on_vm_nic;
mod nsg_eval;

use super::Check;

pub const CHECKS: &[Check] = &[
    aznw_001_internet_ssh_rdp::CHECK,
    aznw_002_no_flow_logs::CHECK,
    aznw_003_gateway_without_waf::CHECK,
    aznw_004_no_explicit_deny_all::CHECK,
    aznw_005_public_ip_on_vm_nic::CHECK,
];

/// The last segment of an ARM ID: the resource's name.
fn name_of(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}
