//! Azure Cache for Redis checks (REDIS-*).

mod redis_001_non_tls_port;
mod redis_002_minimum_tls;
mod redis_003_public_network_access;

use super::Check;
use super::shape;
use crate::snapshot::redis::RedisCache;

pub const CHECKS: &[Check] = &[
    redis_001_non_tls_port::CHECK,
    redis_002_minimum_tls::CHECK,
    redis_003_public_network_access::CHECK,
];

shape::named_resource!(RedisCache, list: "the Redis cache list", called: "Redis cache");
