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
    #[error("{}{}: {message}{}", path.display(), place_suffix(at.as_deref()), hint_suffix(hint.as_deref()))]
    Config {
        /// The book.toml.
        path: PathBuf,
        /// What is wrong.
        message: String,
        /// What to do about it.
        hint: Option<String>,
        /// Where in the file, when known.
        at: Option<Box<Place>>,
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

/// A place in a text file: 1-based line and column (in characters), the length of
/// the offending text, and the line itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Length of the offending text, in characters (at least 1).
    pub span: u32,
    /// The line, for display.
    pub source_line: String,
}

impl Place {
    /// The place of byte range `span` of `text`.
    pub fn of(text: &str, span: std::ops::Range<usize>) -> Self {
        let (line, column) = crate::diagnostics::line_col(text, span.start);
        let source_line = text.lines().nth(line as usize - 1).unwrap_or("").to_owned();
        // The marker stays on the first line of a multi-line value.
        let rest: String = source_line.chars().skip(column as usize - 1).collect();
        let len = text.get(span).map_or(1, |s| s.lines().next().unwrap_or("").chars().count());
        let span = len.clamp(1, rest.chars().count().max(1)) as u32;
        Place { line, column, span, source_line }
    }
}

fn place_suffix(at: Option<&Place>) -> String {
    at.map(|p| format!(":{}:{}", p.line, p.column)).unwrap_or_default()
}

fn hint_suffix(hint: Option<&str>) -> String {
    hint.map(|h| format!(" ({h})")).unwrap_or_default()
}

impl Error {
    /// A configuration error about `path` as a whole; see [`Error::at`] and
    /// [`Error::with_hint`].
    pub fn config(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Config { path: path.into(), message: message.into(), hint: None, at: None }
    }

    /// Places a configuration error at byte range `span` of `text` (its file's text).
    pub fn at(mut self, text: &str, span: std::ops::Range<usize>) -> Self {
        if let Error::Config { at, .. } = &mut self {
            *at = Some(Box::new(Place::of(text, span)));
        }
        self
    }

    /// Adds what to do to a configuration error.
    pub fn with_hint(mut self, text: impl Into<String>) -> Self {
        if let Error::Config { hint, .. } = &mut self {
            *hint = Some(text.into());
        }
        self
    }

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
