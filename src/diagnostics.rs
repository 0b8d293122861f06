//! Content diagnostics: what is wrong in which file, at which line and column.
//! Every stage returns its diagnostics beside its output; the pipeline gathers
//! them, applies the `[check]` levels of book.toml, and decides the exit code.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

macro_rules! kinds {
    ($($variant:ident = $name:literal, $level:ident, $doc:literal;)*) => {
        /// What a diagnostic is about; its kebab-case name is used in book.toml
        /// (`[check] broken-link = "allow"`) and in the JSON output.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind { $(#[doc = $doc] $variant,)* }

        impl Kind {
            /// Every kind, in a stable order.
            pub fn all() -> &'static [Kind] { &[$(Kind::$variant,)*] }
            /// The kebab-case name.
            pub fn name(self) -> &'static str { match self { $(Kind::$variant => $name,)* } }
            /// The level used when book.toml says nothing.
            pub fn default_level(self) -> Level { match self { $(Kind::$variant => Level::$level,)* } }
            /// Looks a kind up by its name.
            pub fn from_name(name: &str) -> Option<Kind> {
                match name { $($name => Some(Kind::$variant),)* _ => None }
            }
        }
    };
}

kinds! {
    ReadError = "read-error", Deny, "A file could not be read.";
    InvalidUtf8 = "invalid-utf8", Warn, "A file is not valid UTF-8 (read with replacement characters).";
    StrayBom = "stray-bom", Warn, "An invisible byte-order mark (U+FEFF) starts a line inside a page and hides its Markdown.";
    Symlink = "symlink", Warn, "A symbolic link inside the content was not followed.";
    NoFrontMatter = "no-front-matter", Warn, "A page has no YAML front matter.";
    InvalidFrontMatter = "invalid-front-matter", Warn, "The front matter is not valid YAML or has a wrong type.";
    UnclosedFrontMatter = "unclosed-front-matter", Warn, "The front matter's `---` is never closed.";
    MissingTitle = "missing-title", Warn, "A page has neither a `title` nor a `# heading`.";
    MissingAssetId = "missing-asset-id", Warn, "A page has no asset id, so it cannot be linked to its translations.";
    MalformedAssetId = "malformed-asset-id", Warn, "An asset id is not a GUID.";
    BadDate = "bad-date", Warn, "A date in front matter does not parse.";
    DuplicateAssetId = "duplicate-asset-id", Warn, "Two pages of one locale share an asset id.";
    BrokenLink = "broken-link", Warn, "A link points to a page that does not exist.";
    BrokenFragment = "broken-fragment", Warn, "A link's #fragment is no heading or anchor of its target.";
    MissingImage = "missing-image", Warn, "An image file does not exist.";
    LinkOutsideBook = "link-outside-book", Warn, "A link or image climbs out of the locale's content folder.";
    AbsolutePath = "absolute-path", Warn, "A link is an absolute file-system path.";
    TocMissingFile = "toc-missing-file", Warn, "A toc.yml entry points to a missing page.";
    TocInvalid = "toc-invalid", Warn, "A toc.yml cannot be read as DocFX navigation.";
    NotInToc = "not-in-toc", Warn, "A page is not listed in its locale's toc.";
    UnterminatedFence = "unterminated-fence", Warn, "A code fence is never closed and swallows the rest of the page.";
    EmptyLocale = "empty-locale", Warn, "A locale has no pages.";
    InvalidFtl = "invalid-ftl", Warn, "A Fluent file of the book has a syntax error.";
    MissingCopySource = "missing-copy-source", Warn, "A locale's `copy` entry or the `[output] static` folder matches no file.";
    StaleManifest = "stale-manifest", Warn, "A part of a build in parts reads files that differ from its manifest.";
    UnknownLanguage = "unknown-language", Allow, "A code block's language has no grammar; it is shown plain.";
}

/// How a kind is treated: dropped, reported, or failing the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; fails only with `--strict`.
    Warn,
    /// Reported as an error; the command exits 1.
    Deny,
}

/// Severity of a reported diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; the build goes on.
    Warning,
    /// The command exits 1.
    Error,
}

/// One problem found in the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What it is about.
    pub kind: Kind,
    /// The file, as given to the loader (absolute).
    pub file: PathBuf,
    /// 1-based line; 0 when the whole file is concerned.
    pub line: u32,
    /// 1-based column (in characters); 0 when unknown.
    pub column: u32,
    /// Length of the offending text in characters, for the marker.
    pub span: u32,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending source line, for display.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic about a whole file.
    pub fn file(kind: Kind, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            kind,
            file: file.into(),
            line: 0,
            column: 0,
            span: 0,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// Places the diagnostic at a 1-based line and column of `source`, keeping that line.
    pub fn at(mut self, source: &str, line: u32, column: u32, span: u32) -> Self {
        self.line = line;
        self.column = column;
        self.span = span;
        self.source_line = source.lines().nth(line.saturating_sub(1) as usize).map(|l| l.chars().take(2000).collect());
        self
    }

    /// Places the diagnostic at a line without keeping the source.
    pub fn at_line(mut self, line: u32) -> Self {
        self.line = line;
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Diagnostics with their resolved severities, sorted by file and position.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// The reported diagnostics (allowed kinds removed).
    pub items: Vec<(Severity, Diagnostic)>,
    /// Diagnostics of allowed kinds: shown only with `--verbose`, never failing.
    pub notes: Vec<Diagnostic>,
}

impl Report {
    /// Applies the levels (book.toml overrides, then defaults) and sorts.
    pub fn new(mut all: Vec<Diagnostic>, levels: &BTreeMap<Kind, Level>) -> Self {
        all.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.kind, &a.message).cmp(&(&b.file, b.line, b.column, b.kind, &b.message))
        });
        all.dedup();
        let mut items = Vec::new();
        let mut notes = Vec::new();
        for d in all {
            match levels.get(&d.kind).copied().unwrap_or(d.kind.default_level()) {
                Level::Allow => notes.push(d),
                Level::Warn => items.push((Severity::Warning, d)),
                Level::Deny => items.push((Severity::Error, d)),
            }
        }
        Self { items, notes }
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.items.iter().filter(|(s, _)| *s == Severity::Error).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    /// Counts per kind, in kind order.
    pub fn counts_by_kind(&self) -> BTreeMap<Kind, usize> {
        let mut counts = BTreeMap::new();
        for (_, d) in &self.items {
            *counts.entry(d.kind).or_default() += 1;
        }
        counts
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line as u32, col as u32)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip() {
        for k in Kind::all() {
            assert_eq!(Kind::from_name(k.name()), Some(*k));
        }
    }

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\n中文x\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 9), (2, 3));
    }

    #[test]
    fn levels_drop_and_raise() {
        let d = |k| Diagnostic::file(k, "/a.md", "m");
        let mut levels = BTreeMap::new();
        levels.insert(Kind::BrokenLink, Level::Deny);
        levels.insert(Kind::MissingImage, Level::Allow);
        let r = Report::new(vec![d(Kind::BrokenLink), d(Kind::MissingImage), d(Kind::BadDate)], &levels);
        assert_eq!(r.errors(), 1);
        assert_eq!(r.warnings(), 1);
    }
}
