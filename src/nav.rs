//! Navigation: a locale's DocFX `toc.yml` (`name`, `href`, `items`; hrefs relative
//! to the toc file) becomes a tree of pages, plus for each page its breadcrumbs
//! and its previous/next page in reading order. The tree itself is rendered once
//! per locale (see [`crate::render`]), never into every page.

use rustc_hash::FxHashMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Kind};
use crate::links::LinkIndex;
use crate::paths::join_relative;

#[derive(Debug, Default, PartialEq, Deserialize)]
struct RawItem {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    href: Option<String>,
    #[serde(default, rename = "topicHref")]
    topic_href: Option<String>,
    #[serde(default)]
    items: Vec<RawItem>,
}

/// An entry of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocNode {
    /// Display name.
    pub title: String,
    /// The page it opens, if it names one of this locale.
    pub page: Option<usize>,
    /// An external URL it opens instead.
    pub external: Option<String>,
    /// Children.
    pub children: Vec<TocNode>,
}

/// A locale's navigation.
#[derive(Debug, Default)]
pub struct Nav {
    /// Top-level entries.
    pub roots: Vec<TocNode>,
    /// Pages in reading order (first appearance in the tree).
    pub order: Vec<usize>,
    position: FxHashMap<usize, usize>,
    /// For each page, the chain of ancestor pages (titles come from the toc).
    ancestors: FxHashMap<usize, Vec<(String, Option<usize>)>>,
}

impl Nav {
    /// Reads `yaml` (the toc file at `toc_rel`, relative to the content folder).
    pub fn parse(
        yaml: &str,
        toc_path: &Path,
        toc_rel: &str,
        locale: usize,
        links: &LinkIndex,
    ) -> (Nav, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let parsed = plain::parse(yaml).map_or_else(|| serde_yaml::from_str(yaml), Ok);
        let raw: Vec<RawItem> = match parsed {
            Ok(items) => items,
            Err(e) => {
                let line = e.location().map_or(0, |l| l.line() as u32);
                diags.push(
                    Diagnostic::file(Kind::TocInvalid, toc_path, format!("cannot read the toc: {e}"))
                        .at(yaml, line, 1, 1)
                        .with_hint("a DocFX toc is a YAML list of items with `name`, `href` and `items`"),
                );
                return (Nav::default(), diags);
            }
        };
        let mut builder =
            Builder { yaml, toc_path, toc_rel, locale, links, diags: &mut diags, nav: Nav::default(), search_from: 0 };
        let roots = builder.items(raw, &mut Vec::new());
        let mut nav = builder.nav;
        nav.roots = roots;
        nav.position = nav.order.iter().enumerate().map(|(i, &p)| (p, i)).collect();
        (nav, diags)
    }

    /// Adds another toc's tree after this one (a locale may have several tocs).
    pub fn append(&mut self, other: Nav) {
        self.roots.extend(other.roots);
        for p in other.order {
            if let Some(trail) = other.ancestors.get(&p).filter(|_| !self.ancestors.contains_key(&p)) {
                self.ancestors.insert(p, trail.clone());
                self.position.insert(p, self.order.len());
                self.order.push(p);
            }
        }
    }

    /// Whether `page` appears in the tree.
    pub fn contains(&self, page: usize) -> bool {
        self.position.contains_key(&page)
    }

    /// The pages before and after `page` in reading order.
    pub fn prev_next(&self, page: usize) -> (Option<usize>, Option<usize>) {
        let Some(&i) = self.position.get(&page) else {
            return (None, None);
        };
        (i.checked_sub(1).map(|j| self.order[j]), self.order.get(i + 1).copied())
    }

    /// The ancestors of `page`, outermost first.
    pub fn breadcrumbs(&self, page: usize) -> &[(String, Option<usize>)] {
        self.ancestors.get(&page).map_or(&[], Vec::as_slice)
    }
}

struct Builder<'a> {
    yaml: &'a str,
    toc_path: &'a Path,
    toc_rel: &'a str,
    locale: usize,
    links: &'a LinkIndex,
    diags: &'a mut Vec<Diagnostic>,
    nav: Nav,
    search_from: usize,
}

impl Builder<'_> {
    fn items(&mut self, raw: Vec<RawItem>, trail: &mut Vec<(String, Option<usize>)>) -> Vec<TocNode> {
        raw.into_iter()
            .map(|item| {
                let title = item.name.unwrap_or_default();
                let href = item.href.or(item.topic_href);
                let (page, external) = match href.as_deref() {
                    Some(h) if h.contains("://") => (None, Some(h.to_owned())),
                    Some(h) if !h.trim().is_empty() => (self.resolve(h), None),
                    _ => (None, None),
                };
                if let Some(p) = page
                    && let std::collections::hash_map::Entry::Vacant(e) = self.nav.ancestors.entry(p)
                {
                    e.insert(trail.clone());
                    self.nav.order.push(p);
                }
                trail.push((title.clone(), page));
                let children = self.items(item.items, trail);
                trail.pop();
                TocNode { title, page, external, children }
            })
            .collect()
    }

    /// Resolves an href relative to the toc file; the corpus's es-es tocs write hrefs
    /// relative to the folder above, so ancestors of the toc folder are tried too.
    fn resolve(&mut self, href: &str) -> Option<usize> {
        let path = href.split(['#', '?']).next().unwrap_or(href);
        let mut dir = Some(self.toc_rel.rsplit_once('/').map_or("", |(d, _)| d));
        while let Some(d) = dir {
            let base = if d.is_empty() { "x".to_owned() } else { format!("{d}/x") };
            if let Some(p) = join_relative(&base, path).and_then(|rel| self.links.page_at(self.locale, &rel)) {
                return Some(p);
            }
            dir = (!d.is_empty()).then(|| d.rsplit_once('/').map_or("", |(parent, _)| parent));
        }
        let (line, column) = self.position_of(href);
        // Ancestors of the toc folder climb further still: outside from the toc's own folder is outside.
        let (kind, message, hint) = if join_relative(self.toc_rel, path).is_none() {
            (
                Kind::LinkOutsideBook,
                format!("toc entry `{href}` climbs out of the locale's content folder"),
                "keep toc entries inside the book; it was neither read nor copied",
            )
        } else {
            (
                Kind::TocMissingFile,
                format!("toc entry `{href}` names no page of this locale"),
                "fix the href or remove the entry",
            )
        };
        self.diags.push(
            Diagnostic::file(kind, self.toc_path, message)
                .at(self.yaml, line, column, href.chars().count() as u32)
                .with_hint(hint),
        );
        None
    }

    /// Line and column of the next occurrence of `href` in the toc text.
    fn position_of(&mut self, href: &str) -> (u32, u32) {
        let Some(at) = self.yaml[self.search_from..].find(href).map(|i| i + self.search_from) else {
            return (1, 1);
        };
        self.search_from = at;
        crate::diagnostics::line_col(self.yaml, at)
    }
}

mod plain;

#[cfg(test)]
mod tests;
