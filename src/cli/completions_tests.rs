//! Walks clap's command tree so that every command, flag and value azscan accepts (today's
//! and any added later) must have help text, must be offered by every shell's completion
//! script in its command's place, and must be in the manual page under its command; and
//! keeps docs/man/azscan.1 equal to `azscan man` (`AZSCAN_BLESS=1` rewrites it).

use super::*;
use clap::{Arg, Command};
use std::path::PathBuf;

const BLESS_HINT: &str =
    "run `AZSCAN_BLESS=1 cargo test --lib man_page` to regenerate docs/man/azscan.1";

/// Every command a user can type, as its path (`["azscan"]`, `["azscan", "scan"]`, …).
fn commands() -> Vec<(Vec<String>, Command)> {
    fn walk(command: &Command, path: Vec<String>, found: &mut Vec<(Vec<String>, Command)>) {
        found.push((path.clone(), command.clone()));
        for sub in documented_subcommands(command) {
            let mut sub_path = path.clone();
            sub_path.push(sub.get_name().to_string());
            walk(sub, sub_path, found);
        }
    }
    let mut root = Cli::command();
    root.build();
    let mut found = Vec::new();
    walk(&root, vec!["azscan".to_string()], &mut found);
    assert!(found.len() > 5, "the walk found {} commands", found.len());
    found
}

fn arguments(command: &Command) -> impl Iterator<Item = &Arg> {
    command.get_arguments().filter(|arg| !arg.is_hide_set())
}

fn values(arg: &Arg) -> Vec<String> {
    arg.get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect()
}

#[test]
fn every_command_and_argument_has_help_text() {
    for (path, command) in commands() {
        let path = path.join(" ");
        assert!(
            command
                .get_about()
                .is_some_and(|a| !a.to_string().trim().is_empty()),
            "`{path}` has no description"
        );
        for arg in arguments(&command) {
            assert!(
                arg.get_help()
                    .is_some_and(|h| !h.to_string().trim().is_empty()),
                "`{path}` argument {} has no help text",
                arg.get_id()
            );
        }
    }
}

/// The part of `script` that completes the command at `path`.
fn block(shell: Shell, script: &str, path: &[String]) -> String {
    let between = |start: &str, end: &str| -> String {
        let from = script
            .find(start)
            .unwrap_or_else(|| panic!("{shell}: no `{start}` for {path:?}"));
        let rest = &script[from..];
        let to = rest[start.len()..]
            .find(end)
            .map_or(rest.len(), |i| i + start.len());
        rest[..to].to_string()
    };
    match shell {
        Shell::Bash => between(
            &format!("\n        {})\n", path.join("__subcmd__")),
            "\n            ;;\n",
        ),
        Shell::Fish => {
            let condition = match path {
                [_] => "\"__fish_azscan_needs_command\"".to_string(),
                _ => format!("\"__fish_azscan_using_subcommand {}\"", path[1..].join(" ")),
            };
            // One `complete` command each, some spanning lines (values with descriptions).
            script
                .split("\ncomplete ")
                .filter(|command| command.contains(&condition))
                .collect::<Vec<_>>()
                .join("\n")
        }
        Shell::PowerShell => between(&format!("'{}' {{", path.join(";")), "break"),
        Shell::Elvish => between(&format!("&'{}'= {{", path.join(";")), "}"),
        Shell::Zsh => {
            // The root's options come first, then one `(name)` case per subcommand (the
            // first of a case list indented), each ending at `;;`; nested ones follow.
            let case = match path {
                [_] => None,
                _ => Some(format!("({})", path[1..].join(" "))),
            };
            let mut lines = script.lines().skip_while(|line| match &case {
                None => !line.starts_with("_azscan() {"),
                Some(case) => line.trim() != case,
            });
            let mut found = Vec::new();
            for line in lines.by_ref() {
                if line == ";;" || (case.is_none() && line.trim() == "case $line[1] in") {
                    break;
                }
                found.push(line);
            }
            assert!(!found.is_empty(), "zsh: nothing for {path:?}");
            found.join("\n")
        }
        _ => panic!("no block reader for {shell}"),
    }
}

/// How `shell`'s script names a flag.
fn offers_flag(shell: Shell, block: &str, arg: &Arg) -> bool {
    let long = arg.get_long().map(|long| match shell {
        Shell::Fish => block.contains(&format!(" -l {long}")),
        Shell::PowerShell => block.contains(&format!("::new('--{long}'")),
        Shell::Elvish => block.contains(&format!("cand --{long} ")),
        _ => block.contains(&format!("--{long}")),
    });
    let short = arg.get_short().map(|short| match shell {
        Shell::Fish => block.contains(&format!(" -s {short}")),
        Shell::PowerShell => block.contains(&format!("::new('-{short}'")),
        Shell::Elvish => block.contains(&format!("cand -{short} ")),
        Shell::Zsh => ["'", ")", "*"]
            .iter()
            .any(|before| block.contains(&format!("{before}-{short}"))),
        _ => block.contains(&format!(" -{short} ")) || block.contains(&format!("\"-{short} ")),
    });
    long.unwrap_or(true) && short.unwrap_or(true)
}

#[test]
fn every_shell_completes_every_subcommand_flag_and_value() {
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let script = completion_script(shell);
        for (path, command) in commands() {
            let block = block(shell, &script, &path);
            for sub in documented_subcommands(&command) {
                let offered = match shell {
                    // zsh lists subcommands in a function of their own.
                    Shell::Zsh => script.contains(&format!("'{}:", sub.get_name())),
                    _ => block.contains(sub.get_name()),
                };
                assert!(
                    offered,
                    "{shell}: `{}` does not offer subcommand {}",
                    path.join(" "),
                    sub.get_name()
                );
            }
            for arg in arguments(&command) {
                if !arg.is_positional() {
                    assert!(
                        offers_flag(shell, &block, arg),
                        "{shell}: `{}` does not offer {}",
                        path.join(" "),
                        arg.get_id()
                    );
                }
                // Values are completed by bash and zsh; fish does so for options only,
                // PowerShell and elvish not at all.
                let completes_values = match shell {
                    Shell::Bash | Shell::Zsh => true,
                    Shell::Fish => !arg.is_positional(),
                    _ => false,
                };
                for value in values(arg).iter().filter(|_| completes_values) {
                    assert!(
                        block.contains(value.as_str()),
                        "{shell}: `{}` does not offer {value} for {}",
                        path.join(" "),
                        arg.get_id()
                    );
                }
            }
        }
    }
}

/// roff spells `-` as `\-`, and clap_mangen `'` as `\*(Aq`.
fn roff(text: &str) -> String {
    text.replace('-', "\\-").replace('\'', "\\*(Aq")
}

/// The part of the page about the command at `path`.
fn man_section(page: &str, path: &[String]) -> String {
    match path {
        [_] => page[..page.find(".SH \"AZSCAN ").unwrap()].to_string(),
        _ => {
            let heading = format!(".SH \"AZSCAN {}\"\n", path[1..].join(" ").to_uppercase());
            let start = page
                .find(&heading)
                .unwrap_or_else(|| panic!("the man page has no {heading}"));
            let rest = &page[start + heading.len()..];
            rest[..rest.find("\n.SH ").unwrap_or(rest.len())].to_string()
        }
    }
}

#[test]
fn man_page_documents_every_command_flag_and_value() {
    let page = man_page();
    for (path, command) in commands() {
        let section = man_section(&page, &path);
        let name = path.join(" ");
        let about = command.get_about().unwrap().to_string();
        assert!(section.contains(&roff(&about)), "`{name}`: no description");
        assert!(
            section.contains(&format!("\\fB{name}\\fR")),
            "`{name}`: no synopsis"
        );
        for arg in arguments(&command) {
            let mut needles = Vec::new();
            if let Some(long) = arg.get_long() {
                needles.push(format!("\\fB\\-\\-{}\\fR", roff(long)));
            }
            if let Some(short) = arg.get_short() {
                needles.push(format!("\\fB\\-{short}\\fR"));
            }
            if arg.is_positional() {
                let value_name = arg.get_value_names().unwrap()[0].to_string();
                // clap_mangen brackets an optional positional the way usage lines do.
                let (open, close) = if arg.is_required_set() {
                    ("<", ">")
                } else {
                    ("[", "]")
                };
                needles.push(format!("{open}\\fI{value_name}\\fR{close}"));
            }
            // The page uses the long help where there is one.
            let help = arg.get_long_help().or(arg.get_help()).unwrap().to_string();
            needles.push(roff(help.lines().next().unwrap()));
            needles.extend(values(arg).iter().map(|v| roff(v)));
            for needle in needles {
                assert!(
                    section.contains(&needle),
                    "`{name}` {}: the man page lacks {needle}",
                    arg.get_id()
                );
            }
        }
    }
}

#[test]
fn docs_man_page_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/man/azscan.1");
    let wanted = man_page();
    if std::env::var("AZSCAN_BLESS").as_deref() == Ok("1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &wanted).unwrap();
        return;
    }
    let present = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        present == wanted,
        "docs/man/azscan.1 is stale: {BLESS_HINT}"
    );
}

#[test]
fn the_page_is_one_roff_document() {
    let page = man_page();
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n.TH azscan 1 "));
    // clap_mangen repeats its string definition before every section it renders.
    assert_eq!(page.matches(".ds Aq \\(aq").count(), 1);
    assert!(page.contains(&format!(".SH VERSION\nv{}", env!("CARGO_PKG_VERSION"))));
}
