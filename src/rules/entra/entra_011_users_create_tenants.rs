//! ENTRA-011: non-admin users can create tenants.

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("entra", "ENTRA-011", sources: [GraphAuthorizationPolicy],
    run: |s, out| super::default_user_may(s, out, "allowedToCreateTenants", "create tenants",
        |p| p.allowed_to_create_tenants));
