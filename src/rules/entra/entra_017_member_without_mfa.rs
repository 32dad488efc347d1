//! ENTRA-017: member (non-admin) users not registered for MFA.

use crate::rules::check;
use crate::snapshot::eq_ci;

pub const CHECK: crate::rules::Check = check!("entra", "ENTRA-017", sources: [GraphRegistrationDetails],
    run: |s, out| super::entra_016_admin_without_mfa::judge_registration(s, out,
        // The report writes `member`/`guest` in lower case; compare either way.
        |u| u.is_admin == Some(false) && eq_ci(u.user_type.as_deref(), "member"),
        "member user"));
