//! Fatal errors: what stops a command before or after the content stages
//! (configuration, theme, templates, output IO). Content problems are not errors
//! here but [`crate::diagnostics::Diagnostic`]s, collected across the whole book.

use std::path::PathBuf;

/// A failure that ends the command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// book.toml is missing something or holds a wrong value.
    #[error("{}: {message}", path.display())]
    Config {
        /// The book.toml.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A theme or its templates are unusable.
    #[error("theme: {0}")]
    Theme(String),
    /// A template failed to render a page.
    #[error("template: {0}")]
    Template(String),
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// The output folder is refused (it would delete something not ours).
    #[error("refusing to write the site to {}: {reason}", path.display())]
    UnsafeDestination {
        /// The destination asked for.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },
    /// `--strict` turned warnings into a failure; the previous site is untouched.
    /// The report is kept so the caller can print what was found.
    #[error(
        "the build failed with --strict ({}, {}): the site was not written",
        crate::report::count(.0.errors(), "error", "errors"),
        crate::report::count(.0.warnings(), "warning", "warnings")
    )]
    Strict(Box<crate::diagnostics::Report>),
}

impl Error {
    /// The process exit code: 2 for usage and configuration errors, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Config { .. } | Error::Usage(_) | Error::Theme(_) | Error::UnsafeDestination { .. } => 2,
            _ => 1,
        }
    }
}

/// Shorthand for results with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
