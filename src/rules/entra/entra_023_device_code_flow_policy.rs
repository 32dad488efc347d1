//! ENTRA-023: no enabled Conditional Access policy blocking the device code flow.

use super::ca::{Grant, Requirement, Users};
use crate::rules::check;

const BLOCK_DEVICE_CODE: Requirement = Requirement {
    application: None,
    users: Users::All,
    grant: Grant::Block,
    transfer_method: Some("deviceCodeFlow"),
    what: "blocks the device code flow for all users and all applications",
};

pub const CHECK: crate::rules::Check = check!("entra", "ENTRA-023", sources: [GraphConditionalAccess],
    run: |s, out| super::require(s, out, &BLOCK_DEVICE_CODE));
