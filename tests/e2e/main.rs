//! End-to-end tests: azscan against an in-process ARM + Graph emulator, with
//! authentication through a fake `az` CLI. No test touches the network beyond
//! 127.0.0.1.

mod app_sql_monitor;
mod bad_input;
mod calls;
mod ci;
mod compliance;
mod data_storage;
mod databases;
mod defender;
mod demo;
mod doctor;
mod emulator_selftest;
mod entra;
mod faults;
mod foundation;
mod html;
mod identity;
mod monitor_app;
mod network;
mod network_compute;
mod pacing;
mod platform;
mod scope;
mod secrets;
mod settings;
mod support;

mod containers;
mod storage_data_plane;
mod workload_identity;
