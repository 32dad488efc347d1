//! The command-line layer: turns parsed arguments into a validated configuration,
//! runs the command and maps the outcome to azscan's documented exit codes.

pub mod args;
mod catalog;
mod completions;
mod doctor;
mod interrupt;
mod selection;

pub use args::Cli;

use crate::baseline::Baseline;
use crate::cloud::Endpoints;
use crate::report::{self, Report};
use crate::rules::{self, BaselineState, Rule, Severity, Status};
use crate::scan::{self, Connection, ScanConfig, Scope, ScopeSpec, Target};
use crate::suppress::{Suppressions, load_config};
use args::{
    CollectArgs, Command, ConnectionArgs, FailOn, MergeArgs, PlanArgs, PlanFormat, ReportArgs,
    ReportFormat, ReportTarget, ScanArgs, ScopeArgs, VerbosityArgs,
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

/// How a report is judged and written: the command line's half of a scan (the scan
/// layer's half is `scan::ScanConfig`). `azscan merge` uses it too.
pub struct Output {
    pub format: ReportFormat,
    pub output: Option<PathBuf>,
    /// `--report FORMAT=PATH`, in the order given.
    pub reports: Vec<ReportTarget>,
    pub fail_on: Option<Severity>,
    pub allow_incomplete: bool,
    /// The checks the report is about (SARIF rules, baseline "fixed" counting).
    pub rules: Vec<&'static Rule>,
    pub suppressions: Suppressions,
    pub baseline: Option<Baseline>,
    pub show_muted: bool,
    pub sarif_category: Option<String>,
    /// `--compliance`: the frameworks whose controls the report judges.
    pub frameworks: Vec<&'static crate::compliance::Framework>,
    pub quiet: bool,
}

impl Output {
    /// The report flags checked, with what judges the report besides them.
    fn new(
        args: ReportArgs,
        rules: Vec<&'static Rule>,
        suppressions: Suppressions,
        baseline: Option<Baseline>,
        quiet: bool,
    ) -> Result<Output, String> {
        Ok(Output {
            sarif_category: validate_category(args.sarif_category.as_deref())?,
            frameworks: crate::compliance::resolve(&args.compliance)?,
            format: args.format,
            output: args.output,
            reports: args.reports,
            fail_on: fail_threshold(args.fail_on),
            allow_incomplete: args.allow_incomplete,
            rules,
            suppressions,
            baseline,
            show_muted: args.show_muted,
            quiet,
        })
    }
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        None => scan_command(cli.scan),
        Some(Command::Scan(args)) => scan_command(args),
        Some(Command::Collect(args)) => collect_command(args),
        Some(Command::Plan(args)) => plan_command(args),
        Some(Command::Merge(args)) => merge_command(args),
        Some(Command::Checks(args)) => catalog::list(args.format),
        Some(Command::Explain(args)) => catalog::explain(&args.id, args.format),
        Some(Command::Doctor(args)) => doctor::run(args),
        Some(Command::Completions(args)) => completions::print_completions(args.shell),
        Some(Command::Man) => completions::print_man(),
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
    let (config, output) = validate_scan(args)?;
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
    let mut outcome = match scanned {
        Err(message) if interrupted => {
            eprintln!("error: {message}");
            return Ok(EXIT_INTERRUPTED);
        }
        scanned => scanned?,
    };
    notes(&outcome.notes, output.quiet);
    if let Some(reason) = cancel.as_ref().and_then(|c| c.reason()) {
        outcome.report.scan.complete = false;
        if !output.quiet {
            eprintln!("warning: {reason}; the report covers what was read before");
        }
    }
    let code = finish(outcome.report, &output)?;
    Ok(if interrupted { EXIT_INTERRUPTED } else { code })
}

/// Judges and writes a report, and says what the exit code is.
fn finish(mut report: Report, output: &Output) -> Result<i32, String> {
    judge(&mut report, output);
    report.compliance = judge_compliance(&report, &output.rules, &output.frameworks);
    warn_about_gaps(&report, output.quiet);
    for target in &output.reports {
        let width = Some(report::table::log_width());
        write_output_with(Some(&target.path), |out| {
            render_into(&report, output, target.format, false, width, out)
        })?;
    }
    let color = output.format == ReportFormat::Table && color_wanted(output.output.as_deref());
    // Off a terminal (CI logs, -o FILE) the table wraps to COLUMNS; on one it is as before.
    let width = (output.output.is_some() || !std::io::stdout().is_terminal())
        .then(report::table::log_width);
    write_output_with(output.output.as_deref(), |out| {
        render_into(&report, output, output.format, color, width, out)
    })?;
    Ok(exit_code(&report, output.fail_on, output.allow_incomplete))
}

fn notes(notes: &[String], quiet: bool) {
    if !quiet {
        for note in notes {
            eprintln!("warning: {note}");
        }
    }
}

/// Suppressions, then the baseline (which must see what is muted), then the counts.
fn judge(report: &mut Report, config: &Output) {
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

/// Writes one report format into `out`. JSON is streamed: a large estate's report is
/// hundreds of megabytes, which need not be held in memory as one string first.
fn render_into(
    report: &Report,
    config: &Output,
    format: ReportFormat,
    color: bool,
    width: Option<u16>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let text = match format {
        ReportFormat::Json => return report::json::write(report, out),
        ReportFormat::Table => {
            report::table::render_within(report, color, config.show_muted, width)
        }
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
    };
    out.write_all(text.as_bytes())
}

fn collect_command(args: CollectArgs) -> Result<i32, String> {
    init_logging(args.verbosity);
    let scope = validate_scope(&args.scope)?;
    let rules = selection::select_from_flags(&args.selection)?;
    let connection = validate_connection(&args.connection, args.verbosity)?;
    if let Some(path) = args.output.as_deref() {
        check_writable("--output", path)?;
    }
    let runtime = runtime()?;
    let cancel = connection.reliability.cancel.clone();
    interrupt::watch(&runtime, &cancel)?;
    // `collect` reads no configuration file: AZMON-016's resource types are M2's.
    let settings = crate::rules::Settings::default();
    let collected = runtime.block_on(scan::collect_live(&scope, &connection, &rules, &settings));
    runtime.shutdown_background();
    let interrupted = interrupt::interrupted(Some(&cancel));
    let (collection, scope_notes) = match collected {
        Err(message) if interrupted => {
            eprintln!("error: {message}");
            return Ok(EXIT_INTERRUPTED);
        }
        collected => collected?,
    };
    notes(&scope_notes, args.verbosity.quiet);
    let gaps = collection.gaps();
    if !gaps.is_empty() && !args.verbosity.quiet {
        eprintln!(
            "warning: {} call(s) failed; the snapshot records them and the checks that need them will report ERROR",
            gaps.len()
        );
    }
    write_output_with(args.output.as_deref(), |out| {
        scan::write_snapshot(&collection, out)
    })?;
    Ok(if interrupted {
        EXIT_INTERRUPTED
    } else {
        EXIT_OK
    })
}

fn plan_command(args: PlanArgs) -> Result<i32, String> {
    init_logging(args.verbosity);
    if !(1..=256).contains(&args.shards) {
        return Err(format!(
            "--shards must be between 1 and 256, not {}",
            args.shards
        ));
    }
    if !args.all_subscriptions && args.management_group.is_none() {
        return Err("azscan plan needs --all-subscriptions or --management-group <ID>".into());
    }
    let scope = validate_scope(&ScopeArgs {
        subscription_id: Vec::new(),
        all_subscriptions: args.all_subscriptions,
        management_group: args.management_group,
        exclude_subscription: args.exclude_subscription,
    })?;
    let connection = validate_connection(&args.connection, args.verbosity)?;
    let runtime = runtime()?;
    let plan = runtime.block_on(scan::plan::plan(&scope, &connection, args.shards))?;
    notes(&plan.notes, args.verbosity.quiet);
    let matrix = match args.format {
        PlanFormat::Json => serde_json::json!({ "include": plan.shards }),
        PlanFormat::AzurePipelines => serde_json::Value::Object(
            plan.shards
                .iter()
                .map(|shard| {
                    (
                        format!("shard-{}", shard.shard),
                        serde_json::to_value(shard).unwrap_or_default(),
                    )
                })
                .collect(),
        ),
    };
    if !args.verbosity.quiet {
        eprintln!(
            "{} shard(s), balanced by {}",
            plan.shards.len(),
            match plan.balanced_by {
                scan::plan::BalancedBy::Resources => "resource count (Resource Graph)",
                scan::plan::BalancedBy::Subscriptions => "number of subscriptions",
            }
        );
    }
    // One line: GitHub Actions step outputs are `name=value` lines.
    write_output(args.output.as_deref(), &format!("{matrix}\n"))?;
    Ok(EXIT_OK)
}

fn merge_command(args: MergeArgs) -> Result<i32, String> {
    init_logging(args.verbosity);
    check_report_paths(args.report.output.as_deref(), &args.report.reports)?;
    let mut inputs = Vec::new();
    for path in &args.inputs {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        inputs.push((name.clone(), report::merge::parse(&name, &text)?));
    }
    let tenant_level = |id: &str| rules::find(id).is_some_and(scan::is_tenant_level);
    let merged = report::merge::merge(inputs, tenant_level)?;
    let seen: BTreeSet<&str> = merged.findings.iter().map(|f| f.rule_id.as_str()).collect();
    let rules = rules::catalog()
        .iter()
        .filter(|r| seen.contains(r.check.id))
        .collect();
    // The inputs were judged by their own runs (MUTED stays MUTED).
    let output = Output::new(
        args.report,
        rules,
        Suppressions::default(),
        None,
        args.verbosity.quiet,
    )?;
    finish(merged, &output)
}

fn validate_scan(args: ScanArgs) -> Result<(ScanConfig, Output), String> {
    let (suppressions, mut settings) = load_config(args.config.as_deref())?;
    settings.enable(selection::enabled_ids(&args.selection.enable_checks)?);
    let rules = selection::select(
        &args.selection.checks,
        &args.selection.skip_checks,
        &settings,
    )?;
    let target = match &args.snapshot {
        Some(_) if args.scope.given() || !args.scope.exclude_subscription.is_empty() => {
            return Err(
                "give either a scope (--subscription-id, --all-subscriptions, --management-group, --exclude-subscription) or --snapshot, not both"
                    .into(),
            );
        }
        Some(path) => Target::Snapshot(path.clone()),
        None => Target::Live {
            scope: validate_scope(&args.scope)?,
            connection: Box::new(validate_connection(&args.connection, args.verbosity)?),
        },
    };
    check_report_paths(args.report.output.as_deref(), &args.report.reports)?;
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let output = Output::new(
        args.report,
        rules.clone(),
        suppressions,
        baseline,
        args.verbosity.quiet,
    )?;
    Ok((
        ScanConfig {
            target,
            rules,
            settings,
        },
        output,
    ))
}

fn validate_category(category: Option<&str>) -> Result<Option<String>, String> {
    match category.map(str::trim) {
        Some("") => Err("--sarif-category must not be empty".into()),
        other => Ok(other.map(str::to_string)),
    }
}

/// The scope flags as a checked `ScopeSpec`: IDs are GUIDs, management group IDs
/// are non-empty and path-safe.
fn validate_scope(args: &ScopeArgs) -> Result<ScopeSpec, String> {
    let exclude = args
        .exclude_subscription
        .iter()
        .filter(|id| !id.trim().is_empty())
        .map(|id| validate_subscription_id(id, "--exclude-subscription"))
        .collect::<Result<BTreeSet<_>, _>>()?;
    let scope = if args.all_subscriptions {
        Scope::All
    } else if let Some(group) = &args.management_group {
        let group = group.trim();
        let safe = !group.is_empty()
            && group
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'));
        if !safe {
            return Err(format!(
                "--management-group '{group}' is not a management group ID (letters, digits, - _ . ( ); `az account management-group list -o table` shows yours)"
            ));
        }
        Scope::ManagementGroup(group.to_string())
    } else if args.subscription_id.iter().any(|id| !id.trim().is_empty()) {
        let mut ids = Vec::new();
        for id in args
            .subscription_id
            .iter()
            .filter(|id| !id.trim().is_empty())
        {
            let id = validate_subscription_id(id, "--subscription-id")?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Scope::Subscriptions(ids)
    } else {
        Scope::CliDefault
    };
    Ok(ScopeSpec { scope, exclude })
}

/// Two reports into one file would leave only the last one, and a destination that
/// cannot be written must be refused now, not after a scan that may take minutes.
fn check_report_paths(output: Option<&Path>, reports: &[ReportTarget]) -> Result<(), String> {
    if let Some(path) = output {
        check_writable("--output", path)?;
    }
    let mut seen: BTreeSet<&Path> = output.into_iter().collect();
    for target in reports {
        if !seen.insert(&target.path) {
            return Err(format!(
                "{} is the destination of more than one report",
                target.path.display()
            ));
        }
        check_writable("--report", &target.path)?;
    }
    Ok(())
}

/// A report file can be created at `path`: it is not a directory or a read-only file,
/// and its directory exists and accepts a new file (tried with a throwaway file, the
/// same way `write_output` will write it).
fn check_writable(flag: &str, path: &Path) -> Result<(), String> {
    let shown = path.display();
    // `out/` or `..` cannot be renamed onto, even when no such directory exists yet.
    if path.file_name().is_none() || path.to_string_lossy().ends_with(std::path::MAIN_SEPARATOR) {
        return Err(format!("{flag} '{shown}' does not name a file"));
    }
    let target = report_destination(path);
    if let Ok(meta) = std::fs::metadata(&target) {
        if meta.is_dir() {
            return Err(format!("{flag} {shown} is a directory, not a file"));
        }
        if meta.permissions().readonly() {
            return Err(format!("{flag} {shown} is read-only"));
        }
        // `/dev/stdout`, `/dev/null`, a named pipe: written in place, so opening it is
        // the whole check.
        if !meta.is_file() {
            return std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map(drop)
                .map_err(|e| format!("{flag} {shown}: {e}"));
        }
    }
    let dir = parent_dir(&target);
    if !dir.is_dir() {
        let why = if dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        return Err(format!("{flag} {shown}: {} {why}", dir.display()));
    }
    tempfile::Builder::new()
        .prefix(".azscan-")
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| format!("{flag} {shown}: cannot write in {}: {e}", dir.display()))
}

/// The file a report replaces: through a symbolic link, its target, so the rename of
/// an atomic write replaces the file the link points to and keeps the link.
fn report_destination(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// `report.json` lives in `.`, not in the empty path.
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
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
fn validate_subscription_id(id: &str, flag: &str) -> Result<String, String> {
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
            "{flag} '{id}' is not a subscription ID (expected a GUID like 00000000-0000-0000-0000-000000000000; `az account list -o table` shows yours)"
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
    if !(args.arm_reads_per_second.is_finite()
        && args.arm_reads_per_second >= 0.1
        && args.arm_reads_per_second <= 10_000.0)
    {
        return Err(format!(
            "--arm-reads-per-second must be between 0.1 and 10000, not {}",
            args.arm_reads_per_second
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
    )?
    .with_keyvault(non_empty(&args.keyvault_endpoint).as_deref())?
    .with_storage(non_empty(&args.storage_endpoint).as_deref())?;
    Ok(Connection {
        endpoints,
        auth: args.auth,
        concurrency: args.concurrency,
        reliability: interrupt::reliability(args)?,
        arm_reads_per_second: args.arm_reads_per_second,
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
    write_output_with(path, |out| out.write_all(text.as_bytes()))
}

/// `write_output` for what is written piece by piece (through a buffer) by `write`.
fn write_output_with(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    match path {
        Some(path) => write_atomically(path, write)
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            // A closed pipe (`azscan ... | head`) is not an error worth a message.
            match write(&mut stdout).and_then(|_| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write the report: {e}"))
                }
                _ => Ok(()),
            }
        }
    }
}

/// Writes a whole file or nothing: the text goes to a temporary file in the same
/// directory, which is then renamed over `path`, so a crash or a full disk never leaves
/// a half-written report (a truncated SARIF that CI would upload).
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = report_destination(path);
    // A device or a pipe cannot be replaced (and `/dev/null` must not be): write into it.
    if std::fs::metadata(&target).is_ok_and(|meta| !meta.is_file()) {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&target)?);
        write(&mut out)?;
        return out.flush();
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".azscan-").suffix(".tmp");
    // The new file gets the mode `std::fs::write` would give it (0666 less the umask),
    // not the temporary file's private 0600; a file it replaces keeps its mode.
    #[cfg(unix)]
    let fresh = std::os::unix::fs::PermissionsExt::from_mode(0o666);
    #[cfg(unix)]
    builder.permissions(fresh);
    let mut file = builder.tempfile_in(parent_dir(&target))?;
    let mut out = std::io::BufWriter::new(&mut file);
    write(&mut out)?;
    out.flush()?;
    drop(out);
    if let Ok(meta) = std::fs::metadata(&target) {
        file.as_file().set_permissions(meta.permissions())?;
    }
    file.as_file().sync_all()?;
    file.persist(&target).map_err(|e| e.error)?;
    Ok(())
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
