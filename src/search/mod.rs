//! Search: one static full-text index per locale, written at build time by the
//! pagefind library and searched in the reader's browser by the theme's
//! `search.js` through pagefind's JS API. This module alone knows pagefind.
//!
//! What goes in is decided by the templates and by the caller: the caller hands
//! over article pages only (no redirects; `includes/` fragments are never pages),
//! and pagefind reads only the element marked `data-pagefind-body` (the article in
//! `page.html`: title, body and code; not the sidebar, switcher, breadcrumbs or
//! notices). Each heading with an `id` becomes a sub-result that lands on its
//! section; an `h1` weighs more than body text. The language of an index is the
//! pages' `<html lang>`, so a new locale needs no code.
//!
//! Pages arrive one at a time, from any thread, in any order
//! ([`SearchIndex::add_page`]). Each locale has one indexing thread that owns its
//! pagefind index and a small tokio runtime (pagefind's API is async). Pages reach
//! pagefind in the order given to [`SearchIndex::new`], whatever order they were
//! rendered in, so two builds write the same index byte for byte: a page that comes
//! early waits in a [`reorder`] buffer for the pages before it. [`SearchIndex::finish`]
//! builds the indexes, one locale after the other, and returns their files,
//! `<locale>/pagefind/…`.

pub mod reorder;

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::config::LocaleConfig;
use crate::diagnostics::{Diagnostic, Kind};
use crate::error::Error;
use crate::model::Page;
use crate::output::Sink;
use crate::render::site::OutputFile;
use reorder::Reorder;

/// The folder of a locale's index, inside the locale's folder.
const INDEX_DIR: &str = "pagefind";

/// The site path of the script that opens the index of the locale whose output
/// folder is `locale_dir` (`es-es/`): what the search box imports.
pub fn script_path(locale_dir: &str) -> String {
    format!("{locale_dir}{INDEX_DIR}/pagefind.js")
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

/// One locale's index: the pages waiting for their turn, and the thread that feeds
/// them to pagefind.
struct LocaleIndex {
    /// The locale's output folder (`es-es/`).
    dir: String,
    /// Per position: the page's source file (for diagnostics) and its URL inside
    /// the locale's folder.
    pages: Vec<(std::path::PathBuf, String)>,
    feed: Mutex<Feed>,
    worker: JoinHandle<Result<Indexed, String>>,
}

struct Feed {
    reorder: Reorder<String>,
    /// `None` once finished.
    tx: Option<Sender<Record>>,
}

/// A page on its way to pagefind.
struct Record {
    position: usize,
    url: String,
    html: String,
}

/// What an indexing thread returns.
struct Indexed {
    files: Vec<(String, Vec<u8>)>,
    /// Positions of pages pagefind could not read, with its message.
    failed: Vec<(usize, String)>,
    /// Time spent adding pages (parsing, splitting words).
    adding: Duration,
    /// Time spent building the index files.
    building: Duration,
}

/// Figures of a finished index, for `--verbose` and benchmarks.
#[derive(Debug, Clone, Default)]
pub struct SearchStats {
    /// Per locale (output folder): pages, files, bytes, time adding pages, time
    /// building files.
    pub locales: Vec<LocaleStats>,
    /// Wall time of [`SearchIndex::finish`] (building and collecting the files).
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
    /// Files written.
    pub files: usize,
    /// Their bytes.
    pub bytes: usize,
    /// Thread time spent adding pages.
    pub adding: Duration,
    /// Thread time spent building the index files.
    pub building: Duration,
    /// The most pages that waited at once for an earlier page.
    pub peak_waiting: usize,
}

impl SearchIndex {
    /// Starts one indexing thread per locale that has pages in `order`, the order
    /// pages are indexed in (each page once; the order the page stage visits them in
    /// keeps the reorder buffer small); redirect pages are left out.
    pub fn new(
        locales: &[LocaleConfig],
        pages: &[Page],
        order: impl IntoIterator<Item = usize>,
    ) -> Result<Self, Error> {
        let mut plans: Vec<Vec<(std::path::PathBuf, String)>> = vec![Vec::new(); locales.len()];
        let dirs: Vec<String> = locales.iter().map(|l| format!("{}/", l.tag.url_segment())).collect();
        let mut slots = HashMap::new();
        for i in order {
            let page = &pages[i];
            if page.front.redirect_url.is_some() {
                continue;
            }
            let Some(inside) = page.url.strip_prefix(&dirs[page.locale]) else { continue };
            let plan = &mut plans[page.locale];
            slots.insert(page.url.clone(), (page.locale, plan.len()));
            plan.push((page.path.clone(), utf8_percent_encode(inside, URL_ESCAPE).to_string()));
        }
        let mut indexes = Vec::with_capacity(locales.len());
        for (dir, pages) in dirs.into_iter().zip(plans) {
            if pages.is_empty() {
                indexes.push(None);
                continue;
            }
            let (tx, rx) = channel();
            let worker = std::thread::Builder::new()
                .name(format!("search {dir}"))
                .spawn(move || index_locale(rx))
                .map_err(|e| Error::Search(format!("cannot start the indexing thread: {e}")))?;
            indexes.push(Some(LocaleIndex {
                dir,
                pages,
                feed: Mutex::new(Feed { reorder: Reorder::default(), tx: Some(tx) }),
                worker,
            }));
        }
        Ok(Self { locales: indexes, slots, started: Instant::now() })
    }

    /// Takes the rendered HTML of the page written at `site_path`; other files
    /// (redirects, pages not given to [`SearchIndex::new`]) are ignored. Callable
    /// from any thread.
    pub fn add_page(&self, site_path: &str, html: &str) {
        let Some(&(locale, position)) = self.slots.get(site_path) else { return };
        let Some(index) = &self.locales[locale] else { return };
        let mut feed = index.feed.lock().unwrap_or_else(|e| e.into_inner());
        feed.reorder.put(position, html.to_owned());
        while let Some((position, html)) = feed.reorder.pop_ready() {
            feed.send(index, position, html);
        }
    }

    /// Builds every locale's index and returns its files, with a
    /// diagnostic for each page pagefind could not read, and the figures.
    pub fn finish(self) -> Result<(Vec<OutputFile>, Vec<Diagnostic>, SearchStats), Error> {
        let started = Instant::now();
        let mut waiting = Vec::new();
        for index in self.locales.iter().flatten() {
            let mut feed = index.feed.lock().unwrap_or_else(|e| e.into_inner());
            let rest: Vec<(usize, String)> = feed.reorder.drain().collect();
            for (position, html) in rest {
                feed.send(index, position, html);
            }
            waiting.push(feed.reorder.peak());
        }
        let mut files = Vec::new();
        let mut diags = Vec::new();
        let mut stats = SearchStats::default();
        // One locale's index is built at a time (pagefind builds each with every core):
        // building holds a second copy of the locale's pages, so this keeps the peak
        // memory lower than building all at once.
        for (index, peak_waiting) in self.locales.into_iter().flatten().zip(waiting) {
            index.feed.lock().unwrap_or_else(|e| e.into_inner()).tx = None; // the thread now builds
            let indexed = index
                .worker
                .join()
                .map_err(|_| Error::Search(format!("the indexing thread of {} stopped", index.dir)))?
                .map_err(|e| Error::Search(format!("{}: {e}", index.dir)))?;
            for (position, message) in &indexed.failed {
                let path = &index.pages[*position].0;
                diags.push(Diagnostic::file(
                    Kind::SearchIndex,
                    path,
                    format!("the page could not be added to the search index: {message}"),
                ));
            }
            stats.locales.push(LocaleStats {
                dir: index.dir.clone(),
                pages: index.pages.len() - indexed.failed.len(),
                files: indexed.files.len(),
                bytes: indexed.files.iter().map(|(_, b)| b.len()).sum(),
                adding: indexed.adding,
                building: indexed.building,
                peak_waiting,
            });
            for (name, contents) in indexed.files {
                files.push(OutputFile::Bytes { path: format!("{}{INDEX_DIR}/{name}", index.dir), contents });
            }
        }
        stats.finish = started.elapsed();
        stats.total = self.started.elapsed();
        Ok((files, diags, stats))
    }
}

impl Feed {
    fn send(&self, index: &LocaleIndex, position: usize, html: String) {
        if let Some(tx) = &self.tx {
            let url = index.pages[position].1.clone();
            // A send fails only when the thread has stopped; `finish` reports why.
            let _ = tx.send(Record { position, url, html });
        }
    }
}

/// The indexing thread of one locale: adds the pages it receives, in order, then
/// builds the index when the channel closes.
fn index_locale(rx: Receiver<Record>) -> Result<Indexed, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    let options = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
    let mut failed = Vec::new();
    let mut adding = Duration::ZERO;
    for record in rx {
        let t = Instant::now();
        if let Err(e) = runtime.block_on(index.add_html_file(None, Some(record.url), record.html)) {
            failed.push((record.position, e.to_string()));
        }
        adding += t.elapsed();
    }
    let t = Instant::now();
    let all = runtime.block_on(index.get_files()).map_err(|e| e.to_string())?;
    let files = bundle_files(all.into_iter().map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents)));
    Ok(Indexed { files, failed, adding, building: t.elapsed() })
}

/// Keeps the files the browser needs of what pagefind writes (its script, worker,
/// entry, the wasm the entry names, the index, fragment and filter files); drops its
/// ready-made UIs and playground (the theme has its own box).
fn bundle_files(all: impl Iterator<Item = (String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    let all: Vec<(String, Vec<u8>)> = all.collect();
    let wasm_names = all
        .iter()
        .find(|(name, _)| name == "pagefind-entry.json")
        .map(|(_, entry)| wasm_in_entry(entry))
        .unwrap_or_default();
    let mut kept: Vec<(String, Vec<u8>)> = all
        .into_iter()
        .filter(|(name, _)| {
            matches!(name.as_str(), "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json")
                || name
                    .strip_prefix("wasm.")
                    .and_then(|n| n.strip_suffix(".pagefind"))
                    .is_some_and(|lang| wasm_names.iter().any(|w| w == lang))
                || (name.starts_with("pagefind.") && name.ends_with(".pf_meta"))
                || ["index/", "fragment/", "filter/"].iter().any(|dir| name.starts_with(dir))
        })
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    kept
}

/// The wasm files the entry's languages load: their own (`es`) or, for a language
/// pagefind has no stemmer for, the generic one (`unknown`).
fn wasm_in_entry(entry: &[u8]) -> Vec<String> {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(entry) else { return Vec::new() };
    let Some(languages) = json.get("languages").and_then(|l| l.as_object()) else { return Vec::new() };
    languages.values().map(|l| l.get("wasm").and_then(|w| w.as_str()).unwrap_or("unknown").to_owned()).collect()
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
