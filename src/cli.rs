//! Command-line arguments (clap derive); no logic.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A static site generator for documentation in several languages.
#[derive(Debug, Parser)]
#[command(name = "polybook", version, about, long_about = None)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print more (every diagnostic, including allowed notes, and timings).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

/// `auto` colours only on a terminal (and never with NO_COLOR set).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    /// Colours on a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Report formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// For people.
    Human,
    /// One JSON object per line (check) or one document (status).
    Json,
}

/// Options shared by build and check.
#[derive(Debug, clap::Args)]
pub struct BookArgs {
    /// The book folder (holding book.toml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Only these locales (repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    pub locale: Vec<String>,
    /// Any warning fails (for CI); with build, nothing is written then.
    #[arg(long)]
    pub strict: bool,
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
        /// Open the site in a browser when done.
        #[arg(long)]
        open: bool,
        /// Build one part of a build in parts, from this manifest (`polybook manifest`):
        /// one `--locale` (optionally `--shard`), or `--root`.
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
        /// With --manifest and one --locale: only shard I of N of that locale's pages.
        #[arg(long, value_name = "I/N", requires = "manifest")]
        shard: Option<String>,
        /// With --manifest: only the site root's files (root and 404 pages, theme files,
        /// dashboard, sitemap, static folder).
        #[arg(long, requires = "manifest", conflicts_with_all = ["locale", "shard"])]
        root: bool,
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
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Translation coverage per locale.
    Status {
        /// The book folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write a new book.
    Init {
        /// Where (created if needed).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Build, then serve the site on 127.0.0.1 and rebuild when files change.
    Serve {
        /// The book.
        #[command(flatten)]
        book: BookArgs,
        /// Port.
        #[arg(long, short, default_value_t = 3000)]
        port: u16,
    },
}
