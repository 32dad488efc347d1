//! The installed binary's own distribution commands: `azscan completions <shell>`,
//! `azscan man` (the committed page) and `azscan --version` (the release's version).

use std::process::Command;

fn azscan(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_azscan"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn completions_are_printed_for_each_shell() {
    for (shell, opening) in [
        ("bash", "_azscan() {"),
        ("zsh", "#compdef azscan"),
        ("fish", "function __fish_azscan_global_optspecs"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'azscan'",
        ),
        ("elvish", "set edit:completion:arg-completer[azscan]"),
    ] {
        let (code, script) = azscan(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(script.contains(opening), "{shell}: {script}");
        assert!(script.contains("subscription-id"), "{shell}");
    }
    let (code, _) = azscan(&["completions", "tcsh"]);
    assert_eq!(code, 2, "an unknown shell is a usage error");
}

#[test]
fn man_prints_the_committed_page_and_version_the_release() {
    let (code, page) = azscan(&["man"]);
    assert_eq!(code, 0);
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/man/azscan.1")).unwrap();
    assert_eq!(page, committed);
    let (code, version) = azscan(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        version.trim(),
        format!("azscan {}", env!("CARGO_PKG_VERSION"))
    );
}
