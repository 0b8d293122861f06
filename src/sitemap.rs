//! `sitemap.xml` with `xhtml:link` alternates for every translation, written when
//! the book has a site URL (sitemaps need absolute URLs).

use rayon::prelude::*;

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
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
/// The text after the last URL.
const TAIL: &str = "</urlset>\n";
/// URLs written by one task.
const RUN: usize = 256;

/// Serialises the sitemap of site URL `base` (not escaped): `entry(i)` for `i` in
/// `0..count`, those that are `Some`, in order. Runs of [`RUN`] entries are written
/// side by side into buffers sized ahead, then joined.
pub fn render<'a>(base: &str, count: usize, entry: impl Fn(usize) -> Option<Entry<'a>> + Sync) -> String {
    let mut escaped = String::with_capacity(base.len());
    escape_into(&mut escaped, base, false);
    let base = escaped.as_str();
    let runs: Vec<String> = (0..count.div_ceil(RUN))
        .into_par_iter()
        .map(|k| {
            let ids = k * RUN..count.min((k + 1) * RUN);
            let mut out = String::with_capacity(ids.len() * (4 * base.len() + 400));
            for e in ids.filter_map(&entry) {
                write_url(&mut out, base, &e);
            }
            out
        })
        .collect();
    let mut out = String::with_capacity(HEAD.len() + runs.iter().map(String::len).sum::<usize>() + TAIL.len());
    out.push_str(HEAD);
    for run in &runs {
        out.push_str(run);
    }
    out.push_str(TAIL);
    out
}

/// Appends one `<url>` element; `base` is the site URL, already escaped.
fn write_url(out: &mut String, base: &str, e: &Entry<'_>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_alternates() {
        let entry = |_| Entry {
            path: "es-es/a.html",
            lastmod: Some("2014-07-23".into()),
            alternates: vec![("es-ES", "es-es/a.html"), ("zh-CN", "zh-cn/a&b.html")],
        };
        let xml = render("https://d/", 1, |i| Some(entry(i)));
        assert!(xml.contains("<loc>https://d/es-es/a.html</loc><lastmod>2014-07-23</lastmod>"));
        assert!(xml.contains("hreflang=\"zh-CN\" href=\"https://d/zh-cn/a&amp;b.html\""));
        assert!(xml.starts_with(HEAD) && xml.ends_with(TAIL));
    }

    #[test]
    fn runs_keep_the_order_and_leave_out_what_is_none() {
        let paths: Vec<String> = (0..2 * RUN + 7).map(|i| format!("p{i}.html")).collect();
        let xml = render("https://d/", paths.len(), |i| {
            (i % 3 != 0).then(|| Entry { path: &paths[i], lastmod: None, alternates: Vec::new() })
        });
        let locs: Vec<&str> = xml.split("<loc>https://d/").skip(1).map(|s| &s[..s.find('<').unwrap()]).collect();
        let expected: Vec<&str> =
            paths.iter().enumerate().filter(|(i, _)| i % 3 != 0).map(|(_, p)| p.as_str()).collect();
        assert_eq!(locs, expected);
    }
}
