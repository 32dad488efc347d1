//! ENTRA-021: no enabled Conditional Access policy requiring MFA for Azure management.

use super::ca::{Grant, Requirement, Users};
use crate::rules::check;

/// Windows Azure Service Management API.
const AZURE_MANAGEMENT: &str = "797f4846-ba00-4fd7-ba43-dac1f8f63013";

const MANAGEMENT_MFA: Requirement = Requirement {
    application: Some(AZURE_MANAGEMENT),
    users: Users::All,
    grant: Grant::Mfa,
    transfer_method: None,
    what: "requires MFA for all users signing in to Azure management (Windows Azure Service Management API)",
};

pub const CHECK: crate::rules::Check = check!("entra", "ENTRA-021", sources: [GraphConditionalAccess],
    run: |s, out| super::require(s, out, &MANAGEMENT_MFA));
