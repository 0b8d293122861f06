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
//! that rendered it, then taken in the order given to [`SearchIndex::new`] (a page
//! that comes early waits for the pages before it), so two builds write the same
//! files byte for byte. As pages are taken, their text goes out at once in page
//! bundles (returned by `add_page`, for the caller's sink) and their terms join the
//! locale's postings: memory holds the postings, not the pages' text.
//! [`SearchIndex::finish`] writes the rest ([`files`]): a small `meta.json` and the
//! terms in sorted chunks (a query loads only the chunks of its words; a result
//! only its bundle).

mod counts;
pub mod extract;
mod files;
mod json;
pub mod stem;
mod table;
pub mod tokenize;

use rustc_hash::FxHashMap;
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
    [locale_dir, INDEX_DIR, "/", files::META].concat()
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
    slots: FxHashMap<String, (usize, usize)>,
    /// Where reading a page may start ([`extract::extract_from`]).
    body_start: Option<&'static str>,
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
    taken: Mutex<Taken>,
    /// Thread time spent reading pages.
    adding: Mutex<Duration>,
}

/// A locale's pages as they are taken in order.
#[derive(Default)]
struct Taken {
    /// Per position: the page's record, from its arrival until it is taken.
    waiting: Vec<Option<Record>>,
    /// The next position to take.
    cursor: usize,
    /// The index being built.
    postings: files::Postings,
    bundles: files::Bundler,
    /// Bundle files written, and their bytes.
    files: usize,
    bytes: usize,
}

/// What the index keeps of a page until it is taken.
struct Record {
    /// The page's entry in its bundle.
    entry: String,
    /// Per term: its weighted count and whether it is in the title.
    terms: TermCounts,
    /// Terms in the page, and in its title.
    length: u32,
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
    pub fn new(locales: &[LocaleConfig], pages: &[Page], order: impl IntoIterator<Item = usize>) -> Self {
        let dirs: Vec<String> = locales.iter().map(|l| l.tag.url_dir().to_owned()).collect();
        let mut plans: Vec<Vec<(String, String)>> = vec![Vec::new(); locales.len()];
        let mut slots = FxHashMap::default();
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
                        taken: Mutex::new(Taken {
                            waiting: (0..plan.len()).map(|_| None).collect(),
                            ..Taken::default()
                        }),
                        plan,
                        adding: Mutex::new(Duration::ZERO),
                    }
                })
            })
            .collect();
        Self { locales, slots, body_start: None }
    }

    /// Pages written by a template whose marked element starts with `tag` (its first
    /// occurrence in a page): reading starts there ([`extract::extract_from`]).
    pub fn with_body_start(mut self, tag: Option<&'static str>) -> Self {
        self.body_start = tag;
        self
    }

    /// Takes the rendered HTML of the page written at `site_path`; other files
    /// (redirects, pages not given to [`SearchIndex::new`]) are ignored. Callable
    /// from any thread: the page is read on the caller's. Returns the page bundles
    /// this page completed, for the caller to write.
    pub fn add_page(&self, site_path: &str, html: &str) -> Vec<OutputFile> {
        let Some(&(locale, position)) = self.slots.get(site_path) else { return Vec::new() };
        let Some(index) = &self.locales[locale] else { return Vec::new() };
        let t = Instant::now();
        let record = index.record(position, html, self.body_start);
        *index.adding.lock().unwrap_or_else(|e| e.into_inner()) += t.elapsed();
        let mut taken = index.taken.lock().unwrap_or_else(|e| e.into_inner());
        taken.waiting[position] = Some(record);
        let mut out = Vec::new();
        while let Some(record) = {
            let cursor = taken.cursor;
            taken.waiting.get_mut(cursor).and_then(Option::take)
        } {
            taken.cursor += 1;
            out.extend(taken.take(record).map(|file| index_file(&index.dir, file)));
        }
        out
    }

    /// Writes the rest of every locale's index (locales side by side) into `sink`:
    /// the last bundle, the term chunks and `meta.json`, `<locale>/search-index/…`.
    /// Pages that never arrived (their rendering failed) are left out.
    pub fn finish(self, sink: &dyn Sink) -> Result<SearchStats, Error> {
        let started = Instant::now();
        let built: Vec<Result<LocaleStats, Error>> = self
            .locales
            .into_par_iter()
            .flatten()
            .map(|index| {
                let t = Instant::now();
                let mut taken = index.taken.into_inner().unwrap_or_else(|e| e.into_inner());
                for position in taken.cursor..taken.waiting.len() {
                    if let Some(file) = taken.waiting[position].take().and_then(|r| taken.take(r)) {
                        sink.put(index_file(&index.dir, file))?;
                    }
                }
                let Taken { postings, bundles, mut files, mut bytes, .. } = taken;
                let pages = postings.pages();
                let terms = postings.terms();
                let rest = files::finish(postings, bundles, &index.language, index.tokenizer.stemmer());
                files += rest.len();
                bytes += rest.iter().map(|f| f.1.len()).sum::<usize>();
                rest.into_par_iter().try_for_each(|file| sink.put(index_file(&index.dir, file)))?;
                Ok(LocaleStats {
                    dir: index.dir.clone(),
                    pages,
                    terms,
                    files,
                    bytes,
                    adding: index.adding.into_inner().unwrap_or_else(|e| e.into_inner()),
                    building: t.elapsed(),
                })
            })
            .collect();
        let mut stats = SearchStats::default();
        for locale in built {
            stats.locales.push(locale?);
        }
        stats.finish = started.elapsed();
        Ok(stats)
    }
}

impl Taken {
    /// Takes the next page in order: its terms join the postings, its entry the
    /// current bundle; returns the bundle it completed, if any.
    fn take(&mut self, record: Record) -> Option<(String, Vec<u8>)> {
        let id = self.postings.add(&record.terms, record.length, record.title_length);
        let file = self.bundles.push(id, record.entry);
        if let Some((_, bytes)) = &file {
            self.files += 1;
            self.bytes += bytes.len();
        }
        file
    }
}

impl LocaleIndex {
    /// Reads a page: its bundle entry and weighted terms.
    fn record(&self, position: usize, html: &str, body_start: Option<&str>) -> Record {
        let page = extract::extract_from(html, body_start);
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
        let headings: Vec<(usize, usize, u8, &str)> =
            page.headings.iter().zip(bounds.chunks(2)).map(|(x, b)| (b[0], b[1], x.level, x.id.as_str())).collect();
        let (url, title) = &self.plan[position];
        counts.shrink();
        Record { entry: files::page_entry(url, title, &page.text, &headings), terms: counts, length, title_length }
    }
}

/// A file of the index of the locale whose folder is `dir`, as a site file.
fn index_file(dir: &str, (name, contents): (String, Vec<u8>)) -> OutputFile {
    OutputFile::Bytes { path: format!("{dir}{INDEX_DIR}/{name}"), contents }
}

/// Byte offsets in `text` (in increasing order) → offsets in UTF-16 units, as the
/// browser counts.
fn utf16_offsets(text: &str, bytes: impl Iterator<Item = usize>) -> Vec<usize> {
    let (mut byte, mut unit) = (0, 0);
    bytes
        .map(|to| {
            unit += utf16_len(&text.as_bytes()[byte..to]);
            byte = to;
            unit
        })
        .collect()
}

/// The UTF-16 length of whole UTF-8 characters: one unit per character (per byte
/// that is not a continuation byte), two for a character of four bytes.
fn utf16_len(utf8: &[u8]) -> usize {
    utf8.iter().map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
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
        let bundles = match &file {
            OutputFile::Text { path, contents } => self.index.add_page(path, contents),
            _ => Vec::new(),
        };
        self.inner.put(file)?;
        bundles.into_iter().try_for_each(|b| self.inner.put(b))
    }
}

#[cfg(test)]
mod tests;
