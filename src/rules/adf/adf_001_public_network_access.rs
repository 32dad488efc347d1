//! ADF-001: data factories reachable from public networks (absent setting = Enabled).

use crate::rules::check;
use crate::rules::shape::exposure::{self, Exposure};

pub const CHECK: crate::rules::Check = check!("adf", "ADF-001", sources: [DataFactories],
    run: |s, out| exposure::judge_each(out, &s.datafactory.factories,
        |f| Exposure::access(f.public_network_access.as_deref())));
