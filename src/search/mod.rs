//! Search: one static full-text index per locale, written at build time and
//! searched in the reader's browser by the theme's `search.js` (no server, no wasm).
//!
//! What goes in is decided by the templates and by the caller: the caller hands
//! over article pages only (no redirects; `includes/` fragments are never pages),
//! and only the element marked `data-search-body` is read ([`extract`]: the article
//! in `page.html`: title, body and code). Its text becomes terms ([`tokenize`]:
//! folded, stemmed for the language, CJK text as character pairs); the title and
//! headings weigh more than body text; each heading with an `id` is a section a
//! result can land on. The language of an index is its locale's, so a new locale
//! needs no code.
//!
//! Pages arrive one at a time, from any thread, in any order
//! ([`SearchIndex::add_page`]): each is read and split into terms on the thread
//! that rendered it, and kept at its place in the order given to
//! [`SearchIndex::new`], so two builds write the same files byte for byte.
//! [`SearchIndex::finish`] writes each locale's files ([`files`]): a small
//! `meta.json`, the terms in sorted chunks (a query loads only the chunks of its
//! words) and the pages' texts in bundles (a result loads only its bundle).

mod counts;
pub mod extract;
mod files;
pub mod stem;
pub mod tokenize;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use rayon::prelude::*;

use crate::config::LocaleConfig;
use crate::error::Error;
use crate::model::Page;
use crate::output::Sink;
use crate::render::site::OutputFile;
use counts::TermCounts;
use tokenize::Tokenizer;

/// The folder of a locale's index, inside the locale's folder.
const INDEX_DIR: &str = "search-index";

/// The site path of the index's entry file for the locale whose output folder is
/// `locale_dir` (`es-es/`): what the search box loads.
pub fn meta_path(locale_dir: &str) -> String {
    format!("{locale_dir}{INDEX_DIR}/{}", files::META)
}

/// Characters escaped in the page URLs stored in the index (they are joined to a
/// base URL in the browser).
const URL_ESCAPE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`');

/// The search indexes of a build, one per locale, filled page by page.
pub struct SearchIndex {
    /// Per locale of the book, its index if it has pages to index.
    locales: Vec<Option<LocaleIndex>>,
    /// Site path of each page to index → its locale and its position in that
    /// locale's order.
    slots: HashMap<String, (usize, usize)>,
    started: Instant,
}

/// One locale's index being filled.
struct LocaleIndex {
    /// The locale's output folder (`es-es/`).
    dir: String,
    /// The locale's language tag.
    language: String,
    tokenizer: Tokenizer,
    /// Per position: the page's URL inside the locale's folder and its title.
    plan: Vec<(String, String)>,
    /// Per position: the page's record, once it has arrived.
    records: Mutex<Vec<Option<Record>>>,
    /// Thread time spent reading pages.
    adding: Mutex<Duration>,
}

/// What the index keeps of a page.
struct Record {
    text: String,
    /// Per heading: its text's range in UTF-16 units (as the browser counts), its
    /// level and id.
    headings: Vec<(usize, usize, u8, String)>,
    /// Per term: its weighted count and whether it is in the title.
    terms: TermCounts,
    /// Terms in the page.
    length: u32,
    /// Terms in the title.
    title_length: u32,
}

/// How much a term counts in a heading other than the title, against 1 in the body.
const HEADING_WEIGHT: u32 = 3;

/// Figures of a finished index, for `--verbose` and benchmarks.
#[derive(Debug, Clone, Default)]
pub struct SearchStats {
    /// Per locale (output folder): pages, files, bytes, time reading pages, time
    /// writing files.
    pub locales: Vec<LocaleStats>,
    /// Wall time of [`SearchIndex::finish`].
    pub finish: Duration,
    /// Wall time from [`SearchIndex::new`] to the end of [`SearchIndex::finish`].
    pub total: Duration,
}

/// Figures of one locale's index.
#[derive(Debug, Clone, Default)]
pub struct LocaleStats {
    /// The locale's output folder (`es-es/`).
    pub dir: String,
    /// Pages indexed.
    pub pages: usize,
    /// Distinct terms.
    pub terms: usize,
    /// Files written.
    pub files: usize,
    /// Their bytes.
    pub bytes: usize,
    /// Thread time spent reading pages (text and terms).
    pub adding: Duration,
    /// Time spent writing the files.
    pub building: Duration,
}

impl SearchIndex {
    /// An empty index for the pages listed in `order` (each once; redirect pages are
    /// left out), which is the order they are stored in.
    pub fn new(
        locales: &[LocaleConfig],
        pages: &[Page],
        order: impl IntoIterator<Item = usize>,
    ) -> Result<Self, Error> {
        let dirs: Vec<String> = locales.iter().map(|l| format!("{}/", l.tag.url_segment())).collect();
        let mut plans: Vec<Vec<(String, String)>> = vec![Vec::new(); locales.len()];
        let mut slots = HashMap::new();
        for i in order {
            let page = &pages[i];
            if page.front.redirect_url.is_some() {
                continue;
            }
            let Some(inside) = page.url.strip_prefix(&dirs[page.locale]) else { continue };
            let plan = &mut plans[page.locale];
            slots.insert(page.url.clone(), (page.locale, plan.len()));
            plan.push((utf8_percent_encode(inside, URL_ESCAPE).to_string(), page.title.clone()));
        }
        let locales = locales
            .iter()
            .zip(dirs)
            .zip(plans)
            .map(|((locale, dir), plan)| {
                (!plan.is_empty()).then(|| {
                    let language = locale.tag.as_str().to_owned();
                    LocaleIndex {
                        dir,
                        tokenizer: Tokenizer::new(&language),
                        language,
                        records: Mutex::new((0..plan.len()).map(|_| None).collect()),
                        plan,
                        adding: Mutex::new(Duration::ZERO),
                    }
                })
            })
            .collect();
        Ok(Self { locales, slots, started: Instant::now() })
    }

    /// Takes the rendered HTML of the page written at `site_path`; other files
    /// (redirects, pages not given to [`SearchIndex::new`]) are ignored. Callable
    /// from any thread: the page is read on the caller's.
    pub fn add_page(&self, site_path: &str, html: &str) {
        let Some(&(locale, position)) = self.slots.get(site_path) else { return };
        let Some(index) = &self.locales[locale] else { return };
        let t = Instant::now();
        let record = index.record(html);
        *index.adding.lock().unwrap_or_else(|e| e.into_inner()) += t.elapsed();
        index.records.lock().unwrap_or_else(|e| e.into_inner())[position] = Some(record);
    }

    /// Writes every locale's index (locales side by side) and returns its files,
    /// `<locale>/search-index/…`, with the figures. Pages that never arrived (their
    /// rendering failed) are left out.
    pub fn finish(self) -> Result<(Vec<OutputFile>, SearchStats), Error> {
        let started = Instant::now();
        let built: Vec<(Vec<OutputFile>, LocaleStats)> = self
            .locales
            .into_par_iter()
            .flatten()
            .map(|index| {
                let t = Instant::now();
                let records = index.records.into_inner().unwrap_or_else(|e| e.into_inner());
                let pages: Vec<files::IndexedPage> = index
                    .plan
                    .iter()
                    .zip(records)
                    .filter_map(|((url, title), r)| r.map(|r| files::IndexedPage { url, title, record: r }))
                    .collect();
                let written = files::write(&pages, &index.language, index.tokenizer.stemmer());
                let stats = LocaleStats {
                    dir: index.dir.clone(),
                    pages: pages.len(),
                    terms: written.terms,
                    files: written.files.len(),
                    bytes: written.files.iter().map(|(_, b)| b.len()).sum(),
                    adding: index.adding.into_inner().unwrap_or_else(|e| e.into_inner()),
                    building: t.elapsed(),
                };
                let out = written
                    .files
                    .into_iter()
                    .map(|(name, contents)| OutputFile::Bytes {
                        path: format!("{}{INDEX_DIR}/{name}", index.dir),
                        contents,
                    })
                    .collect();
                (out, stats)
            })
            .collect();
        let mut all = Vec::new();
        let mut stats = SearchStats::default();
        for (files, locale) in built {
            all.extend(files);
            stats.locales.push(locale);
        }
        stats.finish = started.elapsed();
        stats.total = self.started.elapsed();
        Ok((all, stats))
    }
}

impl LocaleIndex {
    /// Reads a page: its text, headings and weighted terms.
    fn record(&self, html: &str) -> Record {
        let page = extract::extract(html);
        let mut counts = TermCounts::default();
        let mut length = 0u32;
        let mut title_length = 0u32;
        let mut h = 0;
        self.tokenizer.terms(&page.text, |term, at| {
            while page.headings.get(h).is_some_and(|x| x.end <= at) {
                h += 1;
            }
            let heading = page.headings.get(h).filter(|x| x.start <= at);
            let count = counts.get(term);
            match heading.map(|x| x.level) {
                Some(1) => {
                    count.in_title = true;
                    title_length += 1;
                    count.weight += 1;
                }
                Some(_) => count.weight += HEADING_WEIGHT,
                None => count.weight += 1,
            }
            length += 1;
        });
        let bounds = utf16_offsets(&page.text, page.headings.iter().flat_map(|x| [x.start, x.end]));
        let headings =
            page.headings.iter().zip(bounds.chunks(2)).map(|(x, b)| (b[0], b[1], x.level, x.id.clone())).collect();
        counts.shrink();
        Record { text: page.text, headings, terms: counts, length, title_length }
    }
}

/// Byte offsets in `text` (in increasing order) → offsets in UTF-16 units, as the
/// browser counts.
fn utf16_offsets(text: &str, bytes: impl Iterator<Item = usize>) -> Vec<usize> {
    let (mut byte, mut unit) = (0, 0);
    bytes
        .map(|to| {
            unit += text[byte..to].chars().map(char::len_utf16).sum::<usize>();
            byte = to;
            unit
        })
        .collect()
}

/// A [`Sink`] that hands each article page to the search index on its way to the
/// real sink (the staging folder, or the memory of `serve`).
pub struct Indexing<'a> {
    /// The index.
    pub index: &'a SearchIndex,
    /// Where files go.
    pub inner: &'a dyn Sink,
}

impl Sink for Indexing<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        if let OutputFile::Text { path, contents } = &file {
            self.index.add_page(path, contents);
        }
        self.inner.put(file)
    }
}

#[cfg(test)]
mod tests;
