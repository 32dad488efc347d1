//! The command line as typed (clap derive). Nothing here is validated beyond syntax:
//! `cli` turns these into a checked `scan::ScanConfig` and its own output options.
//! Flag groups shared by several commands are `Args` structs flattened into each.

use crate::auth::AuthMethod;
use crate::cloud::Cloud;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "azscan",
    version,
    about = "Security posture scanner for Azure subscriptions and their Entra ID tenant",
    long_about = "Reads a subscription through Azure Resource Manager and Microsoft Graph, \
                  runs a catalog of checks and reports what is misconfigured and how to fix it.\n\n\
                  Exit codes: 0 clean, 1 FAIL at or above --fail-on, 2 usage/configuration/authentication \
                  error, 3 scan incomplete (some results ERROR), 130 interrupted (Ctrl-C or SIGTERM; \
                  the reports are still written, marked incomplete).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `azscan --subscription-id <ID>` is `azscan scan --subscription-id <ID>` (and so
    /// for every scan flag, `--all-subscriptions` included).
    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan subscriptions (the default command) or evaluate a saved snapshot.
    Scan(ScanArgs),
    /// Check, before a scan, that the identity can read everything the selected checks
    /// need; names what to grant when it cannot (exit 0 all readable, 1 otherwise).
    Doctor(DoctorArgs),
    /// Read subscriptions and write the normalized snapshot, without judging them.
    Collect(CollectArgs),
    /// Split --all-subscriptions or a management group into N balanced shards for CI.
    Plan(PlanArgs),
    /// Merge JSON reports of separate runs (CI shards) into one report.
    Merge(MergeArgs),
    /// List the check catalog.
    Checks(ChecksArgs),
    /// Show everything about one check: what, why, how to fix, references.
    Explain(ExplainArgs),
    /// Print a shell completion script to stdout (see the README for where to put it).
    Completions(CompletionsArgs),
    /// Print this manual page (roff) to stdout: `azscan man > azscan.1`.
    Man,
    /// List the compliance frameworks, or one framework's controls and coverage.
    Frameworks(FrameworksArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// What a scan can write: `--format` for stdout (or `-o`), `--report` for files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// A summary for `$GITHUB_STEP_SUMMARY` and pull-request comments.
    Markdown,
    /// JUnit XML for test-result tabs (Azure DevOps, GitLab, Jenkins).
    Junit,
    /// One self-contained HTML page (charts, filters, remediation; works offline).
    Html,
}

/// One `--report FORMAT=PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTarget {
    pub format: ReportFormat,
    pub path: PathBuf,
}

fn parse_report_target(text: &str) -> Result<ReportTarget, String> {
    let (format, path) = text
        .split_once('=')
        .ok_or_else(|| format!("'{text}' is not FORMAT=PATH (e.g. sarif=azscan.sarif)"))?;
    let format = ReportFormat::from_str(format.trim(), true).map_err(|_| {
        format!("'{format}' is not a report format (table, json, sarif, markdown, junit, html)")
    })?;
    if path.trim().is_empty() {
        return Err(format!("'{text}' names no file after '='"));
    }
    Ok(ReportTarget {
        format,
        path: PathBuf::from(path),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    None,
    Critical,
    High,
    Medium,
    Low,
    Info,
}

/// Which subscriptions to read. With none of the three, the Azure CLI's current
/// subscription (when the CLI is the credential in use).
#[derive(Debug, Clone, Default, Args)]
pub struct ScopeArgs {
    /// Subscription to scan (a GUID); repeat the flag or separate IDs with commas.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub subscription_id: Vec<String>,
    /// Every Enabled subscription the identity can list (others are skipped with a
    /// warning).
    #[arg(long, conflicts_with_all = ["subscription_id", "management_group"])]
    pub all_subscriptions: bool,
    /// Every Enabled subscription under this management group, at any depth.
    #[arg(long, value_name = "ID", conflicts_with = "subscription_id")]
    pub management_group: Option<String>,
    /// Leave this subscription out (no reads); repeatable, or comma-separated.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub exclude_subscription: Vec<String>,
}

impl ScopeArgs {
    /// Whether any scope flag was given (a snapshot scan must give none).
    pub fn given(&self) -> bool {
        !self.subscription_id.is_empty()
            || self.all_subscriptions
            || self.management_group.is_some()
    }
}

/// How a report is written and judged: shared by `scan` and `merge`.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Report format on stdout (or in --output).
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the report as FORMAT to PATH; repeatable
    /// (`--report sarif=azscan.sarif --report json=azscan.json`).
    #[arg(long = "report", value_name = "FORMAT=PATH", value_parser = parse_report_target)]
    pub reports: Vec<ReportTarget>,
    /// Exit 1 when an unsuppressed FAIL at or above this severity is reported (with
    /// --baseline: a new one).
    #[arg(long, value_enum, default_value = "none")]
    pub fail_on: FailOn,
    /// Show MUTED results (matched by a suppression) in the table and markdown.
    #[arg(long)]
    pub show_muted: bool,
    /// SARIF `automationDetails.id` (default from the scope: `azscan/<subscription-id>/`,
    /// `azscan/all/` or `azscan/mg-<id>/`); give each upload that should keep its own
    /// alerts its own category.
    #[arg(long, value_name = "CATEGORY")]
    pub sarif_category: Option<String>,
    /// Exit 0 instead of 3 when some results are ERROR (data could not be read).
    #[arg(long)]
    pub allow_incomplete: bool,
    /// Judge the controls of this framework (e.g. cis-azure-4.0; `azscan frameworks`
    /// lists them) and add them to the report; repeatable.
    #[arg(long, value_name = "FRAMEWORK")]
    pub compliance: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Evaluate a snapshot written by `azscan collect` instead of reading Azure.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["subscription_id", "all_subscriptions", "management_group"])]
    pub snapshot: Option<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Configuration file: suppressions and check settings (default: azscan.toml in the
    /// working directory, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// An earlier JSON report: mark findings new or existing, count fixed ones, and
    /// let --fail-on judge only new findings.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    #[command(flatten)]
    pub selection: SelectionArgs,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[command(flatten)]
    pub verbosity: VerbosityArgs,
}

#[derive(Debug, Clone, Args)]
pub struct CollectArgs {
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Where to write the snapshot (stdout when absent).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub selection: SelectionArgs,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[command(flatten)]
    pub verbosity: VerbosityArgs,
}

/// The matrix `azscan plan` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// `{"include": [...]}` for a GitHub Actions `strategy.matrix` (`fromJSON`).
    Json,
    /// `{"shard-1": {...}, ...}` for an Azure Pipelines `strategy.matrix`.
    AzurePipelines,
}

#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    /// Every Enabled subscription the identity can list.
    #[arg(long, conflicts_with = "management_group")]
    pub all_subscriptions: bool,
    /// Every Enabled subscription under this management group, at any depth.
    #[arg(long, value_name = "ID")]
    pub management_group: Option<String>,
    /// Leave this subscription out of every shard; repeatable, or comma-separated.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub exclude_subscription: Vec<String>,
    /// How many CI jobs to split the scope into (fewer when there are fewer
    /// subscriptions).
    #[arg(long, value_name = "N")]
    pub shards: usize,
    /// Matrix format: GitHub Actions (json) or Azure Pipelines.
    #[arg(long, value_enum, default_value = "json")]
    pub format: PlanFormat,
    /// Write the matrix to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[command(flatten)]
    pub verbosity: VerbosityArgs,
}

#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// JSON reports (`azscan scan --format json`) of separate runs.
    #[arg(value_name = "REPORT", required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub verbosity: VerbosityArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// The subscriptions to check, chosen as for a scan.
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub selection: SelectionArgs,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[command(flatten)]
    pub verbosity: VerbosityArgs,
}

#[derive(Debug, Clone, Args)]
pub struct SelectionArgs {
    /// Only these checks: comma-separated IDs or prefixes (`AZST-001`, `AKV`, `AKV-*`).
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub checks: Vec<String>,
    /// Leave out these checks: IDs or prefixes, as for --checks.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub skip_checks: Vec<String>,
    /// Also run these opt-in checks (whole IDs; `azscan checks` lists them and why),
    /// added to `checks.enable` in the configuration file.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub enable_checks: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ConnectionArgs {
    /// Azure cloud: picks the authority, endpoints and token audiences.
    #[arg(long, value_enum, default_value = "public")]
    pub cloud: Cloud,
    /// Override the ARM endpoint (Azure Stack, proxies, emulators); https, or http on loopback.
    #[arg(long, value_name = "URL", env = "AZSCAN_ARM_ENDPOINT")]
    pub arm_endpoint: Option<String>,
    /// Override the Microsoft Graph endpoint; https, or http on loopback.
    #[arg(long, value_name = "URL", env = "AZSCAN_GRAPH_ENDPOINT")]
    pub graph_endpoint: Option<String>,
    /// Send Key Vault data-plane reads (opt-in checks such as AKV-010) here instead of
    /// each vault's own host, which is still sent as the Host header; https, or http
    /// on loopback.
    #[arg(long, value_name = "URL", env = "AZSCAN_KEYVAULT_ENDPOINT")]
    pub keyvault_endpoint: Option<String>,
    /// Send storage data-plane reads (classic logging of AZST-018…020, on with
    /// `storage.classic_logging = true` in azscan.toml) here instead of each account's
    /// own host, which is still sent as the Host header; https, or http on loopback.
    #[arg(long, value_name = "URL", env = "AZSCAN_STORAGE_ENDPOINT")]
    pub storage_endpoint: Option<String>,
    /// How to authenticate.
    #[arg(long, value_enum, default_value = "auto")]
    pub auth: AuthMethod,
    /// Most requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = crate::arm::DEFAULT_CONCURRENCY)]
    pub concurrency: usize,
    /// Longest wait for one attempt of a request (connect, answer and body), in
    /// seconds; a timed-out attempt is retried twice before the call is an ERROR.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub request_timeout: u64,
    /// End the scan after this many seconds with what it has read: the rest is
    /// ERROR and the report is marked incomplete (exit 3). No limit by default.
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,
    /// First wait before retrying a throttled or failed request when Azure gives no
    /// Retry-After, in milliseconds; it doubles (with jitter) on each retry.
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub retry_delay_ms: u64,
    /// For tests only (docs/reliability.md): the page limit of one list, so runaway
    /// paging can be shown without ten thousand requests.
    #[arg(long, hide = true, value_name = "N", default_value_t = crate::arm::MAX_PAGES)]
    pub max_pages: usize,
    /// Rate at which ARM refills each subscription's read budget; requests slow to it
    /// before the budget runs out.
    #[arg(long, value_name = "N", default_value_t = crate::arm::DEFAULT_READS_PER_SECOND)]
    pub arm_reads_per_second: f64,
}

#[derive(Debug, Clone, Copy, Args)]
pub struct VerbosityArgs {
    /// More logging on stderr (-v: info, -vv: debug, -vvv: trace). RUST_LOG also works.
    #[arg(short, long, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Only errors on stderr; no progress or warnings.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ChecksArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// Check ID, e.g. AZST-001.
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Args)]
pub struct FrameworksArgs {
    /// A framework ID (e.g. cis-azure-4.0): list its controls and coverage.
    pub name: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}
