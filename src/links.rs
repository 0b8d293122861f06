//! Stage 4, links: resolve a link or image reference written in a page to the
//! page or asset it means, and to the relative URL of that output file. Handles
//! relative `.md` links, site-rooted extensionless DocFX links (`/LyncServer/x`),
//! images, fragments, and links that leave the locale's folder for another
//! locale's (`../zh-CN/x.md`); refuses references that climb out of the book.

use std::collections::BTreeMap;
use std::path::PathBuf;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diagnostics::Kind;
use crate::model::Page;
use crate::paths::{join_relative, lexical_normalize, relative_url, to_slash_relative};

/// Lookup tables for one locale.
#[derive(Debug, Default)]
struct LocaleIndex {
    by_path: FxHashMap<String, usize>,
    by_lower_path: FxHashMap<String, usize>,
    by_stem: FxHashMap<String, Vec<usize>>,
    assets: FxHashMap<String, String>,
    url_segment: String,
    /// The pages' distinct file names, lower-cased, each with the first (in string
    /// order) of its spellings, by length in characters: where a broken link's near
    /// misses are looked for.
    file_names: Vec<(usize, String, String)>,
}

/// Every page and asset of every locale, for link resolution.
#[derive(Debug)]
pub struct LinkIndex {
    locales: Vec<LocaleIndex>,
    /// Absolute content folder of each locale, when known: a link that climbs out of
    /// its locale's folder may land in another's.
    content_roots: Vec<PathBuf>,
}

/// What a reference resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Left as written (external URL, mail, protocol-relative).
    External,
    /// A fragment of the same page.
    SamePage {
        /// The decoded fragment.
        fragment: String,
    },
    /// Another page.
    Page {
        /// Page index.
        page: usize,
        /// The decoded fragment, if any.
        fragment: Option<String>,
        /// The relative URL to write.
        url: String,
    },
    /// A file copied into the site.
    Asset {
        /// Path relative to the locale's content folder.
        rel_path: String,
        /// The relative URL to write.
        url: String,
    },
}

/// Why a reference did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The diagnostic kind.
    pub kind: Kind,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

impl LinkIndex {
    /// Indexes pages (all locales) and the assets of each locale.
    pub fn new(pages: &[Page], assets: &[&BTreeMap<String, PathBuf>], url_segments: &[String]) -> Self {
        // The locales side by side.
        let locales = url_segments
            .par_iter()
            .enumerate()
            .map(|(locale, segment)| {
                let mut idx = LocaleIndex { url_segment: segment.clone(), ..Default::default() };
                // Each distinct file name (lower-cased) with its first spelling.
                let mut names: FxHashMap<String, &str> = FxHashMap::default();
                for (i, p) in pages.iter().enumerate().filter(|(_, p)| p.locale == locale) {
                    let lower = p.rel_path.to_lowercase();
                    let name = p.rel_path.rsplit('/').next().unwrap_or("");
                    let spelling = names.entry(lower.rsplit('/').next().unwrap_or("").to_owned()).or_insert(name);
                    if name < *spelling {
                        *spelling = name;
                    }
                    idx.by_path.insert(p.rel_path.clone(), i);
                    idx.by_lower_path.insert(lower, i);
                    let stem = stem(&p.rel_path).to_lowercase();
                    idx.by_stem.entry(stem).or_default().push(i);
                }
                if let Some(map) = assets.get(locale) {
                    idx.assets = map.keys().map(|k| (k.to_lowercase(), k.clone())).collect();
                }
                idx.file_names = by_length(names);
                idx
            })
            .collect();
        Self { locales, content_roots: Vec::new() }
    }

    /// Lets links climb out of their locale's folder into another locale's (or back into
    /// their own): `roots` are the locales' absolute content folders, in locale order.
    pub fn with_content_roots(mut self, roots: Vec<PathBuf>) -> Self {
        self.content_roots = roots.iter().map(|r| lexical_normalize(r)).collect();
        self
    }

    /// The locale and path (relative to its content folder) that `reference`, written in
    /// a page of `locale` at `rel_path` and climbing out of that folder, lands on.
    fn climb(&self, locale: usize, rel_path: &str, reference: &str) -> Option<(usize, String)> {
        let root = self.content_roots.get(locale)?;
        let dir = rel_path.rsplit_once('/').map_or("", |(d, _)| d);
        let target = lexical_normalize(&root.join(dir).join(reference));
        self.content_roots.iter().enumerate().find_map(|(l, r)| Some((l, to_slash_relative(&target, r)?)))
    }

    /// The page of `locale` at `rel_path`, if any.
    pub fn page_at(&self, locale: usize, rel_path: &str) -> Option<usize> {
        let idx = &self.locales[locale];
        idx.by_path.get(rel_path).or_else(|| idx.by_lower_path.get(&rel_path.to_lowercase())).copied()
    }

    /// Resolves `dest`, written in `page` (whose index is `from`), for a link or an image.
    pub fn resolve(&self, pages: &[Page], from: usize, dest: &str) -> Result<Target, Problem> {
        let page = &pages[from];
        let dest = dest.trim();
        if let Some(fragment) = dest.strip_prefix('#') {
            return Ok(Target::SamePage { fragment: decode(fragment) });
        }
        if dest.is_empty() {
            return Ok(Target::External);
        }
        if is_file_system_path(dest) {
            return Err(Problem {
                kind: Kind::AbsolutePath,
                message: format!("`{dest}` is a path on the author's machine, not a link"),
                hint: Some("link to the page with a relative path (`other-article.md`)".into()),
            });
        }
        if has_scheme(dest) || dest.starts_with("//") {
            return Ok(Target::External);
        }
        let (path_part, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(decode(f))),
            None => (dest, None),
        };
        let path_part = path_part.split_once('?').map_or(path_part, |(p, _)| p);
        let decoded = decode(path_part);
        let resolved = if let Some(rooted) = decoded.strip_prefix('/') {
            Some((page.locale, rooted.trim_end_matches('/').to_owned()))
        } else {
            join_relative(&page.rel_path, &decoded)
                .map(|rel| (page.locale, rel))
                .or_else(|| self.climb(page.locale, &page.rel_path, &decoded))
        };
        let Some((locale, rel)) = resolved else {
            return Err(Problem {
                kind: Kind::LinkOutsideBook,
                message: format!("`{dest}` climbs out of the locale's content folder"),
                hint: Some("keep links inside the book; it was neither read nor copied".into()),
            });
        };
        let idx = &self.locales[locale];
        let by_name = decoded.starts_with('/') || !decoded.contains('/');
        if let Some(target) = self.find_page(locale, &rel, by_name) {
            let url = with_fragment(relative_url(&page.url, &pages[target].url), fragment.as_deref());
            return Ok(Target::Page { page: target, fragment, url });
        }
        if locale != page.locale && idx.assets.contains_key(&rel.to_lowercase()) {
            return Err(Problem {
                kind: Kind::MissingImage,
                message: format!("`{dest}` is a file of locale {}, not of this page's", idx.url_segment),
                hint: Some("files are copied per locale: put a copy in this locale's folder and link to it".into()),
            });
        }
        if let Some(real) = idx.assets.get(&rel.to_lowercase()) {
            let out = format!("{}/{}", idx.url_segment, real);
            let url = with_fragment(relative_url(&page.url, &out), fragment.as_deref());
            return Ok(Target::Asset { rel_path: real.clone(), url });
        }
        Err(self.missing(locale, &rel, dest))
    }

    fn find_page(&self, locale: usize, rel: &str, by_name: bool) -> Option<usize> {
        let last = rel.rsplit('/').next().unwrap_or(rel);
        if last.to_lowercase().ends_with(".md") {
            return self.page_at(locale, rel);
        }
        if last.contains('.') {
            return None;
        }
        let by_path =
            self.page_at(locale, &format!("{rel}.md")).or_else(|| self.page_at(locale, &format!("{rel}/index.md")));
        // DocFX merges each top folder into the site root (docfx.json `dest: "."`),
        // so `/LyncServer/x` and `x` may name a page by its file name alone.
        by_path.or_else(|| {
            let stems = self.locales[locale].by_stem.get(&last.to_lowercase())?;
            (stems.len() == 1 && by_name).then(|| stems[0])
        })
    }

    fn missing(&self, locale: usize, rel: &str, dest: &str) -> Problem {
        let is_page = rel.to_lowercase().ends_with(".md") || !rel.rsplit('/').next().unwrap_or("").contains('.');
        if !is_page {
            return Problem { kind: Kind::MissingImage, message: format!("file `{dest}` does not exist"), hint: None };
        }
        let elsewhere: Vec<&str> = self
            .locales
            .iter()
            .enumerate()
            .filter(|(l, _)| *l != locale)
            .filter_map(|(l, _)| self.find_page(l, rel, true).map(|_| self.locales[l].url_segment.as_str()))
            .collect();
        let hint = if !elsewhere.is_empty() {
            Some(format!("the article exists only in {}: it is not translated yet", elsewhere.join(", ")))
        } else {
            self.near_miss(locale, rel).map(|m| format!("did you mean `{m}`?"))
        };
        Problem { kind: Kind::BrokenLink, message: format!("link target `{dest}` does not exist"), hint }
    }

    /// The page file name closest to `rel` (edit distance ≤ 3; the first in string
    /// order among the closest). Only names within three characters of its length
    /// are compared, each distinct name once.
    fn near_miss(&self, locale: usize, rel: &str) -> Option<String> {
        let name = rel.rsplit('/').next().unwrap_or(rel).to_lowercase();
        let name = if name.ends_with(".md") { name } else { format!("{name}.md") };
        let len = name.chars().count();
        let names = &self.locales[locale].file_names;
        let from = names.partition_point(|(l, _, _)| *l + 3 < len);
        names[from..]
            .iter()
            .take_while(|(l, _, _)| *l <= len + 3)
            .filter_map(|(_, lower, cand)| bounded_distance(&name, lower, 3).map(|d| (d, cand)))
            .min()
            .map(|(_, c)| c.clone())
    }
}

/// Distinct file names (lower-cased, with their first spelling) by length in characters.
fn by_length(names: FxHashMap<String, &str>) -> Vec<(usize, String, String)> {
    let mut names: Vec<(usize, String, String)> =
        names.into_iter().map(|(lower, name)| (lower.chars().count(), lower, name.to_owned())).collect();
    names.sort_unstable();
    names
}

fn with_fragment(mut url: String, fragment: Option<&str>) -> String {
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    url
}

fn stem(rel_path: &str) -> &str {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    name.strip_suffix(".md").unwrap_or(name)
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// `http:`, `mailto:`, … (but not a Windows drive letter).
fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `C:\…`, `file:`, `\\server\…`, and site-rooted paths into system folders.
fn is_file_system_path(s: &str) -> bool {
    let b = s.as_bytes();
    let drive = b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/');
    let system = ["/home/", "/Users/", "/etc/", "/usr/", "/var/", "/tmp/", "/root/", "/mnt/", "/opt/"];
    drive || s.starts_with("file:") || s.starts_with("\\\\") || system.iter().any(|p| s.starts_with(p))
}

/// Levenshtein distance if it is at most `max`.
fn bounded_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        if cur.iter().min().is_some_and(|&m| m > max) {
            return None;
        }
        prev = cur;
    }
    (prev[b.len()] <= max).then_some(prev[b.len()])
}

#[cfg(test)]
mod tests;
