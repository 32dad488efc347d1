//! `azscan completions <shell>` and `azscan man`: shell completion scripts and the roff
//! manual page, both generated from the clap definitions in `cli::args`, so neither can
//! fall behind the flags the binary accepts. docs/man/azscan.1 is this page, committed.

use super::args::Cli;
use clap::CommandFactory;
use clap_complete::Shell;

/// The completion script for `shell`.
pub fn completion_script(shell: Shell) -> String {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "azscan", &mut script);
    String::from_utf8_lossy(&script).into_owned()
}

pub fn print_completions(shell: Shell) -> Result<i32, String> {
    super::write_output(None, &completion_script(shell))?;
    Ok(super::EXIT_OK)
}

pub fn print_man() -> Result<i32, String> {
    super::write_output(None, &man_page())?;
    Ok(super::EXIT_OK)
}

/// Subcommands that get a section of the manual page: clap's own `help` documents itself.
pub fn documented_subcommands(root: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    root.get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
}

/// One page for the whole tool (`man azscan` is where people look), rather than
/// clap_mangen's page per subcommand: the top of the page is clap_mangen's rendering of
/// `azscan` itself, then each subcommand gets its own section (`AZSCAN SCAN`, …) holding
/// clap_mangen's description, synopsis and options for it, demoted to subsections.
pub fn man_page() -> String {
    let mut root = Cli::command();
    // Building sets each subcommand's display name ("azscan scan") for its synopsis.
    root.build();
    let man = clap_mangen::Man::new(root.clone());
    let mut page = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = man.render_title(&mut page);
    let _ = man.render_name_section(&mut page);
    let _ = man.render_synopsis_section(&mut page);
    let _ = man.render_description_section(&mut page);
    let _ = man.render_options_section(&mut page);
    let mut page = String::from_utf8_lossy(&page).into_owned();
    for sub in documented_subcommands(&root) {
        let sub_man = clap_mangen::Man::new(sub.clone());
        let mut section = Vec::new();
        let _ = sub_man.render_description_section(&mut section);
        let _ = sub_man.render_synopsis_section(&mut section);
        let _ = sub_man.render_options_section(&mut section);
        page.push_str(&format!(
            ".SH \"AZSCAN {}\"\n",
            sub.get_name().to_uppercase()
        ));
        for line in String::from_utf8_lossy(&section).lines() {
            // The description needs no heading of its own under the command's heading.
            if line == ".SH DESCRIPTION" {
                continue;
            }
            match line.strip_prefix(".SH ") {
                Some(heading) => page.push_str(&format!(".SS {heading}\n")),
                None => {
                    page.push_str(line);
                    page.push('\n');
                }
            }
        }
    }
    let mut version = Vec::new();
    let _ = man.render_version_section(&mut version);
    page.push_str(&String::from_utf8_lossy(&version));
    // Each clap_mangen rendering opens with the same string definition (`Aq`, the
    // apostrophe); one at the top of the page is enough.
    let mut defined = false;
    let mut lines = Vec::new();
    let mut rest = page.lines().peekable();
    while let Some(line) = rest.next() {
        if line == ROFF_PREAMBLE[0] && rest.peek() == Some(&ROFF_PREAMBLE[1]) {
            rest.next();
            if defined {
                continue;
            }
            defined = true;
            lines.extend(ROFF_PREAMBLE);
            continue;
        }
        lines.push(line);
    }
    lines.join("\n") + "\n"
}

/// What clap_mangen writes before every section it renders.
const ROFF_PREAMBLE: [&str; 2] = [".ie \\n(.g .ds Aq \\(aq", ".el .ds Aq '"];

#[cfg(test)]
#[path = "completions_tests.rs"]
mod tests;
