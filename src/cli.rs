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
