//! Translations: pages of different locales that share an asset id are one
//! article. Built once per build as a map asset id → page per locale; a page's
//! translations are then one lookup. Duplicate ids within a locale are reported.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::Page;

/// Translation sets of the whole book.
#[derive(Debug, Default)]
pub struct Translations {
    /// One entry per article: the page of each locale, if any.
    sets: Vec<Vec<Option<usize>>>,
    /// For each page, its set.
    set_of_page: Vec<Option<usize>>,
}

impl Translations {
    /// Groups `pages` by asset id. Pages are expected in a stable order (locale, path).
    pub fn link(pages: &[Page], locales: usize) -> (Self, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut by_id: HashMap<&str, usize> = HashMap::new();
        let mut t = Translations { sets: Vec::new(), set_of_page: vec![None; pages.len()] };
        for (i, page) in pages.iter().enumerate() {
            let Some(id) = page.front.asset_id.as_deref() else {
                continue;
            };
            let set = *by_id.entry(id).or_insert_with(|| {
                t.sets.push(vec![None; locales]);
                t.sets.len() - 1
            });
            match t.sets[set][page.locale] {
                Some(first) => diags.push(
                    Diagnostic::file(
                        Kind::DuplicateAssetId,
                        &page.path,
                        format!("asset id {id} is already used by {} in this locale", pages[first].rel_path),
                    )
                    .at_line(1)
                    .with_hint("give each article its own asset id; this page is not linked to translations"),
                ),
                None => {
                    t.sets[set][page.locale] = Some(i);
                    t.set_of_page[i] = Some(set);
                }
            }
        }
        (t, diags)
    }

    /// The page of each locale that translates `page` (itself included), if linked.
    pub fn of(&self, page: usize) -> Option<&[Option<usize>]> {
        self.set_of_page[page].map(|s| self.sets[s].as_slice())
    }

    /// The translation of `page` in `locale`.
    pub fn in_locale(&self, page: usize, locale: usize) -> Option<usize> {
        self.of(page).and_then(|set| set[locale])
    }

    /// All sets (articles), each with its page per locale.
    pub fn sets(&self) -> &[Vec<Option<usize>>] {
        &self.sets
    }

    /// Every page in exactly one group: each translation set (its pages in locale
    /// order), then each page linked to no other as a group of its own; in the order
    /// of each group's first page. The unit of work of the page stage: a page's
    /// rendering needs nothing of other pages' rendering beyond its group.
    pub fn groups(&self) -> Vec<Vec<usize>> {
        let mut seen = vec![false; self.sets.len()];
        let mut groups = Vec::new();
        for (page, set) in self.set_of_page.iter().enumerate() {
            match *set {
                Some(s) if !seen[s] => {
                    seen[s] = true;
                    groups.push(self.sets[s].iter().flatten().copied().collect());
                }
                Some(_) => {}
                None => groups.push(vec![page]),
            }
        }
        groups
    }

    /// Number of articles present in at least two locales.
    pub fn linked_articles(&self) -> usize {
        self.sets.iter().filter(|s| s.iter().flatten().count() > 1).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::FrontMatter;

    fn page(locale: usize, rel: &str, id: Option<&str>) -> Page {
        Page {
            locale,
            rel_path: rel.into(),
            path: rel.into(),
            url: String::new(),
            front: FrontMatter { asset_id: id.map(Into::into), ..Default::default() },
            body: String::new(),
            body_line: 1,
            title: String::new(),
            nav_title: String::new(),
        }
    }

    #[test]
    fn links_by_asset_id_not_file_name() {
        let pages = vec![
            page(0, "a.md", Some("1")),
            page(0, "b.md", Some("2")),
            page(1, "other-name.md", Some("1")),
            page(1, "c.md", None),
        ];
        let (t, diags) = Translations::link(&pages, 2);
        assert!(diags.is_empty());
        assert_eq!(t.in_locale(0, 1), Some(2));
        assert_eq!(t.in_locale(2, 0), Some(0));
        assert_eq!(t.in_locale(1, 1), None);
        assert_eq!(t.of(3), None);
        assert_eq!(t.linked_articles(), 1);
        assert_eq!(t.groups(), [vec![0, 2], vec![1], vec![3]], "every page in one group");
    }

    #[test]
    fn duplicates_are_reported_naming_both() {
        let pages = vec![page(0, "a.md", Some("1")), page(0, "b.md", Some("1"))];
        let (t, diags) = Translations::link(&pages, 1);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("a.md"));
        assert_eq!(diags[0].file.to_str(), Some("b.md"));
        assert_eq!(t.of(1), None);
    }
}
