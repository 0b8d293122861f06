//! Translation coverage: per locale, which articles are translated, missing,
//! only there, machine- or human-translated, and stale; as a table, as JSON and
//! as the site's dashboard page. Also the sitemap, which needs the same sets.
//!
//! **Staleness rule.** The default locale is the reference. A translation is
//! stale when its `ms.date` is earlier than the reference version's `ms.date`
//! (the reference was revised after it), or when both carry
//! `ms.openlocfilehash` and the hashes differ (they were made from different
//! source revisions) and its `ms.lasthandoff` is the earlier one.

use serde::Serialize;

use crate::error::Error;
use crate::model::{Article, Page};
use crate::paths::relative_url;
use crate::pipeline::Book;
use crate::render::Renderer;
use crate::render::context::Common;
use crate::render::site::OutputFile;
use crate::sitemap;

/// An article listed as missing or stale.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// Title of the existing version.
    pub title: String,
    /// Source path of the existing (or stale) version.
    pub path: String,
    /// Canonical tag of the version linked to.
    pub lang: String,
    /// Its URL relative to the site root (the dashboard rebases it).
    pub url: String,
    /// Why it is listed (stale entries).
    pub reason: String,
}

/// Coverage of one locale.
#[derive(Debug, Clone, Serialize)]
pub struct LocaleStatus {
    /// Canonical tag.
    pub lang: String,
    /// Display name.
    pub name: String,
    /// Pages in the locale.
    pub pages: usize,
    /// Pages that have a translation in another locale.
    pub translated: usize,
    /// Articles of other locales that this locale lacks.
    pub missing: usize,
    /// Pages no other locale has (or without asset id).
    pub only_here: usize,
    /// `ms.translationtype: MT`.
    pub machine: usize,
    /// `ms.translationtype: HT`.
    pub human: usize,
    /// Stale translations (see the module doc for the rule).
    pub stale: usize,
    /// The missing articles, pointing to an existing version.
    pub missing_list: Vec<Listed>,
    /// The stale pages.
    pub stale_list: Vec<Listed>,
}

/// Computes coverage for every locale.
pub fn coverage(book: &Book) -> Vec<LocaleStatus> {
    let config = &book.config;
    let reference = config.default_locale;
    let mut rows: Vec<LocaleStatus> = config
        .locales
        .iter()
        .enumerate()
        .map(|(l, loc)| {
            let mine: Vec<&Page> = book.pages.iter().filter(|p| p.locale == l).collect();
            let tt = |t: &str| mine.iter().filter(|p| p.front.translation_type.as_deref() == Some(t)).count();
            LocaleStatus {
                lang: loc.tag.as_str().to_owned(),
                name: loc.name.clone(),
                pages: mine.len(),
                translated: 0,
                missing: 0,
                only_here: 0,
                machine: tt("MT"),
                human: tt("HT"),
                stale: 0,
                missing_list: Vec::new(),
                stale_list: Vec::new(),
            }
        })
        .collect();
    let mut in_a_set = vec![false; book.pages.len()];
    for set in book.translations.sets() {
        let present: Vec<usize> = set.iter().flatten().copied().collect();
        for &p in &present {
            in_a_set[p] = true;
        }
        for (l, slot) in set.iter().enumerate() {
            match slot {
                Some(p) if present.len() > 1 => {
                    rows[l].translated += 1;
                    if let Some(reason) = set[reference]
                        .filter(|_| l != reference)
                        .and_then(|r| stale_reason(&book.pages[*p], &book.pages[r]))
                    {
                        rows[l].stale_list.push(listed(&book.pages[*p], book, reason));
                    }
                }
                Some(_) => rows[l].only_here += 1,
                None => {
                    let existing = set[reference].or(present.first().copied()).expect("invariant: a set has a page");
                    rows[l].missing_list.push(listed(&book.pages[existing], book, String::new()));
                }
            }
        }
    }
    for (p, page) in book.pages.iter().enumerate() {
        if !in_a_set[p] && page.front.redirect_url.is_none() {
            rows[page.locale].only_here += 1;
        }
    }
    for r in &mut rows {
        r.missing = r.missing_list.len();
        r.stale = r.stale_list.len();
        r.missing_list.sort_by(|a, b| a.path.cmp(&b.path));
        r.stale_list.sort_by(|a, b| a.path.cmp(&b.path));
    }
    rows
}

fn listed(page: &Page, book: &Book, reason: String) -> Listed {
    Listed {
        title: page.title.clone(),
        path: page.rel_path.clone(),
        lang: book.config.locales[page.locale].tag.as_str().to_owned(),
        url: page.url.clone(),
        reason,
    }
}

/// Why `translation` is stale against `reference`, if it is.
pub fn stale_reason(translation: &Page, reference: &Page) -> Option<String> {
    let (t, r) = (&translation.front, &reference.front);
    if let (Some(td), Some(rd)) = (t.date, r.date)
        && td < rd
    {
        return Some(format!("ms.date {} < {}", td.iso(), rd.iso()));
    }
    if let (Some(th), Some(rh), Some(thd), Some(rhd)) = (&t.source_hash, &r.source_hash, t.handoff, r.handoff)
        && th != rh
        && thd < rhd
    {
        return Some(format!("ms.openlocfilehash differs, handed off {} < {}", thd.iso(), rhd.iso()));
    }
    None
}

/// The table printed by `polybook status`.
pub fn table(rows: &[LocaleStatus]) -> String {
    let mut out = format!(
        "{:<10} {:>6} {:>10} {:>8} {:>9} {:>8} {:>6} {:>6}\n",
        "locale", "pages", "translated", "missing", "only-here", "machine", "human", "stale"
    );
    for r in rows {
        out.push_str(&format!(
            "{:<10} {:>6} {:>10} {:>8} {:>9} {:>8} {:>6} {:>6}\n",
            r.lang, r.pages, r.translated, r.missing, r.only_here, r.machine, r.human, r.stale
        ));
    }
    out
}

#[derive(Serialize)]
struct DashboardView<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    rows: Vec<LocaleStatus>,
}

/// The dashboard page `status.html`, in the default locale's language.
pub fn dashboard_file(book: &Book, renderer: &Renderer) -> Result<OutputFile, Error> {
    let path = "status.html";
    let mut rows = coverage(book);
    for r in &mut rows {
        for item in r.missing_list.iter_mut().chain(r.stale_list.iter_mut()) {
            item.url = relative_url(path, &item.url);
        }
    }
    let loc = book.config.default_locale();
    let common = Common {
        lang: loc.tag.as_str(),
        locale_name: &loc.name,
        site_title: &book.config.title,
        root: String::new(),
        locale_root: String::new(),
        locale_home: [loc.tag.url_dir(), "index.html"].concat(),
        languages: Vec::new(),
        alternates: Vec::new(),
        canonical: None,
        search: book.config.search.enabled.then(|| relative_url(path, &crate::search::meta_path(loc.tag.url_dir()))),
    };
    let contents = renderer.render("status.html", &DashboardView { common, rows })?;
    Ok(OutputFile::Text { path: path.into(), contents })
}

/// The sitemap, when the book has a site URL: every page but redirects, with its
/// translations as alternates.
pub fn sitemap(book: &Book, _articles: &[Article]) -> Option<String> {
    let base = book.config.site_url.as_ref()?;
    let tag = |p: &Page| book.config.locales[p.locale].tag.as_str();
    Some(sitemap::render(base, book.pages.len(), |i| {
        let p = &book.pages[i];
        if p.front.redirect_url.is_some() {
            return None;
        }
        let versions: Vec<&Page> = match book.translations.of(i) {
            Some(set) => set.iter().flatten().map(|&j| &book.pages[j]).collect(),
            None => vec![p],
        };
        let mut alternates: Vec<(&str, &str)> = versions.iter().map(|v| (tag(v), v.url.as_str())).collect();
        if let Some(d) = versions.iter().find(|v| v.locale == book.config.default_locale) {
            alternates.push(("x-default", d.url.as_str()));
        }
        Some(sitemap::Entry { path: &p.url, lastmod: p.front.date.map(|d| d.iso()), alternates })
    }))
}
