//! The build, stage by stage: load → front matter → links and translations →
//! Markdown (with highlighting) → render → write. Each stage is a function of the
//! previous stages' values; diagnostics from all of them are gathered into one
//! [`Report`]. `check` runs the same stages and writes nothing.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Kind, Report};
use crate::error::Error;
use crate::frontmatter;
use crate::highlight::Highlighter;
use crate::i18n::I18n;
use crate::links::LinkIndex;
use crate::load;
use crate::manifest::Manifest;
use crate::markdown::{self, AlertLabels};
use crate::model::{Article, LocaleSources, Page, SourceFile};
use crate::nav::Nav;
use crate::output::{Sink, Staging};
use crate::render::Renderer;
use crate::render::site::{OutputFile, Site};
use crate::search::{Indexing, SearchIndex, SearchStats};
use crate::translations::Translations;

/// What the caller wants besides the configuration.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Write the site (false for `check`).
    pub write: bool,
    /// Any warning fails the build, and nothing is written.
    pub strict: bool,
    /// The part of the site to build, with the manifest of the others (builds in parts).
    pub part: Option<PartBuild>,
    /// For [`Part::Search`]: the folder holding the locale's article pages as its
    /// shards wrote them.
    pub search_from: Option<std::path::PathBuf>,
}

/// A part of a build in parts and the manifest it is built from.
pub type PartBuild = (Part, Arc<Manifest>);

/// Which part of the site a build writes: everything, or one part of a build in parts
/// (see [`crate::manifest`]). Parts write disjoint files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    /// The whole site.
    #[default]
    Whole,
    /// A locale's article pages (shard `shard` of `shards`, counted from 1: a
    /// contiguous range of its pages) and, in its first shard, the locale's own files
    /// (home, `toc.js`, 404 page, `copy` entries).
    Locale {
        /// Locale index.
        locale: usize,
        /// 1-based.
        shard: u32,
        /// How many shards the locale is split into.
        shards: u32,
    },
    /// The site root: root page, 404 page, theme files, dashboard, sitemap, static folder.
    Root,
    /// The side-by-side views (one per translation set): they need every version's
    /// HTML, so this part reads every locale and renders their Markdown.
    Compare,
    /// A locale's search index, read from its article pages as the shards of the
    /// locale wrote them (a shard holds only some of the pages, so it writes none).
    Search {
        /// Locale index.
        locale: usize,
    },
}

impl Part {
    /// Whether the part reads the locale's content folder.
    fn reads(self, locale: usize) -> bool {
        match self {
            Part::Whole | Part::Compare => true,
            Part::Locale { locale: l, .. } => l == locale,
            Part::Root | Part::Search { .. } => false,
        }
    }

    /// Whether the part writes the locale's own files (home, toc, 404, copy entries).
    fn writes_locale_files(self, locale: usize) -> bool {
        match self {
            Part::Whole => true,
            Part::Locale { locale: l, shard, .. } => l == locale && shard == 1,
            Part::Root | Part::Compare | Part::Search { .. } => false,
        }
    }

    /// Whether the part writes the files of the site root.
    fn writes_root(self) -> bool {
        matches!(self, Part::Whole | Part::Root)
    }

    /// Whether the part writes the article pages it renders.
    fn writes_articles(self) -> bool {
        !matches!(self, Part::Compare | Part::Search { .. })
    }

    /// Whether the part writes the side-by-side views.
    fn writes_views(self) -> bool {
        matches!(self, Part::Whole | Part::Compare)
    }

    /// For each page, whether this part renders it.
    fn renders(self, pages: &[Page]) -> Vec<bool> {
        match self {
            Part::Whole | Part::Compare => vec![true; pages.len()],
            Part::Root | Part::Search { .. } => vec![false; pages.len()],
            Part::Locale { locale, shard, shards } => {
                let total = pages.iter().filter(|p| p.locale == locale).count().max(1) as u64;
                let mut position = 0u64;
                pages
                    .iter()
                    .map(|p| {
                        if p.locale != locale {
                            return false;
                        }
                        let in_shard = position * u64::from(shards) / total == u64::from(shard - 1);
                        position += 1;
                        in_shard
                    })
                    .collect()
            }
        }
    }
}

/// Time spent per stage. The page stage renders each translation set's Markdown,
/// templates and files in one go (so a page's HTML lives only until it is written):
/// its wall time is `pages`, its CPU time split by kind is summed over threads.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Reading files.
    pub load: Duration,
    /// Front matter, links, translations, navigation.
    pub prepare: Duration,
    /// The page stage, wall time.
    pub pages: Duration,
    /// Markdown and highlighting, CPU summed over threads (inside `pages`).
    pub markdown_cpu: Duration,
    /// Templates of article pages, CPU summed over threads (inside `pages`).
    pub render_cpu: Duration,
    /// Writing article pages, CPU summed over threads (inside `pages`).
    pub write_cpu: Duration,
    /// Highlighting alone, CPU summed over threads (inside `markdown_cpu`).
    pub highlight_cpu: Duration,
    /// Code blocks served from the highlight cache.
    pub highlight_cache_hits: usize,
    /// Cross-page checks and the pages of the whole site (homes, tocs, dashboard, sitemap).
    pub site: Duration,
    /// Copying files, then swapping the new site in.
    pub write: Duration,
    /// Everything.
    pub total: Duration,
}

/// The outcome of a build or check.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Diagnostics with severities.
    pub report: Report,
    /// Pages per locale (canonical tag, count).
    pub pages_per_locale: Vec<(String, usize)>,
    /// Articles present in two or more locales.
    pub translations_linked: usize,
    /// Internal links resolved / not resolved.
    pub links: (usize, usize),
    /// Code blocks per language.
    pub code_languages: BTreeMap<String, usize>,
    /// Files written (0 for check).
    pub files_written: usize,
    /// Stage timings.
    pub timings: Timings,
    /// The search index's figures, when one was built.
    pub search: Option<SearchStats>,
}

/// Everything the stages computed, before rendering: used by build, check and status.
pub struct Book {
    /// Configuration.
    pub config: Config,
    /// Pages of all locales, sorted by locale then path.
    pub pages: Vec<Page>,
    /// Per locale: assets and fragments.
    pub sources: Vec<LocaleSources>,
    /// Translation sets.
    pub translations: Translations,
    /// Link tables.
    pub links: LinkIndex,
    /// Files of the static folder (`[output] static`): site path → absolute path.
    pub static_files: Vec<(String, std::path::PathBuf)>,
    /// Diagnostics so far.
    pub diags: Vec<Diagnostic>,
    /// The part of the site this build writes.
    pub part: Part,
    /// For each page, whether this build renders it (all, unless building a part).
    pub renders: Vec<bool>,
    /// For pages another part renders: their articles, from the manifest.
    pub known: Vec<Option<Article>>,
    /// Each page's source fingerprint, when asked for (to write a manifest).
    pub fingerprints: Vec<String>,
    /// The pages' bodies are not held (a book larger than the text budget): the page
    /// stage reads each again from disk.
    pub bodies_released: bool,
}

impl Book {
    /// A page's Markdown body: held in memory, or read again from disk.
    pub fn body(&self, page: usize) -> std::borrow::Cow<'_, str> {
        let page = &self.pages[page];
        if self.bodies_released {
            std::borrow::Cow::Owned(load::read_body(&page.path))
        } else {
            std::borrow::Cow::Borrowed(&page.body)
        }
    }
}

/// How much Markdown (bytes) a build holds in memory; a larger book's bodies are
/// read again when rendered. 256 MiB, or `POLYBOOK_TEXT_BUDGET_MB`.
fn text_budget() -> u64 {
    let mb = std::env::var("POLYBOOK_TEXT_BUDGET_MB").ok().and_then(|v| v.trim().parse::<u64>().ok());
    mb.unwrap_or(256) << 20
}

/// Loads and prepares a book: files, front matter, link tables, translations.
pub fn prepare(config: Config) -> Book {
    prepare_part(config, Part::Whole, None, false)
}

/// [`prepare`] for one part of a build in parts: only the part's locale is read; the
/// other pages come from the manifest. With `fingerprints`, each page's source
/// fingerprint is kept (to write a manifest).
pub fn prepare_part(config: Config, part: Part, manifest: Option<&Manifest>, fingerprints: bool) -> Book {
    let mut diags = Vec::new();
    let mut sources = Vec::new();
    let read: Vec<bool> = (0..config.locales.len()).map(|l| part.reads(l)).collect();
    let mut page_files = Vec::new();
    // The locales' folders are walked side by side.
    let scanned: Vec<_> = config
        .locales
        .par_iter()
        .enumerate()
        .map(|(i, loc)| read[i].then(|| load::scan_locale(&loc.content)))
        .collect();
    for (i, scan) in scanned.into_iter().enumerate() {
        if let Some((s, paths, d)) = scan {
            sources.push(s);
            diags.extend(d);
            page_files.extend(paths.into_iter().map(|(rel, path)| (i, rel, path)));
        } else {
            sources.push(LocaleSources::default());
        }
    }
    diags.extend(crate::assets::check_copy_entries(&config, &sources, &read));
    let (static_files, d) = match &config.static_dir {
        Some(dir) if part.writes_root() => load::read_static(dir),
        _ => Default::default(),
    };
    diags.extend(d);
    // A book whose text is larger than the budget is not held in memory: each page's
    // body is read again when the page stage renders it. The text is counted as it is
    // read: once past the budget, bodies are dropped as they come, and the ones read
    // before are dropped at the end.
    let budget = text_budget();
    let text_bytes = std::sync::atomic::AtomicU64::new(0);
    let segments: Vec<String> = config.locales.iter().map(|l| l.tag.url_segment().to_owned()).collect();
    let parsed: Vec<(Option<Page>, Vec<Diagnostic>, Option<String>)> = page_files
        .into_par_iter()
        .map(|(locale, rel, path)| {
            let (f, read_diag) = match load::read_source(locale, rel, path) {
                Ok(read) => read,
                Err(d) => return (None, vec![d], None),
            };
            let fingerprint = (fingerprints || manifest.is_some()).then(|| crate::manifest::fingerprint(&f.text));
            let read = f.text.len() as u64;
            let total = text_bytes.fetch_add(read, std::sync::atomic::Ordering::Relaxed) + read;
            let (mut page, mut d) = page_of(f, &segments[locale], &config.asset_id_key);
            if total > budget {
                page.body = String::new();
            }
            d.splice(0..0, read_diag);
            (Some(page), d, fingerprint)
        })
        .collect();
    let bodies_released = text_bytes.into_inner() > budget;
    let mut pages = Vec::with_capacity(parsed.len());
    let mut fingerprint_list = Vec::new();
    for (p, d, fingerprint) in parsed {
        pages.extend(p);
        diags.extend(d);
        fingerprint_list.extend(fingerprint);
    }
    if bodies_released {
        for page in &mut pages {
            page.body = String::new();
        }
    }
    let mut known = Vec::new();
    let mut fingerprints = fingerprint_list;
    if let Some(manifest) = manifest {
        let own = pages.into_iter().zip(std::mem::take(&mut fingerprints)).collect();
        (pages, known) = manifest.pages(&config, &read, own, &mut diags);
    }
    let assets: Vec<&BTreeMap<String, std::path::PathBuf>> = sources.iter().map(|s| &s.assets).collect();
    let roots = config.locales.iter().map(|l| l.content.clone()).collect();
    // The translation sets and the link tables, side by side.
    let ((translations, d), links) = rayon::join(
        || Translations::link(&pages, config.locales.len()),
        || LinkIndex::new(&pages, &assets, &segments).with_content_roots(roots),
    );
    diags.extend(d);
    let renders = part.renders(&pages);
    Book {
        config,
        pages,
        sources,
        translations,
        links,
        static_files,
        diags,
        part,
        renders,
        known,
        fingerprints,
        bodies_released,
    }
}

/// One source file read as a page: front matter, title, URL (`segment` is its locale's
/// URL segment), with the problems found (no title, no asset id…).
pub fn make_page(f: &SourceFile, segment: &str, asset_key: &str) -> (Page, Vec<Diagnostic>) {
    page_of(f.clone(), segment, asset_key)
}

/// [`make_page`] taking the source by value: the page's body reuses the source's text
/// (no copy), so a book's text is held once, not twice, while it is read.
pub fn page_of(f: SourceFile, segment: &str, asset_key: &str) -> (Page, Vec<Diagnostic>) {
    let (front, body, body_line, mut diags) = frontmatter::parse(&f.text, &f.path, asset_key);
    let front_len = f.text.len() - body.len();
    let title = front.title.clone().or_else(|| frontmatter::first_heading(body));
    // Already reported: an empty file, or front matter that could not be read.
    let unreadable = frontmatter::is_empty(&f.text)
        || diags.iter().any(|d| matches!(d.kind, Kind::InvalidFrontMatter | Kind::UnclosedFrontMatter));
    if front.redirect_url.is_none() && !unreadable {
        if title.is_none() {
            diags.push(
                Diagnostic::file(
                    Kind::MissingTitle,
                    &f.path,
                    "the page has no `title` in front matter and no `# heading`",
                )
                .at_line(1)
                .with_hint("add `title: …` to the front matter"),
            );
        }
        if front.asset_id.is_none() {
            diags.push(
                Diagnostic::file(
                    Kind::MissingAssetId,
                    &f.path,
                    format!("the page has no `{asset_key}`: it cannot be linked to its translations"),
                )
                .at_line(1)
                .with_hint(format!("add `{asset_key}: <the id its translations carry>` to the front matter")),
            );
        }
    }
    let stem = f.rel_path.rsplit('/').next().unwrap_or(&f.rel_path).trim_end_matches(".md").to_owned();
    let title = title.unwrap_or(stem);
    let nav_title = front.toc_title.clone().unwrap_or_else(|| title.clone());
    let mut text = f.text;
    text.drain(..front_len);
    let page = Page {
        locale: f.locale,
        url: [segment, "/", &f.rel_path[..f.rel_path.len() - 3], ".html"].concat(),
        rel_path: f.rel_path,
        path: f.path,
        front,
        body: text,
        body_line,
        title,
        nav_title,
    };
    (page, diags)
}

/// A book ready for the page stage: the prepared [`Book`] and everything shared,
/// read-only, by every page (navigation, UI strings, templates, highlighter). Built
/// once per build; `polybook serve` keeps one in memory and re-runs stages on it.
pub struct Prepared {
    /// Pages, link tables, translations, diagnostics so far.
    pub book: Book,
    /// Navigation per locale.
    pub navs: Vec<Nav>,
    /// UI strings.
    pub i18n: Arc<I18n>,
    /// The theme's templates.
    pub renderer: Renderer,
    /// The code highlighter and its cache.
    pub highlighter: Highlighter,
    /// Alert labels per locale.
    pub labels: Vec<AlertLabels>,
    /// The highlighting stylesheet.
    pub highlight_css: String,
}

/// Reads the theme, UI strings and content, and computes every table the page stage
/// needs. Fails only on configuration, theme and template errors.
pub fn prepare_all(config: Config, timings: &mut Timings) -> Result<Prepared, Error> {
    prepare_all_part(config, None, timings)
}

/// [`prepare_all`] for one part of a build in parts.
pub fn prepare_all_part(
    config: Config,
    part: Option<(Part, &Manifest)>,
    timings: &mut Timings,
) -> Result<Prepared, Error> {
    let started = Instant::now();
    let theme = load::read_theme(&config.root, &config.theme)?;
    let highlight_css =
        crate::highlight::theme::stylesheet(&config.highlight.light_theme, &config.highlight.dark_theme).map_err(
            |message| Error::config(config.root.join(crate::config::CONFIG_FILE), format!("[highlight]: {message}")),
        )?;
    let (ftl, ftl_diags) = load::read_i18n(&config.root);
    let mut book = match part {
        Some((part, manifest)) => prepare_part(config, part, Some(manifest), false),
        None => prepare(config),
    };
    book.diags.extend(ftl_diags);
    timings.load = started.elapsed();

    let t = Instant::now();
    let tags: Vec<_> = book.config.locales.iter().map(|l| l.tag.clone()).collect();
    let (i18n, d) = I18n::new(&tags, &book.config.default_locale().tag, &ftl);
    book.diags.extend(d);
    let i18n = Arc::new(i18n);
    // The navigation of each locale, the templates and the grammars, side by side.
    let ((navs, renderer), highlighter) = rayon::join(
        || rayon::join(|| build_navs(&book), || Renderer::new(&theme, i18n.clone())),
        || Highlighter::new(&book.config.highlight),
    );
    let renderer = renderer?;
    let navs = navs
        .into_iter()
        .map(|(nav, diags)| {
            book.diags.extend(diags);
            nav
        })
        .collect();
    let labels = tags.iter().map(|tag| alert_labels(&i18n, tag.as_str())).collect();
    timings.prepare = t.elapsed();
    Ok(Prepared { book, navs, i18n, renderer, highlighter, labels, highlight_css })
}

/// What the page stage keeps of one translation set.
pub struct GroupDone {
    /// Each page's article (its HTML is gone: written, or not needed).
    pub articles: Vec<(usize, Article)>,
    /// Diagnostics of the set's pages.
    pub diags: Vec<Diagnostic>,
    /// CPU time in Markdown, templates and writing.
    pub cpu: [Duration; 3],
}

impl Prepared {
    /// A book prepared for the Markdown stage's structure only: every page with its
    /// fingerprint, and a highlighter that chooses languages without highlighting.
    fn scanning(config: Config) -> Result<Self, Error> {
        let (ftl, ftl_diags) = load::read_i18n(&config.root);
        let mut book = prepare_part(config, Part::Whole, None, true);
        book.diags.extend(ftl_diags);
        let tags: Vec<_> = book.config.locales.iter().map(|l| l.tag.clone()).collect();
        let (i18n, d) = I18n::new(&tags, &book.config.default_locale().tag, &ftl);
        book.diags.extend(d);
        let i18n = Arc::new(i18n);
        let navs = Vec::new();
        let renderer = Renderer::new(&[], i18n.clone())?;
        let highlighter = Highlighter::scanning(&book.config.highlight);
        let labels = tags.iter().map(|tag| alert_labels(&i18n, tag.as_str())).collect();
        Ok(Prepared { book, navs, i18n, renderer, highlighter, labels, highlight_css: String::new() })
    }

    /// What Markdown rendering reads of the book.
    pub fn env(&self) -> markdown::Env<'_> {
        markdown::Env {
            pages: &self.book.pages,
            links: &self.book.links,
            highlighter: &self.highlighter,
            alert_labels: &self.labels,
        }
    }

    /// What the site's templates read of the book.
    pub fn site(&self) -> Site<'_> {
        Site {
            config: &self.book.config,
            pages: &self.book.pages,
            translations: &self.book.translations,
            navs: &self.navs,
            links: &self.book.links,
            i18n: &self.i18n,
            renderer: &self.renderer,
            highlight_css: &self.highlight_css,
            alignments: None,
        }
    }

    /// The page stage for one translation set: Markdown → article HTML, then each
    /// page's template, then its file into `sink`; the HTML is dropped once handed
    /// over, the articles (headings, anchors, links: what other stages need) are kept.
    /// Without a sink (`check`), only the Markdown is rendered.
    pub fn render_group(&self, group: &[usize], sink: Option<&dyn Sink>) -> Result<GroupDone, Error> {
        // The set's own site: its view takes the alignments its switchers made.
        let (env, site) = (self.env(), Site { alignments: Some(Default::default()), ..self.site() });
        let mut cpu = [Duration::ZERO; 3];
        let t = Instant::now();
        let mut diags = Vec::new();
        let mut html = Vec::with_capacity(group.len());
        let mut articles = Vec::with_capacity(group.len());
        let ours: Vec<usize> = group.iter().copied().filter(|&i| self.book.renders[i]).collect();
        for &i in &ours {
            let (mut article, d) = markdown::render_body(i, &self.book.body(i), &env);
            html.push(std::mem::take(&mut article.html));
            articles.push((i, article));
            diags.extend(d);
        }
        cpu[0] = t.elapsed();
        if let Some(sink) = sink {
            // The set's pages that other parts render: their articles come from the manifest.
            let others = group.iter().filter_map(|&i| Some((i, self.book.known.get(i)?.as_ref()?)));
            let refs: Vec<(usize, &Article)> = articles.iter().map(|(i, a)| (*i, a)).chain(others).collect();
            for (&i, html) in ours.iter().zip(&html).filter(|_| self.book.part.writes_articles()) {
                let t = Instant::now();
                let file = site.page_file(i, html, &refs)?;
                let t2 = Instant::now();
                sink.put(file)?;
                cpu[1] += t2 - t;
                cpu[2] += t2.elapsed();
            }
            // The set's side-by-side view, from the same HTML. Only a build that renders
            // every version has them all: in builds in parts, the `Compare` part.
            let versions = site.compare_versions(group[0]);
            if self.book.part.writes_views() && !versions.is_empty() && versions.iter().all(|p| ours.contains(p)) {
                let t = Instant::now();
                let parts: Vec<(usize, &str, &Article)> = versions
                    .iter()
                    .map(|&p| {
                        let k = ours.iter().position(|&o| o == p).expect("invariant: checked above");
                        (p, html[k].as_str(), &articles[k].1)
                    })
                    .collect();
                let file = site.compare_file(&parts)?;
                let t2 = Instant::now();
                sink.put(file)?;
                cpu[1] += t2 - t;
                cpu[2] += t2.elapsed();
            }
            drop(html);
        }
        Ok(GroupDone { articles, diags, cpu })
    }

    /// The page stage over every translation set, in parallel; returns every page's
    /// article (in page order) and adds the diagnostics to the book's.
    pub fn render_pages(&mut self, sink: Option<&dyn Sink>, timings: &mut Timings) -> Result<Vec<Article>, Error> {
        let t = Instant::now();
        let groups: Vec<Vec<usize>> = self.book.translations.groups();
        // Sets are taken in order as workers free up (not split in halves), so pages
        // come out nearly in order and the search index's reorder buffer stays small.
        let done: Vec<GroupDone> = groups
            .iter()
            .par_bridge()
            .filter(|group| group.iter().any(|&i| self.book.renders[i]))
            .map(|group| self.render_group(group, sink))
            .collect::<Result<_, _>>()?;
        let mut articles: Vec<Article> = Vec::new();
        articles.resize_with(self.book.pages.len(), Article::default);
        for (i, known) in std::mem::take(&mut self.book.known).into_iter().enumerate() {
            if let Some(article) = known.filter(|_| !self.book.renders[i]) {
                articles[i] = article;
            }
        }
        for g in done {
            for (i, a) in g.articles {
                articles[i] = a;
            }
            self.book.diags.extend(g.diags);
            timings.markdown_cpu += g.cpu[0];
            timings.render_cpu += g.cpu[1];
            timings.write_cpu += g.cpu[2];
        }
        (timings.highlight_cpu, timings.highlight_cache_hits) = self.highlighter.stats();
        timings.pages = t.elapsed();
        Ok(articles)
    }

    /// An empty search index for the article pages this build renders, expecting
    /// them in the order the page stage renders them; `None` when search is off or
    /// when this build does not write all of a locale's pages (a locale split into
    /// shards gets no index: its shards would each write a part of it).
    pub fn search_index(&self) -> Option<SearchIndex> {
        let book = &self.book;
        let indexed = |i: usize| match book.part {
            Part::Whole => true,
            Part::Locale { shards, .. } => shards == 1 && book.renders[i],
            Part::Search { locale } => book.pages[i].locale == locale,
            Part::Root | Part::Compare => false,
        };
        if !book.config.search.enabled {
            return None;
        }
        let order: Vec<usize> = book.translations.groups().into_iter().flatten().filter(|&i| indexed(i)).collect();
        if order.is_empty() {
            return None;
        }
        Some(
            SearchIndex::new(&book.config.locales, &book.pages, order)
                .with_body_start(self.renderer.search_body_start()),
        )
    }

    /// The checks across pages (fragments, toc coverage), added to the book's diagnostics.
    pub fn check_across_pages(&mut self, articles: &[Article]) {
        let diags = self.across_pages(articles);
        self.book.diags.extend(diags);
    }

    /// The diagnostics of the checks across pages.
    fn across_pages(&self, articles: &[Article]) -> Vec<Diagnostic> {
        let book = &self.book;
        let body = |i: usize| book.body(i);
        let mut diags = Vec::new();
        crate::checks::fragments(&book.pages, articles, &body, &mut diags);
        crate::checks::toc_coverage(&book.pages, &book.renders, &self.navs, &mut diags);
        diags
    }

    /// Every file of the site besides the article pages: homes, `toc.js`, root and 404
    /// pages, theme files, the sitemap and the dashboard, then the files to copy
    /// (linked assets, `copy` entries, the static folder where no page has its path).
    pub fn site_files(&self, articles: &[Article]) -> Result<Vec<OutputFile>, Error> {
        let book = &self.book;
        let site = self.site();
        let part = book.part;
        // Each locale's files, the root files, the sitemap and the dashboard, side by side.
        let root = || -> Result<Vec<OutputFile>, Error> {
            if !part.writes_root() {
                return Ok(Vec::new());
            }
            let ((root, sitemap), dashboard) = rayon::join(
                || rayon::join(|| site.root_files(), || crate::status::sitemap(book, articles)),
                || crate::status::dashboard_file(book, &self.renderer),
            );
            let mut files = root?;
            if let Some(sitemap) = sitemap {
                files.push(OutputFile::Text { path: "sitemap.xml".into(), contents: sitemap });
            }
            files.push(dashboard?);
            Ok(files)
        };
        let (locales, root) = rayon::join(
            || {
                (0..book.config.locales.len())
                    .into_par_iter()
                    .filter(|&l| part.writes_locale_files(l))
                    .map(|l| site.locale_files(l))
                    .collect::<Result<Vec<_>, Error>>()
            },
            root,
        );
        let mut files: Vec<OutputFile> = locales?.into_iter().flatten().collect();
        files.extend(root?);
        let generated: Vec<&str> =
            book.pages.iter().map(|p| p.url.as_str()).chain(files.iter().map(OutputFile::path)).collect();
        let mut copies = Vec::new();
        let copy_entries = |locale: usize| part.writes_locale_files(locale);
        crate::assets::locale_files(&book.config, &book.sources, &book.pages, articles, &copy_entries, &mut copies);
        crate::assets::static_files(&book.static_files, generated.into_iter(), &mut copies);
        files.extend(copies);
        Ok(files)
    }
}

/// The manifest of a book (for builds in parts): front matter and the Markdown
/// stage's headings and anchors of every page; no highlighting, no templates.
pub fn manifest(config: Config) -> Result<(Manifest, Report), Error> {
    let mut timings = Timings::default();
    let mut prepared = Prepared::scanning(config)?;
    let articles = prepared.render_pages(None, &mut timings)?;
    let book = &mut prepared.book;
    let manifest = Manifest::new(&book.config, &book.pages, &articles, &book.fingerprints);
    let report = Report::new(std::mem::take(&mut book.diags), &book.config.check_levels);
    Ok((manifest, report))
}

/// The search index part: hands the locale's article pages, as its shards wrote them
/// into `from`, to the index.
fn index_written_pages(
    book: &Book,
    locale: usize,
    from: &Path,
    index: &SearchIndex,
    sink: &dyn Sink,
) -> Result<(), Error> {
    let pages: Vec<&Page> =
        book.pages.iter().filter(|p| p.locale == locale && p.front.redirect_url.is_none()).collect();
    pages.par_iter().try_for_each(|page| {
        let path = from.join(&page.url);
        let html = std::fs::read_to_string(&path).map_err(|e| {
            Error::Usage(format!(
                "{}: {e}: --search-from needs the folder the locale's shards were copied into",
                path.display()
            ))
        })?;
        index.add_page(&page.url, &html).into_iter().try_for_each(|f| sink.put(f))
    })
}

/// Runs every stage; writes the site when `options.write`.
pub fn build(config: Config, options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let mut timings = Timings::default();
    if options.write {
        config.check_destination()?;
    }
    let part = options.part.as_ref().map(|(part, manifest)| (*part, &**manifest));
    let mut prepared = prepare_all_part(config, part, &mut timings)?;
    let staging = options.write.then(|| Staging::begin(&prepared.book.config.dest)).transpose()?;
    if let Some(staging) = staging.as_ref().filter(|_| prepared.book.part.writes_articles()) {
        let book = &prepared.book;
        let urls = book.pages.iter().zip(&book.renders).filter(|(_, r)| **r).map(|(p, _)| p.url.as_str());
        staging.create_dirs(urls)?;
    }
    let search = if staging.is_some() { prepared.search_index() } else { None };
    let indexing = staging.as_ref().zip(search.as_ref()).map(|(inner, index)| Indexing { index, inner });
    let sink = indexing.as_ref().map(|s| s as &dyn Sink).or(staging.as_ref().map(|s| s as &dyn Sink));
    let articles = prepared.render_pages(sink, &mut timings)?;
    if let (Part::Search { locale }, Some(from), Some(index), Some(staging)) =
        (prepared.book.part, &options.search_from, &search, &staging)
    {
        index_written_pages(&prepared.book, locale, from, index, staging)?;
    }

    let t = Instant::now();
    // The checks across pages and the other files of the site, side by side.
    let (diags, files) = rayon::join(
        || prepared.across_pages(&articles),
        || if staging.is_some() { prepared.site_files(&articles) } else { Ok(Vec::new()) },
    );
    prepared.book.diags.extend(diags);
    let files = files?;
    // Nothing after this reads the Markdown.
    for page in &mut prepared.book.pages {
        page.body = String::new();
    }
    timings.site = t.elapsed();

    let t = Instant::now();
    // The rest of the search index and the other files of the site, side by side. A
    // strict build that fails below leaves them in the staging folder, which goes.
    let mut search_stats = None;
    if let Some(staging) = &staging {
        let (stats, written) = rayon::join(
            || search.map(|search| search.finish(staging)).transpose(),
            || -> Result<(), Error> {
                staging.create_dirs(files.iter().map(OutputFile::path))?;
                files.par_iter().try_for_each(|f| staging.write(f))
            },
        );
        search_stats = stats?;
        written?;
    }
    let report = Report::new(std::mem::take(&mut prepared.book.diags), &prepared.book.config.check_levels);
    if options.strict && !report.items.is_empty() {
        // The staging folder goes with `staging`: nothing is written.
        return Err(Error::Strict(Box::new(report)));
    }
    let mut files_written = 0;
    if let Some(staging) = staging {
        files_written = staging.written();
        staging.commit()?;
    }
    timings.write = t.elapsed();
    timings.total = started.elapsed();
    let mut summary = summarise(&prepared.book, &articles, files_written, timings, report);
    summary.search = search_stats;
    // Freeing the book's values takes a few milliseconds of one thread: nothing waits for it.
    rayon::spawn(move || drop((prepared, articles, files)));
    Ok(summary)
}

/// The figures of a finished build (also of `polybook serve`'s in-memory builds).
pub fn summarise(
    book: &Book,
    articles: &[Article],
    files_written: usize,
    timings: Timings,
    report: Report,
) -> BuildReport {
    let mut code_languages = BTreeMap::new();
    for lang in articles.iter().flat_map(|a| &a.code_languages) {
        *code_languages.entry(lang.clone()).or_default() += 1;
    }
    BuildReport {
        pages_per_locale: book
            .config
            .locales
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let rendered = book.pages.iter().zip(&book.renders).filter(|(p, r)| **r && p.locale == i).count();
                (l.tag.as_str().to_owned(), rendered)
            })
            .collect(),
        translations_linked: book.translations.linked_articles(),
        links: articles.iter().fold((0, 0), |(r, u), a| (r + a.links_resolved, u + a.links_unresolved)),
        code_languages,
        files_written,
        timings,
        report,
        search: None,
    }
}

fn alert_labels(i18n: &I18n, lang: &str) -> AlertLabels {
    ["alert-note", "alert-tip", "alert-important", "alert-warning", "alert-caution"].map(|k| i18n.t(lang, k, None))
}

/// Each locale's navigation (locales side by side), with its problems.
fn build_navs(book: &Book) -> Vec<(Nav, Vec<Diagnostic>)> {
    (0..book.config.locales.len()).into_par_iter().map(|locale| build_nav(book, locale)).collect()
}

/// One locale's navigation from its toc files (read again), with their problems.
pub fn build_nav(book: &Book, locale: usize) -> (Nav, Vec<Diagnostic>) {
    let loc = &book.config.locales[locale];
    let mut nav = Nav::default();
    let mut diags = Vec::new();
    for toc in &loc.tocs {
        match load::read_toc(toc, &loc.content) {
            Ok(text) => {
                let rel = crate::paths::to_slash_relative(toc, &loc.content).unwrap_or_else(|| "toc.yml".into());
                let (part, d) = Nav::parse(&text, toc, &rel, locale, &book.links);
                diags.extend(d);
                nav.append(part);
            }
            Err(d) => diags.push(d),
        }
    }
    (nav, diags)
}
