//! The command-line layer: turns parsed arguments into a validated configuration,
//! runs the command and maps the outcome to azscan's documented exit codes.

pub mod args;
mod catalog;
mod interrupt;
mod selection;

pub use args::Cli;

use crate::baseline::Baseline;
use crate::cloud::Endpoints;
use crate::report::{self, Report};
use crate::rules::{BaselineState, Rule, Severity, Status};
use crate::scan::{self, Connection};
use crate::suppress::Suppressions;
use args::{
    CollectArgs, Command, ConnectionArgs, FailOn, ReportFormat, ReportTarget, ScanArgs,
    VerbosityArgs,
};
use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Scan complete, nothing at or above `--fail-on`.
pub const EXIT_OK: i32 = 0;
/// An unsuppressed FAIL at or above `--fail-on`.
pub const EXIT_FAILED: i32 = 1;
/// Usage, configuration or authentication error: nothing was scanned.
pub const EXIT_USAGE: i32 = 2;
/// Some results are ERROR and no threshold was breached.
pub const EXIT_INCOMPLETE: i32 = 3;
/// Interrupted by Ctrl-C or SIGTERM; the reports were written, marked incomplete.
pub const EXIT_INTERRUPTED: i32 = interrupt::EXIT_INTERRUPTED;

/// Where the findings come from.
pub enum Target {
    Live {
        subscription_id: String,
        connection: Box<Connection>,
    },
    Snapshot(PathBuf),
}

/// A scan, fully validated before anything is read.
pub struct ScanConfig {
    pub target: Target,
    pub format: ReportFormat,
    pub output: Option<PathBuf>,
    /// `--report FORMAT=PATH`, in the order given.
    pub reports: Vec<ReportTarget>,
    pub fail_on: Option<Severity>,
    pub allow_incomplete: bool,
    pub rules: Vec<&'static Rule>,
    pub suppressions: Suppressions,
    pub baseline: Option<Baseline>,
    pub show_muted: bool,
    pub sarif_category: Option<String>,
    pub quiet: bool,
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        None => scan_command(cli.scan),
        Some(Command::Scan(args)) => scan_command(args),
        Some(Command::Collect(args)) => collect_command(args),
        Some(Command::Checks(args)) => catalog::list(args.format),
        Some(Command::Explain(args)) => catalog::explain(&args.id, args.format),
        Some(Command::Frameworks(args)) => crate::compliance::listing::render(
            args.name.as_deref(),
            args.format == args::Format::Json,
        )
        .map(|text| {
            print!("{text}");
            EXIT_OK
        }),
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        EXIT_USAGE
    })
}

fn scan_command(args: ScanArgs) -> Result<i32, String> {
    init_logging(args.verbosity);
    let frameworks = crate::compliance::resolve(&args.compliance)?;
    let config = validate_scan(args)?;
    let runtime = runtime()?;
    let cancel = match &config.target {
        Target::Live { connection, .. } => Some(connection.reliability.cancel.clone()),
        Target::Snapshot(_) => None,
    };
    if let Some(cancel) = &cancel {
        interrupt::watch(&runtime, cancel)?;
    }
    let scanned = runtime.block_on(scan::run(&config));
    // Requests still parked after a cancellation must not hold the exit up.
    runtime.shutdown_background();
    let interrupted = interrupt::interrupted(cancel.as_ref());
    let mut report = match scanned {
        Err(message) if interrupted => {
            eprintln!("error: {message}");
            return Ok(EXIT_INTERRUPTED);
        }
        scanned => scanned?,
    };
    if let Some(reason) = cancel.as_ref().and_then(|c| c.reason()) {
        report.scan.complete = false;
        if !config.quiet {
            eprintln!("warning: {reason}; the report covers what was read before");
        }
    }
    judge_against_config(&mut report, &config);
    report.compliance = judge_compliance(&report, &config.rules, &frameworks);
    warn_about_gaps(&report, config.quiet);
    for target in &config.reports {
        let width = Some(report::table::log_width());
        let text = render(&report, &config, target.format, false, width);
        write_output(Some(&target.path), &text)?;
    }
    let color = config.format == ReportFormat::Table && color_wanted(config.output.as_deref());
    // Off a terminal (CI logs, -o FILE) the table wraps to COLUMNS; on one it is as before.
    let width = (config.output.is_some() || !std::io::stdout().is_terminal())
        .then(report::table::log_width);
    let text = render(&report, &config, config.format, color, width);
    write_output(config.output.as_deref(), &text)?;
    if interrupted {
        return Ok(EXIT_INTERRUPTED);
    }
    Ok(exit_code(&report, config.fail_on, config.allow_incomplete))
}

/// Suppressions, then the baseline (which must see what is muted), then the counts.
fn judge_against_config(report: &mut Report, config: &ScanConfig) {
    // Expiry is judged on the day the data was read, like every time-based check.
    let today = OffsetDateTime::parse(&report.scan.collected_at, &Rfc3339)
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
        .date();
    for warning in config.suppressions.apply(&mut report.findings, today) {
        if !config.quiet {
            eprintln!("warning: {warning}");
        }
    }
    if let Some(baseline) = &config.baseline {
        let checks_run: BTreeSet<String> = config
            .rules
            .iter()
            .map(|r| r.check.id.to_string())
            .collect();
        if let Some(warning) = baseline
            .apply(report, &checks_run)
            .filter(|_| !config.quiet)
        {
            eprintln!("warning: {warning}");
        }
    }
    report.recount();
}

/// The `--compliance` frameworks, judged from the findings after suppressions.
fn judge_compliance(
    report: &Report,
    rules: &[&Rule],
    frameworks: &[&crate::compliance::Framework],
) -> Vec<crate::compliance::ComplianceResult> {
    let ran: BTreeSet<&str> = rules.iter().map(|r| r.check.id).collect();
    frameworks
        .iter()
        .map(|f| crate::compliance::evaluate(f, &report.findings, &ran))
        .collect()
}

fn render(
    report: &Report,
    config: &ScanConfig,
    format: ReportFormat,
    color: bool,
    width: Option<u16>,
) -> String {
    match format {
        ReportFormat::Table => {
            report::table::render_within(report, color, config.show_muted, width)
        }
        ReportFormat::Json => report::json::render(report),
        ReportFormat::Markdown => report::markdown::render(report, config.show_muted),
        ReportFormat::Junit => report::junit::render(report),
        ReportFormat::Html => report::html::render(report),
        ReportFormat::Sarif => {
            let rendered = report::sarif::render(
                report,
                &config.rules,
                config.sarif_category.as_deref(),
                report::sarif::Limits::GITHUB,
            );
            if let Some(note) = rendered.truncated.filter(|_| !config.quiet) {
                eprintln!("warning: {note}");
            }
            rendered.text
        }
    }
}

fn collect_command(args: CollectArgs) -> Result<i32, String> {
    init_logging(args.verbosity);
    let subscription_id = validate_subscription_id(&args.subscription_id)?;
    let rules = selection::select(&args.selection.checks, &args.selection.skip_checks)?;
    let connection = validate_connection(&args.connection, args.verbosity)?;
    let runtime = runtime()?;
    let cancel = connection.reliability.cancel.clone();
    interrupt::watch(&runtime, &cancel)?;
    let collected = runtime.block_on(scan::collect_live(&subscription_id, &connection, &rules));
    runtime.shutdown_background();
    let interrupted = interrupt::interrupted(Some(&cancel));
    let snapshot = match collected {
        Err(message) if interrupted => {
            eprintln!("error: {message}");
            return Ok(EXIT_INTERRUPTED);
        }
        collected => collected?,
    };
    if !snapshot.gaps.is_empty() && !args.verbosity.quiet {
        eprintln!(
            "warning: {} call(s) failed; the snapshot records them and the checks that need them will report ERROR",
            snapshot.gaps.len()
        );
    }
    let text = serde_json::to_string_pretty(&snapshot)
        .map_err(|e| format!("cannot serialize the snapshot: {e}"))?;
    write_output(args.output.as_deref(), &format!("{text}\n"))?;
    Ok(if interrupted {
        EXIT_INTERRUPTED
    } else {
        EXIT_OK
    })
}

fn validate_scan(args: ScanArgs) -> Result<ScanConfig, String> {
    let rules = selection::select(&args.selection.checks, &args.selection.skip_checks)?;
    let target = match (&args.subscription_id, &args.snapshot) {
        (Some(id), None) => Target::Live {
            subscription_id: validate_subscription_id(id)?,
            connection: Box::new(validate_connection(&args.connection, args.verbosity)?),
        },
        (None, Some(path)) => Target::Snapshot(path.clone()),
        (None, None) => {
            return Err(
                "nothing to scan: give --subscription-id <ID> (or --snapshot <FILE>); see azscan --help"
                    .into(),
            );
        }
        (Some(_), Some(_)) => {
            return Err("give either --subscription-id or --snapshot, not both".into());
        }
    };
    check_report_paths(args.output.as_deref(), &args.reports)?;
    let sarif_category = match args.sarif_category.as_deref().map(str::trim) {
        Some("") => return Err("--sarif-category must not be empty".into()),
        other => other.map(str::to_string),
    };
    let suppressions = Suppressions::load(args.config.as_deref())?;
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    Ok(ScanConfig {
        target,
        format: args.format,
        output: args.output,
        reports: args.reports,
        fail_on: fail_threshold(args.fail_on),
        allow_incomplete: args.allow_incomplete,
        rules,
        suppressions,
        baseline,
        show_muted: args.show_muted,
        sarif_category,
        quiet: args.verbosity.quiet,
    })
}

/// Two reports into one file would leave only the last one.
fn check_report_paths(output: Option<&Path>, reports: &[ReportTarget]) -> Result<(), String> {
    let mut seen: BTreeSet<&Path> = output.into_iter().collect();
    for target in reports {
        if !seen.insert(&target.path) {
            return Err(format!(
                "{} is the destination of more than one report",
                target.path.display()
            ));
        }
    }
    Ok(())
}

fn fail_threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::None => None,
        FailOn::Critical => Some(Severity::Critical),
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
        FailOn::Info => Some(Severity::Info),
    }
}

/// Subscription IDs are GUIDs; anything else is a typo worth catching before auth.
fn validate_subscription_id(id: &str) -> Result<String, String> {
    let id = id.trim();
    let groups: Vec<&str> = id.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    let well_formed = groups.len() == lengths.len()
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
    if well_formed {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(format!(
            "--subscription-id '{id}' is not a subscription ID (expected a GUID like 00000000-0000-0000-0000-000000000000; `az account list -o table` shows yours)"
        ))
    }
}

fn validate_connection(
    args: &ConnectionArgs,
    verbosity: VerbosityArgs,
) -> Result<Connection, String> {
    if args.concurrency == 0 || args.concurrency > 256 {
        return Err(format!(
            "--concurrency must be between 1 and 256, not {}",
            args.concurrency
        ));
    }
    let non_empty = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let endpoints = Endpoints::resolve(
        args.cloud,
        non_empty(&args.arm_endpoint).as_deref(),
        non_empty(&args.graph_endpoint).as_deref(),
    )?;
    Ok(Connection {
        endpoints,
        auth: args.auth,
        concurrency: args.concurrency,
        reliability: interrupt::reliability(args)?,
        // Progress would garble -v logs and is noise when stderr is captured.
        progress: !verbosity.quiet && verbosity.verbose == 0 && std::io::stderr().is_terminal(),
    })
}

/// 1 beats 3: a threshold breach is reported even when the scan is incomplete.
/// MUTED never counts; with a baseline, only new FAILs do.
pub fn exit_code(report: &Report, fail_on: Option<Severity>, allow_incomplete: bool) -> i32 {
    let breached = fail_on.is_some_and(|threshold| {
        report.findings.iter().any(|f| {
            f.status == Status::Fail
                && f.severity >= threshold
                && f.baseline != Some(BaselineState::Existing)
        })
    });
    if breached {
        EXIT_FAILED
    } else if !report.scan.complete && !allow_incomplete {
        EXIT_INCOMPLETE
    } else {
        EXIT_OK
    }
}

fn warn_about_gaps(report: &Report, quiet: bool) {
    if quiet || report.scan.complete {
        return;
    }
    let errors = report.summary.error;
    eprintln!(
        "warning: scan incomplete: {errors} result(s) are ERROR because {} call(s) could not be read",
        report.scan.gaps.len().max(1)
    );
    for gap in &report.scan.gaps {
        eprintln!("  - {gap}");
    }
}

fn write_output(path: Option<&Path>, text: &str) -> Result<(), String> {
    match path {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`azscan ... | head`) is not an error worth a message.
            match stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write the report: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}

/// Colour only for a terminal, never into files, and never when NO_COLOR is set.
fn color_wanted(output: Option<&Path>) -> bool {
    output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// Logs go to stderr; RUST_LOG wins over -v/-q. Default levels cover azscan only, so
/// `-vvv` does not turn on HTTP-library tracing that could print headers.
fn init_logging(verbosity: VerbosityArgs) {
    use tracing_subscriber::EnvFilter;
    let filter = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .and_then(|v| EnvFilter::try_new(v).ok())
        .unwrap_or_else(|| {
            let level = match (verbosity.quiet, verbosity.verbose) {
                (true, _) => "error",
                (false, 0) => "warn",
                (false, 1) => "info",
                (false, 2) => "debug",
                _ => "trace",
            };
            EnvFilter::new(format!("warn,azscan={level}"))
        });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .try_init();
}
