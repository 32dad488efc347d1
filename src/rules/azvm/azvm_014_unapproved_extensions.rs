//! AZVM-014: VM extensions outside the approved list (`vm.approved_extensions`), or,
//! without a list, every extension listed for review.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::compute::VmExtension;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-014", sources: [VmExtensions], run: run);

/// `Publisher.Type`, as the portal and CLI name an extension.
fn full_name(extension: &VmExtension) -> String {
    format!(
        "{}.{}",
        extension.publisher.as_deref().unwrap_or("(no publisher)"),
        extension.extension_type.as_deref().unwrap_or("(no type)")
    )
}

/// Whether `Publisher/Type` in the approved list names the extension (case-insensitive).
fn approved(extension: &VmExtension, list: &[String]) -> bool {
    let (Some(publisher), Some(kind)) = (&extension.publisher, &extension.extension_type) else {
        return false;
    };
    list.iter().any(|entry| {
        entry.split_once('/').is_some_and(|(p, t)| {
            p.trim().eq_ignore_ascii_case(publisher.trim())
                && t.trim().eq_ignore_ascii_case(kind.trim())
        })
    })
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let approved_list = out.settings().vm.approved_extensions.clone();
    shape::each_part(
        out,
        &snapshot.compute.virtual_machines,
        "extension list",
        |vm| &vm.extensions,
        |out, vm, extensions| {
            let listed: Vec<String> = extensions
                .iter()
                .map(|e| {
                    format!(
                        "{} {}",
                        full_name(e),
                        e.type_handler_version.as_deref().unwrap_or("(no version)")
                    )
                })
                .collect();
            let evidence = json!({ "extensions": listed });
            if extensions.is_empty() {
                out.pass(
                    vm.subject(),
                    format!("{}: no extensions installed", vm.name),
                    evidence,
                );
                return;
            }
            let Some(list) = &approved_list else {
                out.manual(
                    vm.subject(),
                    format!(
                        "{}: review the installed extensions (no vm.approved_extensions is configured): {}",
                        vm.name,
                        listed.join(", ")
                    ),
                    evidence,
                );
                return;
            };
            let unapproved: Vec<String> = extensions
                .iter()
                .filter(|e| !approved(e, list))
                .map(full_name)
                .collect();
            if unapproved.is_empty() {
                out.pass(
                    vm.subject(),
                    format!(
                        "{}: all {} extension(s) are approved",
                        vm.name,
                        extensions.len()
                    ),
                    evidence,
                );
            } else {
                out.fail(
                    vm.subject(),
                    format!(
                        "{}: extensions not in the approved list: {}",
                        vm.name,
                        unapproved.join(", ")
                    ),
                    evidence,
                );
            }
        },
    );
}
