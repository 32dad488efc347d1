//! Fuzzes `azscan::fuzzing::config`: no input may panic it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| azscan::fuzzing::config(data));
