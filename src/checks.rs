//! Stage 5, cross-page checks: what can only be checked once every page is rendered —
//! links to `#fragments` of other pages (against their heading ids and `<a name>`
//! anchors) and pages that no toc lists.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{Article, Page};
use crate::nav::Nav;

/// Links to `#fragment`s that are no heading id or anchor of their target page.
/// `body` gives a page's Markdown (for the source line of a report).
pub fn fragments<'b>(
    pages: &[Page],
    articles: &[Article],
    body: &dyn Fn(usize) -> std::borrow::Cow<'b, str>,
    diags: &mut Vec<Diagnostic>,
) {
    let anchor_sets: Vec<BTreeSet<&str>> =
        articles.iter().map(|a| a.anchors.iter().map(String::as_str).collect()).collect();
    for (i, a) in articles.iter().enumerate() {
        // The page's lines, split once when needed: a page with many broken fragments stays linear.
        let mut text: Option<std::borrow::Cow<'b, str>> = None;
        let mut lines: Option<Vec<&str>> = None;
        for link in &a.fragment_links {
            if link.fragment.is_empty() || anchor_sets[link.target].contains(link.fragment.as_str()) {
                continue;
            }
            let target = &pages[link.target];
            let page = &pages[i];
            if lines.is_none() {
                lines = Some(text.insert(body(i)).lines().collect());
            }
            let lines = lines.as_ref().expect("invariant: set above");
            let source = lines.get((link.line - page.body_line) as usize).copied().unwrap_or("");
            let mut d = Diagnostic::file(
                Kind::BrokenFragment,
                &page.path,
                format!("`#{}` is no heading or anchor of {}", link.fragment, target.rel_path),
            );
            d.line = link.line;
            d.column = link.column;
            d.span = link.fragment.chars().count() as u32 + 1;
            d.source_line = Some(source.chars().take(2000).collect());
            if let Some(col) = source.find(&format!("#{}", link.fragment)) {
                d.column = source[..col].chars().count() as u32 + 1;
            }
            let near = anchor_sets[link.target].iter().find(|id| id.eq_ignore_ascii_case(&link.fragment));
            if let Some(near) = near {
                d = d.with_hint(format!("did you mean `#{near}`?"));
            }
            diags.push(d);
        }
    }
}

/// Pages (among those this build renders) that no toc of their locale lists.
pub fn toc_coverage(pages: &[Page], renders: &[bool], navs: &[Nav], diags: &mut Vec<Diagnostic>) {
    for (i, p) in pages.iter().enumerate().filter(|(i, _)| renders[*i]) {
        if !navs[p.locale].order.is_empty() && !navs[p.locale].contains(i) && p.front.redirect_url.is_none() {
            diags.push(
                Diagnostic::file(Kind::NotInToc, &p.path, "the page is not listed in its locale's toc")
                    .with_hint("add it to toc.yml, or leave it reachable from the locale home"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_fragments_point_at_their_line_and_stay_linear() {
        let para = "see [f](b.md#nope) here\n\n";
        let page = |rel: &str, body: String| Page {
            locale: 0,
            rel_path: rel.into(),
            path: rel.into(),
            url: format!("x/{rel}"),
            front: Default::default(),
            body,
            body_line: 3,
            title: String::new(),
            nav_title: String::new(),
        };
        let pages = [page("a.md", para.repeat(30_000)), page("b.md", String::new())];
        let links = (0..30_000u32)
            .map(|k| crate::model::FragmentLink { target: 1, fragment: "nope".into(), line: 3 + 2 * k, column: 9 })
            .collect();
        let articles = [Article { fragment_links: links, ..Default::default() }, Article::default()];
        let mut diags = Vec::new();
        fragments(&pages, &articles, &|i| std::borrow::Cow::Borrowed(&pages[i].body), &mut diags);
        assert_eq!(diags.len(), 30_000);
        let last = &diags[29_999];
        assert_eq!((last.line, last.column), (3 + 2 * 29_999, 13));
        assert_eq!(last.source_line.as_deref(), Some("see [f](b.md#nope) here"));
    }
}
