//! Logic Apps checks (LOGIC-*): Consumption workflows (Standard Logic Apps are App
//! Service sites, judged by AZAPP).

mod logic_001_open_request_trigger;

use super::Check;
use super::shape;
use crate::snapshot::logic::Workflow;

pub const CHECKS: &[Check] = &[logic_001_open_request_trigger::CHECK];

shape::named_resource!(Workflow, list: "the Logic Apps workflow list", called: "workflow");
