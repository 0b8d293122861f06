//! `sitemap.xml` with `xhtml:link` alternates for every translation, written when
//! the book has a site URL (sitemaps need absolute URLs).

use crate::highlight::escape_into;

/// One URL of the sitemap and its language versions (hreflang, absolute URL).
#[derive(Debug, Clone)]
pub struct Entry {
    /// Absolute URL.
    pub loc: String,
    /// `YYYY-MM-DD`, if known.
    pub lastmod: Option<String>,
    /// (hreflang, absolute URL) of every version, this one included.
    pub alternates: Vec<(String, String)>,
}

/// Serialises the sitemap.
pub fn render(entries: &[Entry]) -> String {
    let mut out = String::with_capacity(256 * entries.len() + 256);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        out.push_str("<url><loc>");
        escape_into(&mut out, &e.loc, false);
        out.push_str("</loc>");
        if let Some(d) = &e.lastmod {
            out.push_str("<lastmod>");
            out.push_str(d);
            out.push_str("</lastmod>");
        }
        for (lang, href) in &e.alternates {
            out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
            escape_into(&mut out, lang, false);
            out.push_str("\" href=\"");
            escape_into(&mut out, href, false);
            out.push_str("\"/>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_alternates() {
        let xml = render(&[Entry {
            loc: "https://d/es-es/a.html".into(),
            lastmod: Some("2014-07-23".into()),
            alternates: vec![
                ("es-ES".into(), "https://d/es-es/a.html".into()),
                ("zh-CN".into(), "https://d/zh-cn/a.html".into()),
            ],
        }]);
        assert!(xml.contains("<loc>https://d/es-es/a.html</loc><lastmod>2014-07-23</lastmod>"));
        assert!(xml.contains("hreflang=\"zh-CN\" href=\"https://d/zh-cn/a.html\""));
    }
}
