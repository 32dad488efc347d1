//! ENTRA-022: no enabled Conditional Access policy requiring MFA for Microsoft admin portals.

use super::ca::{Grant, Requirement, Users};
use crate::rules::check;

const ADMIN_PORTALS_MFA: Requirement = Requirement {
    application: Some("MicrosoftAdminPortals"),
    users: Users::AllOrPrivilegedRoles,
    grant: Grant::Mfa,
    transfer_method: None,
    what: "requires MFA for all users (or privileged directory roles) signing in to Microsoft admin portals",
};

pub const CHECK: crate::rules::Check = check!("entra", "ENTRA-022", sources: [GraphConditionalAccess],
    run: |s, out| super::require(s, out, &ADMIN_PORTALS_MFA));
