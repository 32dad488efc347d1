//! Fuzzes `azscan::fuzzing::baseline`: no input may panic it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| azscan::fuzzing::baseline(data));
