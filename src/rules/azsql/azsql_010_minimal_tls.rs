//! AZSQL-010: SQL servers accepting TLS below 1.2 (`minimalTlsVersion`; `None` accepts any).

use crate::rules::check;
use crate::rules::shape::property;
use crate::rules::shape::version::{Spelling, parse};

pub const CHECK: crate::rules::Check = check!("azsql", "AZSQL-010", sources: [SqlServers],
run: |s, out| property::judge_each(out, &s.sql.servers, "minimalTlsVersion",
    |server| server.minimal_tls_version.as_deref(), "not set", |value| {
        // `1.2`, or written with a prefix (`TLS1_2`): both are version 1.2.
        value
            .and_then(|v| parse(v, Spelling::Number).or_else(|| parse(v, Spelling::TlsPrefixed)))
            .is_some_and(|version| version >= (1, 2))
    }));
