//! Command-line arguments (clap derive) and each subcommand's help text; no logic.

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

/// A static site generator for documentation in several languages.
#[derive(Debug, Parser)]
#[command(name = "polybook", version, about, long_about = None)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
    /// Print less (what each command leaves out: see its --help).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print more (what each command adds: see its --help).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

/// `auto` colours only on a terminal (and never with NO_COLOR set).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    /// Colours on a terminal (never with NO_COLOR set).
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Report formats; each command's `--format` says what `json` is for it.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// For people.
    Human,
    /// For programs.
    Json,
}

/// The book folder and the locales to take, shared by build, check and serve.
#[derive(Debug, clap::Args)]
pub struct BookArgs {
    /// The book folder (holding book.toml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Only these locales (repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    pub locale: Vec<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every locale into the output folder.
    Build {
        /// The book.
        #[command(flatten)]
        book: BookArgs,
        /// Output folder (default: `output.dest` of book.toml, else `site`).
        #[arg(long, short)]
        dest: Option<PathBuf>,
        /// Any warning fails the build (exit code 1, for CI): the site is not written and
        /// the previous one stays as it was.
        #[arg(long)]
        strict: bool,
        /// Open the site in a browser when done.
        #[arg(long)]
        open: bool,
        /// Build one part of a build in parts, from this manifest (`polybook manifest`):
        /// one `--locale` (optionally `--shard`, or `--search-from`), `--root` or `--compare`.
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
        /// With --manifest and one --locale: only shard I of N of that locale's pages.
        #[arg(long, value_name = "I/N", requires = "manifest")]
        shard: Option<String>,
        /// With --manifest: only the site root's files (root and 404 pages, theme files,
        /// dashboard, sitemap, static folder).
        #[arg(long, requires = "manifest", conflicts_with_all = ["locale", "shard"])]
        root: bool,
        /// With --manifest: only the side-by-side views (they read every locale).
        #[arg(long, requires = "manifest", conflicts_with_all = ["locale", "shard", "root"])]
        compare: bool,
        /// With --manifest and one --locale split into shards: only the locale's search
        /// index, read from its pages in this folder (where its shards were copied).
        #[arg(long, value_name = "DIR", requires_all = ["manifest", "locale"], conflicts_with_all = ["shard", "root", "compare"])]
        search_from: Option<PathBuf>,
    },
    /// Write the manifest that builds in parts share (what each part needs to know of
    /// the pages other parts build).
    Manifest {
        /// The book folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write it to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Run every check the build runs; write nothing.
    Check {
        /// The book.
        #[command(flatten)]
        book: BookArgs,
        /// Any warning fails the check (exit code 1, for CI).
        #[arg(long)]
        strict: bool,
        /// Output format: `human`, or `json` (one object per diagnostic and line, on
        /// stdout; fields in the README).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Translation coverage per locale.
    Status {
        /// The book folder (holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format: `human` (a table), or `json` (one document: an array with an
        /// object per locale).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write a new book.
    Init {
        /// Where (created if needed).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Build in memory, serve the site on 127.0.0.1 and update open pages as files change.
    Serve {
        /// The book.
        #[command(flatten)]
        book: BookArgs,
        /// Port.
        #[arg(long, short, default_value_t = 3000)]
        port: u16,
        /// Address to listen on; other than loopback, other machines can read the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in a browser once served.
        #[arg(long)]
        open: bool,
    },
}

/// What `--quiet` and `--verbose` do for each subcommand (`None`: nothing, and the
/// flag is left out of that command's help).
const VERBOSITY_HELP: &[(&str, Option<&str>, Option<&str>)] = &[
    (
        "build",
        Some("Print nothing unless the build fails (then its diagnostics and why it failed)"),
        Some("Print more: diagnostics of allowed kinds as notes, timings, code blocks per language"),
    ),
    (
        "check",
        Some("Print nothing unless the check fails (then its diagnostics and why it failed)"),
        Some("Print more: diagnostics of allowed kinds as notes"),
    ),
    (
        "manifest",
        Some("Print nothing unless it fails (then its diagnostics)"),
        Some("Print more: diagnostics of allowed kinds as notes"),
    ),
    ("status", None, Some("Print more: each missing and each stale page under the table")),
    ("init", Some("Do not list the files written"), None),
    ("serve", Some("Print only errors (no summary after each build, no address)"), None),
];

/// The command line, with each subcommand's own words for the global flags.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    let global = |id: &str| cmd.get_arguments().find(|a| a.get_id() == id).cloned().expect("invariant: declared");
    let (quiet_arg, verbose_arg) = (global("quiet"), global("verbose"));
    // A subcommand's own copy of a global flag (same id) is kept when clap hands the
    // global flags down, and its value still reaches `Cli`.
    let own = |arg: &clap::Arg, help: Option<&'static str>| match help {
        Some(text) => arg.clone().help(text),
        None => arg.clone().hide(true),
    };
    for &(name, quiet, verbose) in VERBOSITY_HELP {
        cmd = cmd.mut_subcommand(name, |sub| sub.arg(own(&quiet_arg, quiet)).arg(own(&verbose_arg, verbose)));
    }
    cmd
}

/// Parses the process's arguments with [`command`].
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::FromArgMatches as _;
    let matches = command().try_get_matches()?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn every_subcommand_has_its_own_verbosity_words() {
        let cmd = command();
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            assert!(
                VERBOSITY_HELP.iter().any(|(name, ..)| *name == sub.get_name()),
                "`{}` needs its entry in VERBOSITY_HELP",
                sub.get_name()
            );
        }
    }
}
