//! End-to-end tests: azscan against an in-process ARM + Graph emulator, with
//! authentication through a fake `az` CLI. No test touches the network beyond
//! 127.0.0.1.

mod app_sql_monitor;
mod bad_input;
mod ci;
mod demo;
mod emulator_selftest;
mod entra;
mod foundation;
mod network;
mod secrets;
mod support;
