//! Plain data shared by the stages; no IO, no behaviour beyond accessors.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::frontmatter::FrontMatter;

/// A Markdown file read from a locale's content folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Index of the locale in [`crate::config::Config::locales`].
    pub locale: usize,
    /// Path relative to the content folder, with `/` separators.
    pub rel_path: String,
    /// Absolute path, for diagnostics.
    pub path: PathBuf,
    /// The text, BOM removed and line ends normalised to `\n`.
    pub text: String,
}

/// Everything read from disk for one locale.
#[derive(Debug, Default, Clone)]
pub struct LocaleSources {
    /// Markdown pages (not fragments under `includes/`).
    pub pages: Vec<SourceFile>,
    /// Every other file, relative path → absolute path (images, yml, …).
    pub assets: BTreeMap<String, PathBuf>,
    /// Markdown fragments (under an `includes/` folder), relative paths.
    pub fragments: Vec<String>,
}

/// One article of one locale after front matter is read.
#[derive(Debug, Clone)]
pub struct Page {
    /// Locale index.
    pub locale: usize,
    /// Path relative to the content folder (`LyncServer/x.md`).
    pub rel_path: String,
    /// Absolute source path.
    pub path: PathBuf,
    /// Output path relative to the site root (`es-es/LyncServer/x.html`).
    pub url: String,
    /// Parsed front matter.
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// 1-based line in the source file where `body` starts.
    pub body_line: u32,
    /// Display title (front matter `title`, else the first `# heading`, else the file stem).
    pub title: String,
    /// Title in navigation (`TOCTitle`, else `title`).
    pub nav_title: String,
}

/// A heading of a rendered article.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The element id.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// What one section holds that does not depend on its language (cmdlet names, code
/// lines, link targets, images, numbers, `<a name>` anchors), as stable 64-bit
/// hashes, sorted and without duplicates. Built by the Markdown stage.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct SectionKeys(pub Vec<u64>);

/// A page's rendered article and what was learned while rendering it.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// The article HTML.
    pub html: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// The language-independent keys of each section, for aligning translations
    /// ([`crate::sections::align`]): `[0]` is the content before the first heading,
    /// `[i + 1]` the content under `headings[i]` up to the next heading.
    pub section_keys: Vec<SectionKeys>,
    /// Every id and `<a name>` anchor a `#fragment` may target.
    pub anchors: Vec<String>,
    /// Assets used (relative to the content folder), to copy.
    pub assets: Vec<String>,
    /// Languages of the code blocks (`powershell`, `plain`, …), one entry per block.
    pub code_languages: Vec<String>,
    /// Links to other pages with a fragment, checked after every page is rendered:
    /// (target page index, fragment, line, column).
    pub fragment_links: Vec<FragmentLink>,
    /// Links resolved to pages, internal links total (for the summary).
    pub links_resolved: usize,
    /// Internal links that did not resolve.
    pub links_unresolved: usize,
}

/// A link to `#fragment` of another page, checked once all pages are rendered.
#[derive(Debug, Clone)]
pub struct FragmentLink {
    /// Target page index.
    pub target: usize,
    /// The fragment, decoded.
    pub fragment: String,
    /// 1-based line of the link in the source.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}
