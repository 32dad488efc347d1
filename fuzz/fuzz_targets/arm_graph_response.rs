//! Fuzzes `azscan::fuzzing::arm_graph_response`: no input may panic it.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| azscan::fuzzing::arm_graph_response(data));
