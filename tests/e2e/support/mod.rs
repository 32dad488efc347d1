//! Shared harness for azscan's end-to-end tests: the ARM + Graph emulator, the fake
//! `az` CLI that hands out its tokens, and a runner for the azscan binary.

// Scenario modules pick the helpers they need; not every helper has a caller in
// every state of the suite.
#![allow(dead_code)]

pub mod checks;
pub mod emulator;
pub mod estate;
pub mod fake_az;
pub mod faults;
pub mod live;
pub mod patch;
pub mod run;
pub mod scenario;
pub mod subscriptions;
pub mod throttle;
