//! The default theme's article page (`base.html` + `page.html`) and side-by-side
//! view (`base.html` + `compare.html`), written straight into a string from the
//! same typed views the templates get, without the template interpreter: these are
//! the two templates rendered once per page, and interpreting them was a fifth of a
//! build's CPU. Used only while the book's theme keeps those templates as they are
//! (a theme that overrides one gets Tera, as every other template does); the
//! templates stay the definition, and a test renders every page both ways and
//! compares the bytes (`tests` below and the integration suite), so an edit of one
//! without the other fails.
//!
//! Values are escaped as Tera's autoescape does (`& < > " '`); UI strings without
//! arguments are looked up and escaped once per language ([`Ui`]).

use rustc_hash::FxHashMap;

use fluent_bundle::{FluentArgs, FluentValue};

use super::compare::{Cell, CompareView};
use super::context::{Common, LangLink, PageView};
use crate::i18n::I18n;

/// The start tag of the article element, the part of the page the search index
/// reads. Written by the template only: text and attribute values before it are
/// escaped, so its first occurrence in a page is the tag itself.
pub const BODY_START: &str = "<article class=\"content\" data-search-body>";

/// The UI strings the two pages show without arguments, per language, escaped.
pub struct Ui {
    strings: FxHashMap<&'static str, String>,
}

/// Keys of [`Ui`].
const UI_KEYS: &[&str] = &[
    "copy",
    "copied",
    "copy-label",
    "skip-to-content",
    "search-loading",
    "search-error",
    "search-needs-server",
    "search-placeholder",
    "search-label",
    "toggle-theme",
    "menu",
    "language-switcher",
    "language",
    "contents",
    "breadcrumbs",
    "mt-notice",
    "previous",
    "next",
    "on-this-page",
    "compare",
    "compare-left",
    "compare-right",
    "compare-print",
];

impl Ui {
    /// Looks every key up in `lang` once.
    pub fn new(i18n: &I18n, lang: &str) -> Self {
        let mut strings: FxHashMap<&'static str, String> =
            UI_KEYS.iter().map(|key| (*key, escaped(&i18n.t(lang, key, None)))).collect();
        // Built in the browser: `{query}` and `{count}` stay as they are.
        let mut args = FluentArgs::new();
        args.set("query", FluentValue::from("{query}"));
        strings.insert("search-no-results", escaped(&i18n.t(lang, "search-no-results", Some(&args))));
        strings.insert("search-results", escaped(&super::plurals_json(i18n, lang, "search-results")));
        Self { strings }
    }

    fn get(&self, key: &'static str) -> &str {
        self.strings.get(key).map_or(key, String::as_str)
    }
}

/// One page's writer: the output, its language's strings, and the strings with arguments.
struct Writer<'a> {
    out: String,
    ui: &'a Ui,
    i18n: &'a I18n,
    lang: &'a str,
}

impl Writer<'_> {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn esc(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }

    fn ui(&mut self, key: &'static str) {
        self.out.push_str(self.ui.get(key));
    }

    /// `t(key=…, lang=lang, name=value)`.
    fn t_with(&mut self, key: &str, name: &str, value: &str) {
        let text = self.i18n.t_with(self.lang, key, name, value);
        self.esc(&text);
    }

    /// `base.html` up to its `head` block.
    fn head_start(&mut self, c: &Common<'_>) {
        self.raw("<!DOCTYPE html>\n<html lang=\"");
        self.esc(c.lang);
        self.raw("\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    }

    /// `base.html` from the end of its `head` block to its `menu` block.
    fn head_end(&mut self, c: &Common<'_>) {
        self.raw("\n<link rel=\"stylesheet\" href=\"");
        self.esc(&c.root);
        self.raw("assets/style.css\">\n<link rel=\"stylesheet\" href=\"");
        self.esc(&c.root);
        self.raw("assets/highlight.css\">\n<script src=\"");
        self.esc(&c.root);
        self.raw("assets/polybook.js\" defer></script>\n");
        if truthy(c.search.as_deref()) {
            self.raw("<script src=\"");
            self.esc(&c.root);
            self.raw("assets/search.js\" defer></script>\n");
        }
        self.raw(concat!(
            "<script>/* Before the first paint: the saved theme, and the script-enhanced layout (drawer). */\n",
            "(function (r) { r.classList.add(\"js\"); try { var t = localStorage.getItem(\"polybook-theme\"); ",
            "if (t) r.dataset.theme = t; } catch (e) {} })(document.documentElement);</script>\n</head>\n<body data-copy=\""
        ));
        self.ui("copy");
        self.raw("\" data-copied=\"");
        self.ui("copied");
        self.raw("\" data-copy-label=\"");
        self.ui("copy-label");
        self.raw("\">\n<a class=\"skip-link\" href=\"#main\">");
        self.ui("skip-to-content");
        self.raw("</a>\n<header class=\"topbar\">\n");
    }

    /// `base.html` from its `menu` block to its `switcher` block.
    fn topbar(&mut self, c: &Common<'_>) {
        self.raw("\n<a class=\"site-title\" href=\"");
        self.esc(&c.locale_home);
        self.raw("\">");
        self.esc(c.site_title);
        self.raw("</a>\n");
        if let Some(index) = c.search.as_deref().filter(|s| !s.is_empty()) {
            self.raw("<div class=\"search\" role=\"search\" data-index=\"");
            self.esc(index);
            self.raw("\" data-results=\"");
            self.ui("search-results");
            self.raw("\" data-none=\"");
            self.ui("search-no-results");
            self.raw("\" data-loading=\"");
            self.ui("search-loading");
            self.raw("\" data-error=\"");
            self.ui("search-error");
            self.raw("\" data-needs-server=\"");
            self.ui("search-needs-server");
            self.raw("\">\n<input type=\"search\" class=\"search-input\" placeholder=\"");
            self.ui("search-placeholder");
            self.raw("\" aria-label=\"");
            self.ui("search-label");
            self.raw(concat!(
                "\" aria-keyshortcuts=\"/\" autocomplete=\"off\" spellcheck=\"false\">\n",
                "<div class=\"search-panel\" hidden><p class=\"search-status\" role=\"status\"></p>",
                "<ul class=\"search-results\"></ul></div>\n</div>"
            ));
        }
        self.raw("\n");
    }

    /// `base.html` from its `switcher` block to its `body` block.
    fn header_end(&mut self) {
        self.raw("\n<button type=\"button\" class=\"theme-toggle\" hidden aria-label=\"");
        self.ui("toggle-theme");
        self.raw("\">◐</button>\n</header>\n");
    }

    /// `page.html`'s `switcher` block.
    fn switcher(&mut self, c: &Common<'_>) {
        self.raw("\n<nav class=\"lang-switch\" aria-label=\"");
        self.ui("language-switcher");
        self.raw("\">\n<details>\n<summary><span class=\"visually-hidden\">");
        self.ui("language");
        self.raw(": </span>");
        self.esc(c.locale_name);
        self.raw("</summary>\n<ul>\n");
        for l in &c.languages {
            self.language(l);
        }
        self.raw("</ul>\n</details>\n</nav>\n");
    }

    fn language(&mut self, l: &LangLink) {
        if l.current {
            self.raw("<li><a href=\"#\" aria-current=\"true\" lang=\"");
            self.esc(&l.lang);
            self.raw("\">");
            self.esc(&l.name);
            self.raw("</a></li>\n");
        } else if l.available {
            self.raw("<li><a href=\"");
            self.esc(&l.url);
            self.raw("\" hreflang=\"");
            self.esc(&l.lang);
            self.raw("\" lang=\"");
            self.esc(&l.lang);
            self.raw("\" data-sections=\"");
            self.esc(&l.sections);
            self.raw("\">");
            self.esc(&l.name);
            self.raw("</a></li>\n");
        } else {
            self.raw("<li><a href=\"");
            self.esc(&l.url);
            self.raw("\" class=\"unavailable\" hreflang=\"");
            self.esc(&l.lang);
            self.raw("\" title=\"");
            self.t_with("not-available-title", "language", &l.name);
            self.raw("\"><span lang=\"");
            self.esc(&l.lang);
            self.raw("\">");
            self.esc(&l.name);
            self.raw("</span> — ");
            self.t_with("not-available", "language", &l.name);
            self.raw("</a></li>\n");
        }
    }

    /// `page.html`'s `head` block.
    fn page_head(&mut self, v: &PageView<'_>) {
        self.raw("\n");
        if let Some(description) = v.description.filter(|d| !d.is_empty()) {
            self.raw("<meta name=\"description\" content=\"");
            self.esc(description);
            self.raw("\">\n");
        }
        if let Some(canonical) = v.common.canonical.as_deref().filter(|c| !c.is_empty()) {
            self.raw("<link rel=\"canonical\" href=\"");
            self.esc(canonical);
            self.raw("\">\n");
        }
        for a in &v.common.alternates {
            self.raw("<link rel=\"alternate\" hreflang=\"");
            self.esc(&a.hreflang);
            self.raw("\" href=\"");
            self.esc(&a.href);
            self.raw("\">\n");
        }
    }

    /// `page.html`'s `body` block.
    fn page_body(&mut self, v: &PageView<'_>) {
        let c = &v.common;
        self.raw("\n<div class=\"layout\">\n<nav id=\"sidebar\" class=\"sidebar\" aria-label=\"");
        self.ui("contents");
        self.raw("\" data-locale-root=\"");
        self.esc(&c.locale_root);
        self.raw("\" data-current=\"");
        self.esc(v.path_in_locale);
        self.raw("\">\n<p><a href=\"");
        self.esc(&c.locale_home);
        self.raw("\">");
        self.ui("contents");
        self.raw("</a></p>\n</nav>\n<main id=\"main\">\n");
        if !v.breadcrumbs.is_empty() {
            self.raw("<nav class=\"breadcrumbs\" aria-label=\"");
            self.ui("breadcrumbs");
            self.raw("\"><ol>\n");
            for crumb in &v.breadcrumbs {
                self.raw("<li>");
                match crumb.url.as_deref().filter(|u| !u.is_empty()) {
                    Some(url) => {
                        self.raw("<a href=\"");
                        self.esc(url);
                        self.raw("\">");
                        self.esc(&crumb.title);
                        self.raw("</a>");
                    }
                    None => self.esc(&crumb.title),
                }
                self.raw("</li>\n");
            }
            self.raw("</ol></nav>\n");
        }
        if let Some(compare) = &v.compare {
            self.raw("<p class=\"compare-link\"><a href=\"");
            self.esc(&compare.url);
            self.raw("\">");
            self.t_with("compare-with", "language", &compare.name);
            self.raw("</a></p>\n");
        }
        if v.machine_translated {
            self.raw("<aside class=\"mt-notice\" role=\"note\"><p>");
            self.ui("mt-notice");
            if let Some(original) = &v.original {
                self.raw(" <a href=\"");
                self.esc(&original.url);
                self.raw("\" hreflang=\"");
                self.esc(&original.lang);
                self.raw("\" data-sections=\"");
                self.esc(&original.sections);
                self.raw("\">");
                self.t_with("mt-original", "language", &original.name);
                self.raw("</a>");
            }
            self.raw("</p></aside>\n");
        }
        self.raw(BODY_START);
        self.raw("\n");
        if !v.has_h1 {
            self.raw("<h1>");
            self.esc(v.title);
            self.raw("</h1>\n");
        }
        self.raw(v.content);
        self.raw("\n</article>\n<footer class=\"page-footer\">\n");
        if let Some(date) = &v.date {
            self.raw("<p class=\"last-updated\">");
            self.t_with("last-updated", "date", &date.display);
            self.raw(" <time datetime=\"");
            self.esc(&date.iso);
            self.raw("\"></time></p>\n");
        }
        self.raw("<nav class=\"prev-next\" aria-label=\"");
        self.ui("previous");
        self.raw(" / ");
        self.ui("next");
        self.raw("\">\n");
        for (link, rel, label) in [(&v.prev, "prev", "previous"), (&v.next, "next", "next")] {
            if let Some(link) = link {
                self.raw("<a class=\"");
                self.raw(rel);
                self.raw("\" rel=\"");
                self.raw(rel);
                self.raw("\" href=\"");
                self.esc(link.url.as_deref().unwrap_or_default());
                self.raw("\"><span>");
                self.ui(label);
                self.raw("</span> ");
                self.esc(&link.title);
                self.raw("</a>");
            }
            self.raw("\n");
        }
        self.raw("</nav>\n</footer>\n</main>\n");
        if !v.outline.is_empty() {
            self.raw("<aside class=\"outline\" aria-labelledby=\"outline-title\">\n<h2 id=\"outline-title\">");
            self.ui("on-this-page");
            self.raw("</h2>\n<ul>\n");
            for h in &v.outline {
                self.raw("<li class=\"level-");
                self.raw(itoa::Buffer::new().format(h.level));
                self.raw("\"><a href=\"#");
                self.esc(&h.id);
                self.raw("\">");
                self.esc(&h.text);
                self.raw("</a></li>\n");
            }
            self.raw("</ul>\n</aside>");
        }
        self.raw("\n</div>\n<script src=\"");
        self.esc(&c.locale_root);
        self.raw("toc.js\" defer></script>\n");
    }

    /// `compare.html`'s `switcher` block.
    fn compare_pickers(&mut self, v: &CompareView<'_>) {
        self.raw("\n<form class=\"compare-pick\" hidden>\n");
        for (side, key) in [("left", "compare-left"), ("right", "compare-right")] {
            self.raw("<label><span class=\"pick-label\" data-t=\"");
            self.raw(key);
            self.raw("\">");
            self.ui(if side == "left" { "compare-left" } else { "compare-right" });
            self.raw("</span>\n<select name=\"");
            self.raw(side);
            self.raw("\">");
            for version in &v.versions {
                self.raw("<option value=\"");
                self.esc(&version.seg);
                self.raw("\" lang=\"");
                self.esc(&version.lang);
                self.raw("\">");
                self.esc(&version.name);
                self.raw("</option>");
            }
            self.raw("</select></label>\n");
        }
        self.raw("</form>\n<button type=\"button\" class=\"compare-print\" hidden data-t=\"compare-print\">");
        self.ui("compare-print");
        self.raw("</button>\n");
    }

    /// `compare.html`'s `body` block.
    fn compare_body(&mut self, v: &CompareView<'_>) {
        self.raw("\n<main id=\"main\" class=\"compare-main\">\n<h1 class=\"visually-hidden\" data-t=\"compare\">");
        self.ui("compare");
        self.raw("</h1>\n<table class=\"compare\">\n<thead><tr>\n");
        for version in &v.versions {
            self.raw("<th scope=\"col\" data-locale=\"");
            self.esc(&version.seg);
            self.raw("\" lang=\"");
            self.esc(&version.lang);
            self.raw("\"><span class=\"compare-lang\">");
            self.esc(&version.name);
            self.raw("</span> <a href=\"");
            self.esc(&version.url);
            self.raw("\" hreflang=\"");
            self.esc(&version.lang);
            self.raw("\">");
            self.esc(&version.title);
            self.raw("</a></th>\n");
        }
        self.raw("</tr></thead>\n<tbody>\n");
        // Each version's cell start tag, written once (the same in every row).
        let mut starts: Vec<(&str, String)> = Vec::new();
        for row in &v.rows {
            self.raw("<tr>\n");
            for cell in row {
                let start = match starts.iter().position(|(seg, _)| *seg == cell.seg) {
                    Some(k) => k,
                    None => {
                        starts.push((cell.seg, cell_start(cell)));
                        starts.len() - 1
                    }
                };
                self.raw(&starts[start].1);
                self.raw(cell.html.reopen);
                self.raw(cell.html.body);
                self.raw(cell.html.close);
                self.raw("</td>\n");
            }
            self.raw("</tr>\n");
        }
        self.raw("</tbody>\n</table>\n</main>\n<script type=\"application/json\" id=\"compare-strings\">");
        self.raw(&v.strings_json);
        self.raw("</script>\n");
    }

    fn end(&mut self) {
        self.raw("\n</body>\n</html>\n");
    }
}

/// `page.html` for `view`.
pub fn page(view: &PageView<'_>, ui: &Ui, i18n: &I18n) -> String {
    let c = &view.common;
    let mut w = Writer { out: String::with_capacity(view.content.len() + 6 * 1024), ui, i18n, lang: c.lang };
    w.head_start(c);
    w.esc(view.title);
    w.raw(" · ");
    w.esc(c.site_title);
    w.raw("</title>\n");
    w.page_head(view);
    w.head_end(c);
    w.raw("<button type=\"button\" class=\"menu-toggle\" hidden aria-controls=\"sidebar\" aria-expanded=\"false\" aria-label=\"");
    w.ui("menu");
    w.raw("\"><span class=\"menu-icon\" aria-hidden=\"true\"></span></button>");
    w.topbar(c);
    w.switcher(c);
    w.header_end();
    w.page_body(view);
    w.end();
    w.out
}

/// `compare.html` for `view`.
pub fn compare(view: &CompareView<'_>, ui: &Ui, i18n: &I18n) -> String {
    let c = &view.common;
    let size: usize = view.rows.iter().flatten().map(|cell| cell.html.len() + 256).sum();
    let mut w = Writer { out: String::with_capacity(size + 6 * 1024), ui, i18n, lang: c.lang };
    w.head_start(c);
    w.ui("compare");
    w.raw(" · ");
    w.esc(view.title);
    w.raw(" · ");
    w.esc(c.site_title);
    w.raw("</title>\n<meta name=\"robots\" content=\"noindex\">\n");
    w.head_end(c);
    w.topbar(c);
    w.compare_pickers(view);
    w.header_end();
    w.compare_body(view);
    w.end();
    w.out
}

/// Tera's truth for an optional string: present and not empty.
fn truthy(s: Option<&str>) -> bool {
    s.is_some_and(|s| !s.is_empty())
}

/// A side-by-side view's cell start tag (the same for every cell of a version).
fn cell_start(cell: &Cell<'_>) -> String {
    let mut out = String::from("<td class=\"content\"");
    let attributes = [
        ("data-locale", cell.seg),
        ("data-name", cell.name),
        ("lang", cell.lang),
        ("data-copy", cell.copy[0].as_str()),
        ("data-copied", cell.copy[1].as_str()),
        ("data-copy-label", cell.copy[2].as_str()),
    ];
    for (name, value) in attributes {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_into(&mut out, value);
        out.push('"');
    }
    out.push('>');
    out
}

/// `s` escaped.
fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Appends `s` escaped as Tera's autoescape does: `& < > " '`.
fn escape_into(out: &mut String, s: &str) {
    crate::highlight::escape_into(out, s, true);
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::output::Collect;
    use crate::pipeline::{Prepared, Timings, prepare_all};
    use crate::render::site::OutputFile;

    /// Every article page and side-by-side view of a prepared book, by path.
    fn pages(prepared: &Prepared) -> Vec<(String, String)> {
        let sink = Collect::default();
        for group in prepared.book.translations.groups() {
            prepared.render_group(&group, Some(&sink)).expect("pages render");
        }
        let mut pages: Vec<(String, String)> = sink
            .into_files()
            .into_iter()
            .filter_map(|file| match file {
                OutputFile::Text { path, contents } => Some((path, contents)),
                _ => None,
            })
            .collect();
        pages.sort();
        pages
    }

    /// The native pages are the default templates' pages, byte for byte: the sample
    /// book (machine-translated pages, missing translations, dates, views) and the
    /// test fixtures (search on and off, redirects, broken input).
    #[test]
    fn native_pages_equal_the_default_templates() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = Vec::new();
        for book in [
            ".",
            "tests/testsuite/fixtures/bilingual",
            "tests/testsuite/fixtures/search",
            "tests/testsuite/fixtures/problems",
        ] {
            let config = Config::load(&root.join(book)).expect("the book loads");
            let mut prepared = prepare_all(config, &mut Timings::default()).expect("the book prepares");
            assert!(prepared.renderer.native_page && prepared.renderer.native_compare);
            let native = pages(&prepared);
            prepared.renderer.interpret_all();
            let interpreted = pages(&prepared);
            assert!(native.len() >= 4, "{book}: {} pages", native.len());
            assert_eq!(native.len(), interpreted.len(), "{book}");
            for ((path, a), (_, b)) in native.iter().zip(&interpreted) {
                assert!(a == b, "{book}: {path} differs from its template's rendering:\n{}", first_difference(a, b));
            }
            seen.extend(native);
        }
        // Every branch of the templates was taken somewhere.
        for (what, mark) in [
            ("a side-by-side view", "<table class=\"compare\">"),
            ("a machine-translated page", "class=\"mt-notice\""),
            ("the search box", "<div class=\"search\""),
            ("a missing translation", "class=\"unavailable\""),
            ("breadcrumbs", "class=\"breadcrumbs\""),
            ("an outline", "class=\"outline\""),
            ("a date", "class=\"last-updated\""),
            ("a description", "<meta name=\"description\""),
        ] {
            assert!(seen.iter().any(|(_, page)| page.contains(mark)), "no page has {what}");
        }
    }

    fn first_difference(a: &str, b: &str) -> String {
        let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
        let from = a.floor_char_boundary(at.saturating_sub(80));
        format!(
            "native:      {:?}\ninterpreted: {:?}",
            &a[from..a.ceil_char_boundary(at + 80).min(a.len())],
            &b[b.floor_char_boundary(from)..b.ceil_char_boundary(at + 80).min(b.len())]
        )
    }

    #[test]
    fn escapes_as_tera_does() {
        assert_eq!(escaped(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assert_eq!(escaped("配置 ü"), "配置 ü");
        assert_eq!(escaped(""), "");
    }
}
