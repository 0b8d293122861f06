//! Builds in parts, for a CI matrix (one job per locale, or per shard of a locale,
//! then one for the site root). `polybook manifest` writes what every part needs to
//! know about the pages it does not build: each article's locale, path, URL, titles,
//! front matter, heading ids and levels, and anchors (the switcher's sections, the
//! hreflang alternates, cross-locale links and fragment checks come from these). It
//! runs the Markdown stage without highlighting or templates. A part built with
//! `build --manifest` writes exactly the files a full build writes for that part;
//! the parts' folders copied together equal the full build.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Kind};
use crate::error::Error;
use crate::frontmatter::FrontMatter;
use crate::model::{Article, Heading, Page, SectionKeys};

/// Bumped when the manifest's shape changes.
pub const FORMAT: u32 = 2;

/// What every part knows of every page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: u32,
    /// The polybook version that wrote it (parts must be built by the same version).
    pub polybook: String,
    /// Canonical locale tags, in the order of book.toml.
    pub locales: Vec<String>,
    /// Every page of the book, in build order (locale, then path).
    pub pages: Vec<ManifestPage>,
}

/// One page as other parts see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestPage {
    /// Canonical locale tag.
    pub locale: String,
    /// Path relative to the locale's content folder.
    pub path: String,
    /// Output path relative to the site root.
    pub url: String,
    /// Display title.
    pub title: String,
    /// Title in navigation.
    pub nav_title: String,
    /// Fingerprint of the source file, to tell when a part's own files changed since.
    pub source: String,
    /// The front matter as read.
    pub front: FrontMatter,
    /// Headings (level, id, text), for the language switcher's sections.
    pub headings: Vec<Heading>,
    /// Every fragment target (heading ids, `<a name>` anchors).
    pub anchors: Vec<String>,
    /// The sections' language-independent keys, for aligning translations' sections
    /// (absent in format 1, which [`Manifest::read`] then refuses with its format).
    #[serde(default)]
    pub section_keys: Vec<SectionKeys>,
}

/// A stable fingerprint of a source file's text (FNV-1a, 64 bits, hex): the same on
/// every machine and run, unlike the standard library's hasher.
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

impl Manifest {
    /// The manifest of a book's pages and their articles (same order).
    pub fn new(config: &Config, pages: &[Page], articles: &[Article], sources: &[String]) -> Self {
        let tag = |l: usize| config.locales[l].tag.as_str().to_owned();
        Manifest {
            format: FORMAT,
            polybook: env!("CARGO_PKG_VERSION").to_owned(),
            locales: (0..config.locales.len()).map(tag).collect(),
            pages: pages
                .iter()
                .zip(articles)
                .zip(sources)
                .map(|((p, a), source)| ManifestPage {
                    locale: tag(p.locale),
                    path: p.rel_path.clone(),
                    url: p.url.clone(),
                    title: p.title.clone(),
                    nav_title: p.nav_title.clone(),
                    source: source.clone(),
                    front: p.front.clone(),
                    headings: a.headings.clone(),
                    anchors: a.anchors.clone(),
                    section_keys: a.section_keys.clone(),
                })
                .collect(),
        }
    }

    /// Deterministic JSON (one page per line, so diffs between manifests read well).
    pub fn to_json(&self) -> String {
        let head = serde_json::json!({ "format": self.format, "polybook": self.polybook, "locales": self.locales });
        let mut out = serde_json::to_string(&head).expect("invariant: serialisable");
        out.truncate(out.len() - 1);
        out.push_str(",\"pages\":[\n");
        for (i, p) in self.pages.iter().enumerate() {
            out.push_str(&serde_json::to_string(p).expect("invariant: serialisable"));
            out.push_str(if i + 1 < self.pages.len() { ",\n" } else { "\n" });
        }
        out.push_str("]}\n");
        out
    }

    /// Reads a manifest and checks it belongs to this book and this polybook.
    pub fn read(path: &Path, config: &Config) -> Result<Self, Error> {
        let usage = |m: String| Error::Usage(format!("--manifest {}: {m}", path.display()));
        let text = std::fs::read_to_string(path).map_err(|e| usage(format!("cannot read it: {e}")))?;
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|e| usage(format!("not a polybook manifest (line {}, column {}: {e})", e.line(), e.column())))?;
        let version = env!("CARGO_PKG_VERSION");
        if manifest.format != FORMAT || manifest.polybook != version {
            return Err(usage(format!(
                "written by polybook {} (format {}); this is polybook {version} (format {FORMAT}): write it again \
                 with `polybook manifest`",
                manifest.polybook, manifest.format
            )));
        }
        let ours: Vec<&str> = config.locales.iter().map(|l| l.tag.as_str()).collect();
        if manifest.locales != ours {
            return Err(usage(format!(
                "written for the locales {}; book.toml has {}: write it again with `polybook manifest`",
                manifest.locales.join(", "),
                ours.join(", ")
            )));
        }
        Ok(manifest)
    }

    /// The book's pages for a part that reads only the locales in `read`: the pages
    /// it read (`own`, with their source fingerprints), in the manifest's order, and
    /// every other page rebuilt from the manifest (no body); beside each, the article
    /// the manifest has for it (`None` for a page the manifest does not list). Own
    /// pages that differ from the manifest are reported: other parts saw another version.
    pub fn pages(
        &self,
        config: &Config,
        read: &[bool],
        own: Vec<(Page, String)>,
        diags: &mut Vec<Diagnostic>,
    ) -> (Vec<Page>, Vec<Option<Article>>) {
        let locale_of: HashMap<&str, usize> =
            config.locales.iter().enumerate().map(|(i, l)| (l.tag.as_str(), i)).collect();
        let mut own: HashMap<(usize, String), (Page, String)> =
            own.into_iter().map(|(p, h)| ((p.locale, p.rel_path.clone()), (p, h))).collect();
        let stale = |path: &Path, what: &str| {
            Diagnostic::file(Kind::StaleManifest, path, format!("the manifest is stale: {what}"))
                .with_hint("write the manifest again (`polybook manifest`) and rebuild every part from it")
        };
        let mut pages = Vec::with_capacity(self.pages.len());
        let mut known = Vec::with_capacity(self.pages.len());
        for m in &self.pages {
            let locale = locale_of[m.locale.as_str()];
            if read[locale] {
                match own.remove(&(locale, m.path.clone())) {
                    Some((page, hash)) => {
                        if hash != m.source {
                            diags.push(stale(&page.path, "this file changed since it was written"));
                        }
                        pages.push(page);
                        known.push(Some(m.article()));
                    }
                    None => diags.push(stale(
                        &config.locales[locale].content.join(&m.path),
                        "it lists this file, which no longer exists",
                    )),
                }
                continue;
            }
            pages.push(Page {
                locale,
                rel_path: m.path.clone(),
                path: config.locales[locale].content.join(&m.path),
                url: m.url.clone(),
                front: m.front.clone(),
                body: String::new(),
                body_line: 1,
                title: m.title.clone(),
                nav_title: m.nav_title.clone(),
            });
            known.push(Some(m.article()));
        }
        let mut added: Vec<(Page, String)> = own.into_values().collect();
        added.sort_by(|a, b| (a.0.locale, &a.0.rel_path).cmp(&(b.0.locale, &b.0.rel_path)));
        for (page, _) in added {
            diags.push(stale(&page.path, "this file is not in it"));
            pages.push(page);
            known.push(None);
        }
        (pages, known)
    }
}

impl ManifestPage {
    /// What the page's own part learned rendering it, as far as other parts need it.
    fn article(&self) -> Article {
        Article {
            headings: self.headings.clone(),
            anchors: self.anchors.clone(),
            section_keys: self.section_keys.clone(),
            ..Article::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_texts_apart() {
        assert_eq!(fingerprint(""), "cbf29ce484222325");
        assert_eq!(fingerprint("a"), "af63dc4c8601ec8c");
        assert_ne!(fingerprint("# Título\n"), fingerprint("# Titulo\n"));
    }
}
