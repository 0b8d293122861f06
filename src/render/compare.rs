//! The side-by-side view: for each article found in two locales or more, one page
//! (`compare/<pivot page's path>`) holding every version, cut into aligned
//! sections laid out in rows, so that matching sections start at the same height.
//!
//! The pivot is the default locale's version (else the first locale's). Each other
//! version is matched to it with the language switcher's section alignment
//! ([`crate::sections::align`]); a row starts at each top-level heading of the pivot,
//! and a version's section goes into the row of the pivot heading it aligns with,
//! in order (a section that aligns with nothing, or out of order, stays with the
//! section before it). An article is cut only where no list, table, quote or alert
//! is open; plain wrappers open there (DocFX's `<div data-xmlns>`) are closed and
//! opened again, so each part is whole. The view is a table (a row per section, a
//! column per version), whose cells also contain any unbalanced raw HTML.
//!
//! The page is written once per translation set, not per pair: the reader picks the
//! two versions to see (the theme's script hides the others and swaps the strings of
//! the page to the left version's language); without the script every version is
//! shown. Ids are prefixed per version (`zh-cn:配置`) so the versions' ids never
//! collide, and relative URLs are rebased from the article's folder.

use serde::Serialize;

use super::context::Common;
use super::site::{OutputFile, Site};
use crate::error::Error;
use crate::markdown::rawhtml::{RawAttrs, TagAttrs};
use crate::model::{Article, Heading};
use crate::paths::{relative_url, root_prefix};

/// UI strings of the view, sent to the page for each version's language.
const STRINGS: &[&str] = &["compare", "compare-left", "compare-right", "compare-print", "skip-to-content"];

/// A language's strings in the view, looked up once per build.
#[derive(Debug)]
pub(super) struct ViewStrings {
    /// Copy-button labels.
    pub(super) copy: [String; 3],
    /// `{lang, key: text…}` for the script ([`STRINGS`]), with `</` written `<\/`
    /// (it goes inside a `<script>` element).
    pub(super) json: String,
}

impl ViewStrings {
    pub(super) fn new(i18n: &crate::i18n::I18n, lang: &str) -> Self {
        let mut map = serde_json::Map::new();
        map.insert("lang".into(), lang.into());
        for key in STRINGS {
            map.insert((*key).into(), i18n.t(lang, key, None).into());
        }
        ViewStrings {
            copy: ["copy", "copied", "copy-label"].map(|key| i18n.t(lang, key, None)),
            json: serde_json::to_string(&map).expect("invariant: strings serialise").replace("</", "<\\/"),
        }
    }
}

/// One version's column header.
#[derive(Debug, Serialize)]
pub(super) struct Version {
    /// Canonical tag.
    pub(super) lang: String,
    /// URL segment (`zh-cn`), the version's key in the page.
    pub(super) seg: String,
    /// Locale name.
    pub(super) name: String,
    /// Article title.
    pub(super) title: String,
    /// Relative URL of the article.
    pub(super) url: String,
}

/// One version's part of a row.
#[derive(Debug, Serialize)]
pub(super) struct Cell<'a> {
    pub(super) seg: &'a str,
    pub(super) lang: &'a str,
    pub(super) name: &'a str,
    /// Copy-button labels in the version's language (looked up once per version).
    pub(super) copy: &'a [String; 3],
    pub(super) html: Part<'a>,
}

/// The view's template context (`compare.html`).
#[derive(Debug, Serialize)]
pub(super) struct CompareView<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    /// The pivot's title.
    pub(super) title: &'a str,
    pub(super) versions: Vec<Version>,
    pub(super) rows: Vec<Vec<Cell<'a>>>,
    /// `{seg: {lang, key: text…}}` for the script.
    pub(super) strings_json: String,
}

/// A link from an article to its set's view.
#[derive(Debug, Clone, Serialize)]
pub struct CompareLink {
    /// Relative URL, with the fragment choosing this version and another.
    pub url: String,
    /// The other version's locale name.
    pub name: String,
}

impl Site<'_> {
    /// The versions (pages, in locale order) of page `i`'s translation set that the
    /// view shows, pivot first; empty when the set has no view.
    pub fn compare_versions(&self, i: usize) -> Vec<usize> {
        if !self.config.compare {
            return Vec::new();
        }
        let Some(set) = self.translations.of(i) else { return Vec::new() };
        let mut versions: Vec<usize> =
            set.iter().flatten().copied().filter(|&p| self.pages[p].front.redirect_url.is_none()).collect();
        if versions.len() < 2 {
            return Vec::new();
        }
        if let Some(at) = versions.iter().position(|&p| self.pages[p].locale == self.config.default_locale) {
            let pivot = versions.remove(at);
            versions.insert(0, pivot);
        }
        versions
    }

    pub(crate) fn compare_path(&self, pivot: usize) -> String {
        ["compare/", &self.pages[pivot].url].concat()
    }

    /// The link from article `i` to its view: this version on the left, the pivot
    /// (or, from the pivot, the next version) on the right.
    pub fn compare_link(&self, i: usize) -> Option<CompareLink> {
        let versions = self.compare_versions(i);
        let pivot = *versions.first()?;
        if self.pages[i].front.redirect_url.is_some() {
            return None;
        }
        let other = if i == pivot { versions[1] } else { pivot };
        let seg = |p: usize| self.config.locales[self.pages[p].locale].tag.url_segment();
        // Once per article page: joined, not formatted.
        let mut url = relative_url(&self.pages[i].url, &self.compare_path(pivot));
        for part in ["#", seg(i), ",", seg(other)] {
            url.push_str(part);
        }
        Some(CompareLink { url, name: self.config.locales[self.pages[other].locale].name.clone() })
    }

    /// The view of one translation set from its versions (page, HTML, article; in
    /// the order of [`Self::compare_versions`], the pivot first).
    pub fn compare_file(&self, versions: &[(usize, &str, &Article)]) -> Result<OutputFile, Error> {
        let &(pivot, _, pivot_article) = versions.first().expect("invariant: a view has versions");
        let path = self.compare_path(pivot);
        // Each version's strings, shared by its cells.
        let labels: Vec<(&str, &ViewStrings)> = versions
            .iter()
            .map(|&(p, _, _)| {
                let tag = &self.config.locales[self.pages[p].locale].tag;
                (tag.url_segment(), self.renderer.view_strings(tag.as_str()))
            })
            .collect();
        // Each version's HTML made to live in the view, and where it may be cut.
        let read: Vec<ViewHtml> = versions
            .iter()
            .zip(&labels)
            .map(|(&(p, html, article), (seg, _))| {
                let prefix = format!("{}{}", root_prefix(&path), folder(&self.pages[p].url));
                ViewHtml::new(html, &article.headings, seg, &prefix)
            })
            .collect();
        // Rows start at the pivot's top-level headings only.
        let starts_row: Vec<usize> = (0..read[0].cuts.len()).filter(|&k| read[0].cuts[k].is_some()).collect();
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        for ((&(p, _, article), (seg, strings)), version) in versions.iter().zip(&labels).zip(&read) {
            let cuts: Vec<Option<&Cut>> = if p == pivot {
                starts_row.iter().map(|&k| version.cuts[k].as_ref()).collect()
            } else {
                let ids = self.take_alignment((pivot, pivot_article), (p, article));
                let ids: Vec<&str> = starts_row.iter().map(|&k| ids[k].as_str()).collect();
                matched_cuts(&ids, &article.headings, &version.cuts)
            };
            let loc = &self.config.locales[self.pages[p].locale];
            for (r, part) in version.row_parts(&cuts).into_iter().enumerate() {
                if rows.len() <= r {
                    rows.push(Vec::with_capacity(versions.len()));
                }
                rows[r].push(Cell { seg, lang: loc.tag.as_str(), name: &loc.name, copy: &strings.copy, html: part });
            }
        }
        // The part before the first heading is usually empty in every version.
        rows.retain(|row| row.iter().any(|c| !c.html.is_empty()));
        let mut common = self.common(self.pages[pivot].locale, &path);
        common.canonical = None;
        // `{seg: {…}}`, in the order of a JSON map's keys (sorted).
        let mut by_seg: Vec<&(&str, &ViewStrings)> = labels.iter().collect();
        by_seg.sort_by(|a, b| a.0.cmp(b.0));
        let mut strings_json = String::from("{");
        for (k, (seg, strings)) in by_seg.into_iter().enumerate() {
            if k > 0 {
                strings_json.push(',');
            }
            strings_json.push_str(&serde_json::to_string(seg).expect("invariant: a string serialises"));
            strings_json.push(':');
            strings_json.push_str(&strings.json);
        }
        strings_json.push('}');
        let view = CompareView {
            title: &self.pages[pivot].title,
            versions: versions
                .iter()
                .map(|&(p, _, _)| {
                    let l = &self.config.locales[self.pages[p].locale];
                    Version {
                        lang: l.tag.as_str().to_owned(),
                        seg: l.tag.url_segment().to_owned(),
                        name: l.name.clone(),
                        title: self.pages[p].title.clone(),
                        url: relative_url(&path, &self.pages[p].url),
                    }
                })
                .collect(),
            rows,
            strings_json,
            common,
        };
        Ok(OutputFile::Text { contents: self.renderer.render_compare(&view)?, path })
    }
}

/// The folder of a site path, with its trailing `/` (`zh-cn/guide/`), or "".
fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

/// The element an element name (in any case) names, if its content may hold a heading.
fn container(name: &str) -> Option<&'static str> {
    // Lower-cased on the stack: names of 2 to 10 letters.
    let mut lower = [0u8; 10];
    if !(2..=10).contains(&name.len()) {
        return None;
    }
    for (l, b) in lower.iter_mut().zip(name.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    Some(match &lower[..name.len()] {
        b"div" => "div",
        b"ul" => "ul",
        b"ol" => "ol",
        b"li" => "li",
        b"blockquote" => "blockquote",
        b"table" => "table",
        b"details" => "details",
        b"section" => "section",
        b"aside" => "aside",
        b"dl" => "dl",
        b"figure" => "figure",
        b"nav" => "nav",
        b"article" => "article",
        b"main" => "main",
        _ => return None,
    })
}

/// A place to cut a version: before a heading's start tag, with the plain wrappers
/// open around it (DocFX content often sits in one `<div>`) closed at the end of
/// the part before and opened again at the start of the part after.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Cut {
    /// Byte offset of the heading's start tag in the view's HTML.
    pub at: usize,
    /// The start tags of the open wrappers, outermost first, without their ids.
    pub reopen: String,
    /// Their end tags, innermost first.
    pub close: String,
}

/// The start of a version: nothing open.
static TOP: Cut = Cut { at: 0, reopen: String::new(), close: String::new() };

/// One version's article HTML as the view shows it, read in one pass over its
/// tags: ids (and `name` anchors, and the `#fragment` links and ARIA references to
/// them) prefixed with `seg:`, relative URLs prefixed with the path from the view to
/// the article's folder; and, for each heading, where the article may be cut
/// before it: only where every element open around it is a wrapper (`<div>`,
/// `<section>`, `<article>`, `<main>` without a `role`), never inside a list, a
/// table, a quote or an alert.
#[derive(Debug)]
pub(super) struct ViewHtml {
    pub html: String,
    /// One entry per heading of the article.
    pub cuts: Vec<Option<Cut>>,
}

impl ViewHtml {
    pub(crate) fn new(html: &str, headings: &[Heading], seg: &str, prefix: &str) -> Self {
        let b = html.as_bytes();
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        // `html[..copied]` is in `out`.
        let mut copied = 0;
        // Ids of the headings where a cut may go, in document order.
        let mut found: Vec<(String, Cut)> = Vec::new();
        // Open containers: (name, start tag range, plain wrapper).
        let mut stack: Vec<(&'static str, std::ops::Range<usize>, bool)> = Vec::new();
        let mut i = 0;
        while let Some(at) = memchr::memchr(b'<', &b[i..]).map(|k| i + k) {
            i = at + 1;
            if b.get(i) == Some(&b'/') {
                // An end tag closes up to the matching element (a stray one closes nothing).
                if let Some(name) = container(&html[i + 1..i + 1 + alphanumeric(&b[i + 1..])])
                    && let Some(k) = stack.iter().rposition(|(n, _, _)| *n == name)
                {
                    stack.truncate(k);
                }
                continue;
            }
            if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            let name = &html[i..i + alphanumeric(&b[i..])];
            let container = container(name);
            let heading = name.len() == 2 && matches!(b[i], b'h' | b'H') && (b'1'..=b'6').contains(&b[i + 1]);
            let at_in_view = out.len() + at - copied;
            let (mut role, mut id) = (false, None);
            let mut attrs = TagAttrs::new(html, i);
            for attr in attrs.by_ref() {
                let value = &html[attr.value.clone()];
                if let Some(kind) = rebased(attr.name)
                    && kind.changes(value)
                {
                    out.push_str(&html[copied..attr.value.start]);
                    kind.push(&mut out, value, seg, prefix);
                    copied = attr.value.end;
                }
                role |= attr.is("role");
                if id.is_none() && attr.is("id") {
                    id = Some(value);
                }
            }
            let tag_end = attrs.end();
            if let Some(name) = container {
                if !html[..tag_end].ends_with("/>") {
                    // Alerts (and other widgets) carry a role; DocFX's wrappers do not.
                    let plain = matches!(name, "div" | "section" | "article" | "main") && !role;
                    stack.push((name, at..tag_end, plain));
                }
            } else if heading
                && !headings.is_empty()
                && stack.iter().all(|(_, _, plain)| *plain)
                && let Some(id) = id
            {
                let mut cut = Cut { at: at_in_view, ..Cut::default() };
                for (_, tag, _) in &stack {
                    cut.reopen.push_str(&ViewHtml::new(&without_id(&html[tag.clone()]), &[], seg, prefix).html);
                }
                for (name, _, _) in stack.iter().rev() {
                    cut.close.push_str("</");
                    cut.close.push_str(name);
                    cut.close.push('>');
                }
                found.push((unescape(id), cut));
            }
            i = tag_end.max(i);
        }
        out.push_str(&html[copied..]);
        // Headings and found ids are both in document order: walk them together.
        let mut next = 0;
        let cuts = headings
            .iter()
            .map(|h| {
                let k = found[next..].iter().position(|(id, _)| *id == h.id)?;
                next += k + 1;
                Some(std::mem::take(&mut found[next - 1].1))
            })
            .collect();
        ViewHtml { html: out, cuts }
    }

    /// The parts of this version, row by row: the part before the first cut (row 0),
    /// then one part per row (`cuts` has one entry per row; `None` where this
    /// version has no section of its own there: an empty part, its text stays in the
    /// row before). Each part opens the wrappers open at its start and closes those
    /// open at its end.
    pub(super) fn row_parts<'v>(&'v self, cuts: &[Option<&'v Cut>]) -> Vec<Part<'v>> {
        let starts: Vec<Option<&Cut>> = std::iter::once(Some(&TOP)).chain(cuts.iter().copied()).collect();
        let mut out = Vec::with_capacity(starts.len());
        for (r, start) in starts.iter().enumerate() {
            let Some(start) = start else {
                out.push(Part::default());
                continue;
            };
            let end = starts[r + 1..].iter().flatten().next();
            let body = &self.html[start.at..end.map_or(self.html.len(), |c| c.at)];
            if shows_nothing(body) {
                // Only tags around nothing (the part before the first heading, often).
                out.push(Part::default());
                continue;
            }
            out.push(Part { reopen: &start.reopen, body, close: end.map_or("", |c| &c.close) });
        }
        out
    }
}

/// The length of the run of ASCII letters and digits `b` starts with.
fn alphanumeric(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
}

/// One version's part of a row, as three pieces of its [`ViewHtml`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Part<'v> {
    /// The wrappers opened again.
    pub(super) reopen: &'v str,
    /// The version's HTML from its cut to the next.
    pub(super) body: &'v str,
    /// The wrappers closed.
    pub(super) close: &'v str,
}

impl Part<'_> {
    pub(super) fn len(&self) -> usize {
        self.reopen.len() + self.body.len() + self.close.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Display for Part<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reopen)?;
        f.write_str(self.body)?;
        f.write_str(self.close)
    }
}

/// Templates get the part as one string.
impl Serialize for Part<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A start tag without its `id` (a wrapper opened again must not repeat it).
fn without_id(tag: &str) -> String {
    match RawAttrs::new(tag).find(|a| a.is("id")) {
        Some(id) => {
            // From the space before the name to the end of the value (and its quote).
            let name_at = tag[..id.value.start].rfind(|c: char| c.is_ascii_whitespace()).unwrap_or(0);
            let end = if tag[id.value.end..].starts_with(['"', '\'']) { id.value.end + 1 } else { id.value.end };
            format!("{}{}", &tag[..name_at], &tag[end..])
        }
        None => tag.to_owned(),
    }
}

/// The few entities an attribute value written by the Markdown renderer holds.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&amp;", "&")
}

/// Where another version is cut, row by row: for each row (a pivot heading), the
/// cut before this version's heading aligned with it, kept only when it comes after
/// the previous kept cut (order is kept; a section that aligns with nothing stays
/// in the row before).
pub(super) fn matched_cuts<'v>(
    aligned_ids: &[&str],
    headings: &[Heading],
    own: &'v [Option<Cut>],
) -> Vec<Option<&'v Cut>> {
    let index: rustc_hash::FxHashMap<&str, usize> =
        headings.iter().enumerate().map(|(k, h)| (h.id.as_str(), k)).collect();
    let mut last: Option<usize> = None;
    aligned_ids
        .iter()
        .map(|id| {
            let cut = own[*index.get(id)?].as_ref()?;
            if last.is_some_and(|l| cut.at <= l) {
                return None;
            }
            last = Some(cut.at);
            Some(cut)
        })
        .collect()
}

/// Whether a piece of HTML shows nothing: no text outside its tags, no image or
/// other embedded content.
fn shows_nothing(html: &str) -> bool {
    let mut rest = html;
    loop {
        let lt = rest.find('<').unwrap_or(rest.len());
        if !blank(&rest[..lt]) {
            return false;
        }
        if lt == rest.len() {
            return true;
        }
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |k| lt + k + 1);
        let name_len = rest[lt + 1..tag_end].bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = &rest[lt + 1..lt + 1 + name_len];
        if ["img", "iframe", "video", "audio", "svg", "object", "embed", "hr", "table"]
            .iter()
            .any(|embedded| embedded.eq_ignore_ascii_case(name))
        {
            return false;
        }
        rest = &rest[tag_end..];
    }
}

/// Text between tags that shows nothing: whitespace and `&nbsp;` only.
fn blank(text: &str) -> bool {
    text.split("&nbsp;").all(|piece| piece.trim().is_empty())
}

/// What [`ViewHtml`] does to an attribute's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rebased {
    /// `id`, `name`: prefixed.
    Id,
    /// `for` and the ARIA references: each id of the list prefixed.
    IdList,
    /// `href`, `src`: a fragment prefixed, a relative URL rebased.
    Url,
}

impl Rebased {
    /// Whether a value of this kind changes in the view.
    fn changes(self, value: &str) -> bool {
        match self {
            Rebased::Id | Rebased::IdList => true,
            Rebased::Url => value.starts_with('#') || is_relative(value),
        }
    }

    /// Pushes a value that [`Self::changes`] as the view writes it.
    fn push(self, out: &mut String, value: &str, seg: &str, prefix: &str) {
        let prefixed = |out: &mut String, id: &str| {
            out.push_str(seg);
            out.push(':');
            out.push_str(id);
        };
        match self {
            Rebased::Id => prefixed(out, value),
            Rebased::IdList => {
                for (k, id) in value.split_ascii_whitespace().enumerate() {
                    if k > 0 {
                        out.push(' ');
                    }
                    prefixed(out, id);
                }
            }
            Rebased::Url => match value.strip_prefix('#') {
                Some(fragment) => {
                    out.push('#');
                    prefixed(out, fragment);
                }
                None => {
                    out.push_str(prefix);
                    out.push_str(value);
                }
            },
        }
    }
}

/// The attributes (named in any case) that [`ViewHtml`] changes.
fn rebased(name: &str) -> Option<Rebased> {
    // Lower-cased on the stack: the longest is `aria-describedby` (16 bytes).
    let mut lower = [0u8; 16];
    if !(2..=16).contains(&name.len()) {
        return None;
    }
    for (l, b) in lower.iter_mut().zip(name.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    match &lower[..name.len()] {
        b"id" | b"name" => Some(Rebased::Id),
        b"for" | b"aria-controls" | b"aria-labelledby" | b"aria-describedby" => Some(Rebased::IdList),
        b"href" | b"src" => Some(Rebased::Url),
        _ => None,
    }
}

/// A URL relative to its document's folder: no scheme, not rooted, not empty.
fn is_relative(url: &str) -> bool {
    let scheme = url.find(':').is_some_and(|c| {
        url[..c].chars().all(|ch| ch.is_ascii_alphanumeric() || "+-.".contains(ch))
            && url[..c].chars().next().is_some_and(|ch| ch.is_ascii_alphabetic())
            && !url[..c].contains('/')
    });
    !url.is_empty() && !scheme && !url.starts_with('/') && !url.starts_with('?')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(spec: &[(u8, &str)]) -> Vec<Heading> {
        spec.iter().map(|(l, id)| Heading { level: *l, id: (*id).into(), text: String::new() }).collect()
    }

    fn at(cuts: &[Option<Cut>]) -> Vec<Option<usize>> {
        cuts.iter().map(|c| c.as_ref().map(|c| c.at)).collect()
    }

    /// Where `html` may be cut before each heading (ids and URLs left alone: no
    /// attribute here is rebased... except ids, prefixed with `v:`).
    fn cuts(html: &str, heads: &[Heading]) -> ViewHtml {
        ViewHtml::new(html, heads, "v", "")
    }

    /// The parts of a version cut everywhere it may be.
    fn parts(view: &ViewHtml) -> Vec<String> {
        let all: Vec<Option<&Cut>> = view.cuts.iter().map(Option::as_ref).collect();
        view.row_parts(&all).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn cuts_only_outside_lists_tables_and_alerts() {
        let html = "<h1 id=\"t\">T</h1>\n<p>x</p>\n<ul><li><h2 id=\"in-list\">L</h2></li></ul>\n\
                    <div class=\"alert\" role=\"note\"><h3 id=\"in-alert\">A</h3></div>\n<h2 id=\"b&amp;c\">B</h2>\n<br/><h2 id=\"d\">D</h2>";
        let heads = hs(&[(1, "t"), (2, "in-list"), (3, "in-alert"), (2, "b&c"), (2, "d")]);
        let view = cuts(html, &heads);
        let found = at(&view.cuts);
        assert_eq!(found[..3], [Some(0), None, None]);
        assert!(view.html[found[3].unwrap()..].starts_with("<h2 id=\"v:b&amp;c\""));
        assert!(view.html[found[4].unwrap()..].starts_with("<h2 id=\"v:d\""));
    }

    #[test]
    fn cuts_inside_a_plain_wrapper_close_and_reopen_it() {
        let html = "<div data-xmlns=\"x\">\n<h1 id=\"t\">T</h1>\n<p>a</p>\n<h2 id=\"s\">S</h2>\n<p>b</p>\n</div>\n";
        let view = cuts(html, &hs(&[(1, "t"), (2, "s")]));
        let cut = view.cuts[1].as_ref().unwrap();
        assert_eq!((cut.reopen.as_str(), cut.close.as_str()), ("<div data-xmlns=\"x\">", "</div>"));
        assert_eq!(
            parts(&view),
            [
                "",
                "<div data-xmlns=\"x\"><h1 id=\"v:t\">T</h1>\n<p>a</p>\n</div>",
                "<div data-xmlns=\"x\"><h2 id=\"v:s\">S</h2>\n<p>b</p>\n</div>\n",
            ]
        );
        // DocFX's nested wrappers, one with an id (not repeated when opened again).
        let html = "<div class=\"topic\"><div class=\"section\" id=\"sec\">\n<h2 id=\"a\">A</h2></div></div>";
        let view = cuts(html, &hs(&[(2, "a")]));
        let cut = view.cuts[0].as_ref().unwrap();
        assert_eq!(cut.reopen, "<div class=\"topic\"><div class=\"section\">");
        assert_eq!(cut.close, "</div></div>");
        assert_eq!(parts(&view)[0], "", "the wrappers alone show nothing");
    }

    #[test]
    fn reopened_wrappers_are_rebased_too() {
        let html = "<div aria-labelledby=\"x\"><h2 id=\"a\">A</h2><p>a</p><h2 id=\"b\">B</h2></div>";
        let view = cuts(html, &hs(&[(2, "a"), (2, "b")]));
        assert_eq!(parts(&view)[2], "<div aria-labelledby=\"v:x\"><h2 id=\"v:b\">B</h2></div>");
    }

    #[test]
    fn unbalanced_raw_html_only_loses_cuts() {
        let html = "<ul><p>never closed</p>\n<h2 id=\"a\">A</h2>";
        assert_eq!(at(&cuts(html, &hs(&[(2, "a")])).cuts), [None]);
        let html = "</div></div><h2 id=\"a\">A</h2>";
        assert_eq!(at(&cuts(html, &hs(&[(2, "a")])).cuts), [Some(12)]);
        // A `>` inside a quoted value does not end the tag: the alert stays an alert.
        let html = "<div title=\"a>b\" role=\"note\"><h2 id=\"a\">A</h2></div>";
        assert_eq!(at(&cuts(html, &hs(&[(2, "a")])).cuts), [None]);
    }

    fn cut(at: usize) -> Option<Cut> {
        Some(Cut { at, ..Cut::default() })
    }

    #[test]
    fn rows_follow_the_pivot_and_keep_order() {
        // Pivot rows: h1, h2 a, h2 b, h2 c. Other: h1, h2 x, h2 y (nothing for b).
        let other_heads = hs(&[(1, "u"), (2, "x"), (2, "y")]);
        let own = [cut(0), cut(5), cut(9)];
        let found = matched_cuts(&["u", "x", "x", "y"], &other_heads, &own);
        assert_eq!(found.iter().map(|c| c.map(|c| c.at)).collect::<Vec<_>>(), [Some(0), Some(5), None, Some(9)]);
        let view = ViewHtml { html: "0123456789abc".into(), cuts: Vec::new() };
        let parts: Vec<String> = view.row_parts(&found).iter().map(ToString::to_string).collect();
        assert_eq!(parts, ["", "01234", "5678", "", "9abc"]);
    }

    #[test]
    fn out_of_order_alignment_is_dropped() {
        let heads = hs(&[(2, "x"), (2, "y")]);
        let own = [cut(0), cut(5)];
        let found = matched_cuts(&["y", "x"], &heads, &own);
        assert_eq!(found.iter().map(|c| c.map(|c| c.at)).collect::<Vec<_>>(), [Some(5), None]);
    }

    #[test]
    fn rebases_urls_and_prefixes_ids() {
        let html = r##"<h2 id="配置">配置</h2><a href="#配置">x</a><a href="other.html#y">o</a><img src="images/a%20(1).png"><a href="https://e.com/">e</a><a href="/root">r</a><a href="mailto:a@b">m</a><sup><a href="#1" id="r1">1</a></sup>"##;
        let out = ViewHtml::new(html, &[], "zh-cn", "../../zh-cn/guide/").html;
        assert_eq!(
            out,
            r##"<h2 id="zh-cn:配置">配置</h2><a href="#zh-cn:配置">x</a><a href="../../zh-cn/guide/other.html#y">o</a><img src="../../zh-cn/guide/images/a%20(1).png"><a href="https://e.com/">e</a><a href="/root">r</a><a href="mailto:a@b">m</a><sup><a href="#zh-cn:1" id="zh-cn:r1">1</a></sup>"##
        );
    }

    #[test]
    fn rebases_id_lists_and_names_in_any_case() {
        let html = r#"<LABEL FOR="a b">x</LABEL><div aria-labelledby="t" Aria-Describedby="d"><a NAME="n" data-id="k"></a></div>"#;
        assert_eq!(
            ViewHtml::new(html, &[], "es-es", "../").html,
            r#"<LABEL FOR="es-es:a es-es:b">x</LABEL><div aria-labelledby="es-es:t" Aria-Describedby="es-es:d"><a NAME="es-es:n" data-id="k"></a></div>"#
        );
        for name in ["DIV", "Section", "blockquote", "ul", "MAIN"] {
            assert_eq!(container(name).map(str::len), Some(name.len()), "{name}");
        }
        for name in ["span", "p", "h2", "divs", "d", "blockquotes", "pre"] {
            assert_eq!(container(name), None, "{name}");
        }
    }

    /// The first form of the rebasing: every attribute [`RawAttrs`] finds, its new
    /// value made with `format!`.
    fn rebased_attribute_by_attribute(html: &str, seg: &str, prefix: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for attr in RawAttrs::new(html) {
            let Some(kind) = rebased(attr.name) else { continue };
            let value = &html[attr.value.clone()];
            let new = match kind {
                Rebased::Id => Some(format!("{seg}:{value}")),
                Rebased::IdList => {
                    Some(value.split_ascii_whitespace().map(|v| format!("{seg}:{v}")).collect::<Vec<_>>().join(" "))
                }
                Rebased::Url => match value.strip_prefix('#') {
                    Some(fragment) => Some(format!("#{seg}:{fragment}")),
                    None if is_relative(value) => Some(format!("{prefix}{value}")),
                    None => None,
                },
            };
            if let Some(new) = new {
                out.push_str(&html[last..attr.value.start]);
                out.push_str(&new);
                last = attr.value.end;
            }
        }
        out.push_str(&html[last..]);
        out
    }

    proptest::proptest! {
        #[test]
        fn one_pass_rebases_as_attribute_by_attribute(
            html in proptest::string::string_regex(
                "(<|>|<a|<H2|<div|</div>|<ul>|</p>| |=|\"|'|x|href|id|for|src|name|role|#|/|:|配)*"
            ).unwrap()
        ) {
            proptest::prop_assert_eq!(
                ViewHtml::new(&html, &hs(&[(2, "x")]), "s", "../").html,
                rebased_attribute_by_attribute(&html, "s", "../")
            );
        }
    }

    #[test]
    fn relative_urls() {
        for url in ["a.html", "../x/y.png", "images/a (1).png", "a/b:c.html"] {
            assert!(is_relative(url), "{url}");
        }
        for url in ["", "/a", "https://x", "mailto:a", "data:image/png;base64,xx", "?q"] {
            assert!(!is_relative(url), "{url}");
        }
    }
}
