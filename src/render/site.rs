//! Assembles every output file of the site from the rendered articles: article
//! pages (in parallel), one home page and one `toc.js` per locale (the only
//! places the full navigation tree is written), redirects, the root language
//! chooser, 404 pages and the theme's static files.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use super::Renderer;
use super::context::{Alternate, Common, Crumb, DateView, HomeView, LangLink, PageView, RedirectView, RootView};
use crate::config::Config;
use crate::error::Error;
use crate::highlight::escape;
use crate::i18n::I18n;
use crate::links::{LinkIndex, Target};
use crate::model::{Article, Page};
use crate::nav::{Nav, TocNode};
use crate::paths::{relative_url, root_prefix};
use crate::sections;
use crate::translations::Translations;

/// A file of the output site.
#[derive(Debug)]
pub enum OutputFile {
    /// Generated content.
    Text {
        /// Path relative to the site root.
        path: String,
        /// Contents.
        contents: String,
    },
    /// Generated binary content (the search index).
    Bytes {
        /// Path relative to the site root.
        path: String,
        /// Contents.
        contents: Vec<u8>,
    },
    /// A file copied from the content.
    Copy {
        /// Path relative to the site root.
        path: String,
        /// The source file.
        from: PathBuf,
    },
}

impl OutputFile {
    /// Path relative to the site root.
    pub fn path(&self) -> &str {
        match self {
            OutputFile::Text { path, .. } | OutputFile::Bytes { path, .. } | OutputFile::Copy { path, .. } => path,
        }
    }
}

/// The articles of one translation set (a page and its translations): what an
/// article page needs of other pages' rendering (its translations' headings).
pub type Group<'a> = [(usize, &'a Article)];

/// A section alignment made for a switcher: from page, to page, the ids of `to`'s
/// sections aligned with each of `from`'s ([`crate::sections::align_ids`]).
pub type Alignment = (usize, usize, Vec<String>);

/// Everything the site is made from.
pub struct Site<'a> {
    /// The book.
    pub config: &'a Config,
    /// All pages.
    pub pages: &'a [Page],
    /// Translation sets.
    pub translations: &'a Translations,
    /// Navigation per locale.
    pub navs: &'a [Nav],
    /// Link tables (for redirect targets).
    pub links: &'a LinkIndex,
    /// UI strings.
    pub i18n: &'a I18n,
    /// Templates.
    pub renderer: &'a Renderer,
    /// The highlighting stylesheet.
    pub highlight_css: &'a str,
    /// For a site made for one translation set only (the page stage's): the section
    /// alignments its switchers made, by (from page, to page), for its side-by-side
    /// view, which aligns the pivot's sections with the other versions' again
    /// ([`Site::take_alignment`]). `None` where one site serves many sets (serve's
    /// rebuilds, the site files): nothing is kept, each alignment is made where asked.
    pub alignments: Option<Mutex<Vec<Alignment>>>,
}

impl Site<'_> {
    /// A locale's own generated files: `toc.js`, the home page and the 404 page.
    pub fn locale_files(&self, locale: usize) -> Result<Vec<OutputFile>, Error> {
        let toc = toc_html(&self.navs[locale].roots, self.pages);
        Ok(vec![
            OutputFile::Text {
                path: format!("{}toc.js", self.locale_dir(locale)),
                contents: format!(
                    "/* Navigation of this locale, emitted once and shared by every page. */\npolybookToc({});\n",
                    serde_json::to_string(&toc).expect("invariant: strings serialise")
                ),
            },
            self.home_file(locale, &toc)?,
            self.not_found_file(Some(locale))?,
        ])
    }

    /// The site root's generated files: the root page, the root 404 page, the
    /// theme's static files and the highlighting stylesheet.
    pub fn root_files(&self) -> Result<Vec<OutputFile>, Error> {
        let mut files = vec![self.root_file()?, self.not_found_file(None)?];
        for (name, text) in super::DEFAULT_STATIC {
            files.push(OutputFile::Text { path: format!("assets/{name}"), contents: (*text).to_owned() });
        }
        files.push(OutputFile::Text { path: "assets/highlight.css".into(), contents: self.highlight_css.to_owned() });
        Ok(files)
    }

    fn locale_dir(&self, locale: usize) -> &str {
        self.config.locales[locale].tag.url_dir()
    }

    /// The site path of a locale's home page (`es-es/index.html`).
    fn home_path(&self, locale: usize) -> String {
        [self.locale_dir(locale), "index.html"].concat()
    }

    fn absolute(&self, path: &str) -> Option<String> {
        // Four per article page (canonical and alternates): joined, not formatted.
        self.config.site_url.as_ref().map(|base| [base.as_str(), path].concat())
    }

    fn href_for(&self, from: &str, to: &str) -> String {
        self.absolute(to).unwrap_or_else(|| relative_url(from, to))
    }

    pub(super) fn common(&self, locale: usize, path: &str) -> Common<'_> {
        let loc = &self.config.locales[locale];
        let locale_dir = self.locale_dir(locale);
        Common {
            lang: loc.tag.as_str(),
            locale_name: &loc.name,
            site_title: &self.config.title,
            root: root_prefix(path),
            locale_root: path.strip_prefix(locale_dir).map_or_else(String::new, root_prefix),
            locale_home: relative_url(path, &self.home_path(locale)),
            languages: Vec::new(),
            alternates: Vec::new(),
            canonical: self.absolute(path),
            search: self.config.search.enabled.then(|| relative_url(path, &crate::search::meta_path(locale_dir))),
        }
    }

    /// The article page of page `i`, from its HTML and its translation set's articles
    /// (`group` holds at least page `i` itself).
    pub fn page_file(&self, i: usize, html: &str, group: &Group<'_>) -> Result<OutputFile, Error> {
        let page = &self.pages[i];
        let article = of(group, i).expect("invariant: a page's group holds the page");
        let mut common = self.common(page.locale, &page.url);
        common.languages = self.languages(i, group);
        common.alternates = self.alternates(i);
        let contents = if let Some(redirect) = &page.front.redirect_url {
            let target = match self.links.resolve(self.pages, i, redirect) {
                Ok(Target::Page { url, .. } | Target::Asset { url, .. }) => url,
                _ => redirect.clone(),
            };
            self.renderer.render("redirect.html", &RedirectView { common, target })?
        } else {
            let view = self.page_view(i, page, article, html, common);
            self.renderer.render_page(&view)?
        };
        Ok(OutputFile::Text { path: page.url.clone(), contents })
    }

    fn page_view<'p>(
        &'p self,
        i: usize,
        page: &'p Page,
        article: &'p Article,
        html: &'p str,
        common: Common<'p>,
    ) -> PageView<'p> {
        let nav = &self.navs[page.locale];
        let crumb = |p: usize| Crumb {
            title: self.pages[p].nav_title.clone(),
            url: Some(relative_url(&page.url, &self.pages[p].url)),
        };
        let (prev, next) = nav.prev_next(i);
        let breadcrumbs = nav
            .breadcrumbs(i)
            .iter()
            .map(|(title, p)| Crumb {
                title: title.clone(),
                url: p.map(|p| relative_url(&page.url, &self.pages[p].url)),
            })
            .collect();
        let machine_translated = page.front.translation_type.as_deref() == Some("MT");
        let original = machine_translated
            .then(|| {
                let set = self.translations.of(i)?;
                let human =
                    |l: usize| set[l].filter(|&p| self.pages[p].front.translation_type.as_deref() != Some("MT"));
                let target = human(self.config.default_locale).or_else(|| (0..set.len()).find_map(human))?;
                common
                    .languages
                    .iter()
                    .find(|l| l.lang == self.config.locales[self.pages[target].locale].tag.as_str())
                    .cloned()
            })
            .flatten();
        let lang = common.lang;
        PageView {
            title: &page.title,
            description: page.front.description.as_deref(),
            path_in_locale: page.url.split_once('/').map_or(&page.url[..], |(_, rest)| rest),
            breadcrumbs,
            machine_translated,
            original,
            has_h1: article.headings.iter().any(|h| h.level == 1),
            content: html,
            date: page.front.date.map(|d| DateView { iso: d.iso(), display: self.i18n.date(lang, d) }),
            prev: prev.map(crumb),
            next: next.map(crumb),
            outline: article.headings.iter().filter(|h| h.level == 2 || h.level == 3).collect(),
            compare: self.compare_link(i),
            front: &page.front.fields,
            common,
        }
    }

    /// The switcher: every locale, the translation where there is one, else that locale's home.
    fn languages(&self, i: usize, group: &Group<'_>) -> Vec<LangLink> {
        let page = &self.pages[i];
        self.config
            .locales
            .iter()
            .enumerate()
            .map(|(l, loc)| {
                let target = if l == page.locale { Some(i) } else { self.translations.in_locale(i, l) };
                let url = match target {
                    Some(t) => relative_url(&page.url, &self.pages[t].url),
                    None => relative_url(&page.url, &self.home_path(l)),
                };
                let sections = target
                    .filter(|&t| t != i)
                    .and_then(|t| Some((t, of(group, i)?, of(group, t)?)))
                    .map(|(t, from, to)| {
                        let ids = sections::align_ids(from, to);
                        let json = serde_json::to_string(&ids).expect("invariant: strings serialise");
                        if let Some(made) = &self.alignments {
                            made.lock().unwrap_or_else(PoisonError::into_inner).push((i, t, ids));
                        }
                        json
                    })
                    .unwrap_or_default();
                LangLink {
                    lang: loc.tag.as_str().to_owned(),
                    name: loc.name.clone(),
                    url,
                    current: l == page.locale,
                    available: target.is_some(),
                    sections,
                    choose: String::new(),
                }
            })
            .collect()
    }

    /// The section ids of `to` aligned with each section of `from` (pages `from.0` and
    /// `to.0`): the switcher's, if it made them, else made now.
    pub(super) fn take_alignment(&self, from: (usize, &Article), to: (usize, &Article)) -> Vec<String> {
        if let Some(made) = &self.alignments {
            let mut made = made.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(k) = made.iter().position(|&(f, t, _)| (f, t) == (from.0, to.0)) {
                return made.swap_remove(k).2;
            }
        }
        sections::align_ids(from.1, to.1)
    }

    fn alternates(&self, i: usize) -> Vec<Alternate> {
        let page = &self.pages[i];
        let versions: Vec<usize> = match self.translations.of(i) {
            Some(set) => set.iter().flatten().copied().collect(),
            None => vec![i],
        };
        let mut alts: Vec<Alternate> = versions
            .iter()
            .map(|&p| Alternate {
                hreflang: self.config.locales[self.pages[p].locale].tag.as_str().to_owned(),
                href: self.href_for(&page.url, &self.pages[p].url),
            })
            .collect();
        let default =
            versions.iter().find(|&&p| self.pages[p].locale == self.config.default_locale).copied().unwrap_or(i);
        alts.push(Alternate { hreflang: "x-default".into(), href: self.href_for(&page.url, &self.pages[default].url) });
        alts
    }

    fn locale_links(&self, from: &str, current: Option<usize>) -> Vec<LangLink> {
        self.config
            .locales
            .iter()
            .enumerate()
            .map(|(l, loc)| LangLink {
                lang: loc.tag.as_str().to_owned(),
                name: loc.name.clone(),
                url: relative_url(from, &self.home_path(l)),
                current: current == Some(l),
                available: true,
                sections: String::new(),
                choose: self.i18n.t(loc.tag.as_str(), "choose-language", None),
            })
            .collect()
    }

    fn home_alternates(&self, from: &str) -> Vec<Alternate> {
        let mut alts: Vec<Alternate> = (0..self.config.locales.len())
            .map(|l| Alternate {
                hreflang: self.config.locales[l].tag.as_str().to_owned(),
                href: self.href_for(from, &self.home_path(l)),
            })
            .collect();
        alts.push(Alternate { hreflang: "x-default".into(), href: self.href_for(from, "index.html") });
        alts
    }

    fn home_file(&self, locale: usize, toc: &str) -> Result<OutputFile, Error> {
        let path = self.home_path(locale);
        let mut common = self.common(locale, &path);
        common.languages = self.locale_links(&path, Some(locale));
        common.alternates = self.home_alternates(&path);
        let nav = &self.navs[locale];
        let mut others: Vec<(&str, &str)> = self
            .pages
            .iter()
            .enumerate()
            .filter(|(i, p)| p.locale == locale && !nav.contains(*i) && p.front.redirect_url.is_none())
            .map(|(_, p)| (p.title.as_str(), p.url.as_str()))
            .collect();
        others.sort();
        let view = HomeView {
            description: self.config.description.as_deref(),
            page_count: self.pages.iter().filter(|p| p.locale == locale).count(),
            toc,
            others: others
                .into_iter()
                .map(|(t, u)| Crumb { title: t.to_owned(), url: Some(relative_url(&path, u)) })
                .collect(),
            common,
        };
        Ok(OutputFile::Text { path, contents: self.renderer.render("home.html", &view)? })
    }

    fn root_file(&self) -> Result<OutputFile, Error> {
        let path = "index.html";
        let mut common = self.common(self.config.default_locale, path);
        common.languages = self.locale_links(path, None);
        common.alternates = self.home_alternates(path);
        let segs: Vec<serde_json::Value> =
            self.config.locales.iter().map(|l| serde_json::json!({ "seg": l.tag.url_segment() })).collect();
        let view = RootView {
            locales_json: serde_json::to_string(&segs).expect("invariant: serialisable"),
            default_seg_json: serde_json::to_string(&self.config.default_locale().tag.url_segment())
                .expect("invariant: serialisable"),
            common,
        };
        Ok(OutputFile::Text { path: path.into(), contents: self.renderer.render("root.html", &view)? })
    }

    fn not_found_file(&self, locale: Option<usize>) -> Result<OutputFile, Error> {
        let path = match locale {
            Some(l) => format!("{}404.html", self.locale_dir(l)),
            None => "404.html".to_owned(),
        };
        let mut common = self.common(locale.unwrap_or(self.config.default_locale), &path);
        common.languages = self.locale_links(&path, locale);
        common.canonical = None;
        Ok(OutputFile::Text { contents: self.renderer.render("404.html", &common)?, path })
    }
}

/// The article of page `i` in a group.
fn of<'g>(group: &Group<'g>, i: usize) -> Option<&'g Article> {
    group.iter().find(|(p, _)| *p == i).map(|(_, a)| *a)
}

/// The navigation tree as nested lists, every level open: usable as it is without
/// JavaScript (the locale home). An entry with children is `<li class="branch">`
/// holding its link and its `<ul>`; nothing interactive is nested in another
/// interactive element. The theme's script adds the expand buttons (WAI-ARIA
/// disclosure navigation). Links are relative to the locale root and carry `data-p`
/// so the sidebar script can rebase them for any page.
pub fn toc_html(roots: &[TocNode], pages: &[Page]) -> String {
    let mut out = String::new();
    write_nodes(&mut out, roots, pages);
    out
}

fn write_nodes(out: &mut String, nodes: &[TocNode], pages: &[Page]) {
    out.push_str("<ul>");
    for node in nodes {
        out.push_str(if node.children.is_empty() { "<li>" } else { "<li class=\"branch\">" });
        let title = escape(&node.title);
        match (node.page, &node.external) {
            (Some(p), _) => {
                let href = pages[p].url.split_once('/').map_or("", |(_, rest)| rest);
                let href = escape(href);
                out.push_str(&format!("<a href=\"{href}\" data-p=\"{href}\">{title}</a>"));
            }
            (None, Some(url)) => out.push_str(&format!("<a href=\"{}\">{title}</a>", escape(url))),
            (None, None) => out.push_str(&format!("<span>{title}</span>")),
        }
        if !node.children.is_empty() {
            write_nodes(out, &node.children, pages);
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}
