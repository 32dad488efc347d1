//! Distribution: the GitHub Action's scripts against a stub release, the binary's
//! completions, man page and version, and the Dockerfile's rules (hadolint is not
//! packaged for Debian, so the checks it would make that matter here are made in
//! `container`).

mod action;
mod cli;
mod container;
mod release;
