//! azscan as a library: the engine behind the binary, so tests can drive every layer
//! (collection, snapshot, checks, reports) without spawning the program.

pub mod arm;
pub mod auth;
pub mod baseline;
pub mod cli;
pub mod cloud;
pub mod collect;
pub mod compliance;
#[doc(hidden)]
pub mod fuzzing;
pub mod report;
pub mod rules;
pub mod scan;
pub mod snapshot;
pub mod suppress;
