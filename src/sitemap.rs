//! `sitemap.xml` with `xhtml:link` alternates for every translation, written when
//! the book has a site URL (sitemaps need absolute URLs).

use crate::highlight::escape_into;

/// One URL of the sitemap and its language versions.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Site path (`es-es/a.html`), joined to the site URL.
    pub path: &'a str,
    /// `YYYY-MM-DD`, if known.
    pub lastmod: Option<String>,
    /// (hreflang, site path) of every version, this one included.
    pub alternates: Vec<(&'a str, &'a str)>,
}

/// The text before the first URL.
pub const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
/// The text after the last URL.
pub const TAIL: &str = "</urlset>\n";

/// Appends one `<url>` element; `base` is the site URL, already escaped.
pub fn write_url(out: &mut String, base: &str, e: &Entry<'_>) {
    out.push_str("<url><loc>");
    out.push_str(base);
    escape_into(out, e.path, false);
    out.push_str("</loc>");
    if let Some(d) = &e.lastmod {
        out.push_str("<lastmod>");
        out.push_str(d);
        out.push_str("</lastmod>");
    }
    for (lang, path) in &e.alternates {
        out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
        escape_into(out, lang, false);
        out.push_str("\" href=\"");
        out.push_str(base);
        escape_into(out, path, false);
        out.push_str("\"/>");
    }
    out.push_str("</url>\n");
}

/// Serialises a whole sitemap (site URL `base`, not escaped).
pub fn render(base: &str, entries: &[Entry<'_>]) -> String {
    let mut out = String::from(HEAD);
    let base = escaped(base);
    for e in entries {
        write_url(&mut out, &base, e);
    }
    out.push_str(TAIL);
    out
}

/// `s` HTML-escaped.
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_alternates() {
        let xml = render(
            "https://d/",
            &[Entry {
                path: "es-es/a.html",
                lastmod: Some("2014-07-23".into()),
                alternates: vec![("es-ES", "es-es/a.html"), ("zh-CN", "zh-cn/a&b.html")],
            }],
        );
        assert!(xml.contains("<loc>https://d/es-es/a.html</loc><lastmod>2014-07-23</lastmod>"));
        assert!(xml.contains("hreflang=\"zh-CN\" href=\"https://d/zh-cn/a&amp;b.html\""));
        assert!(xml.starts_with(HEAD) && xml.ends_with(TAIL));
    }
}
