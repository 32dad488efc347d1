//! Synapse Analytics checks (SYN-*).

mod syn_001_public_network_access;
mod syn_002_no_customer_key;

use super::Check;
use super::shape;
use crate::snapshot::synapse::SynapseWorkspace;

pub const CHECKS: &[Check] = &[
    syn_001_public_network_access::CHECK,
    syn_002_no_customer_key::CHECK,
];

shape::named_resource!(SynapseWorkspace, list: "the Synapse workspace list", called: "Synapse workspace");
