//! Generates one test per check fixture (`fixtures/checks/<svc>/<ID>.json`), so that
//! `cargo test azst_012` runs exactly that check's cases, hand-written and generated.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let fixtures = Path::new("fixtures/checks");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let mut ids = Vec::new();
    for service in std::fs::read_dir(fixtures).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(service.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "json")
                && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
            {
                ids.push(stem.to_string());
            }
        }
    }
    ids.sort();
    let mut tests = String::new();
    for id in ids {
        let name = id.to_lowercase().replace(['-', '.'], "_");
        // The fixture's name is only trusted as an identifier once it looks like one.
        if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let _ = writeln!(
                tests,
                "#[test]\nfn {name}() {{\n    run_fixture({id:?});\n}}"
            );
        }
    }
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    std::fs::write(Path::new(&out).join("check_fixture_tests.rs"), tests)
        .expect("OUT_DIR is writable");
}
