//! The edges of the dependency graph: which outputs read which values of another
//! page. Each rule compares a value before and after a change and names the pages
//! whose files must be rendered again; the engine applies them and keeps only the
//! files whose bytes changed.
//!
//! - A page's file reads its own page and article, the headings of its translation
//!   set (the switcher's section ids), the translation set itself (switcher,
//!   alternates, the machine-translation notice reads the others' translation type),
//!   its neighbours' navigation titles (previous/next) and its locale's navigation
//!   (breadcrumbs, previous/next).
//! - The site's shared files (homes, `toc.js`, the dashboard, the sitemap, copied
//!   files) read the navigation, titles, dates, redirects and translation sets of
//!   every page, and the assets articles use.

use crate::model::{Article, Page};
use crate::nav::Nav;

/// What other outputs read of a page that changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageChange {
    /// The asset id: translation sets are linked again.
    pub translations: bool,
    /// What the other pages of its set read (translation type; a redirect leaves the
    /// set's side-by-side view, which every version links to).
    pub set: bool,
    /// What its previous and next pages show of it (navigation title).
    pub neighbours: bool,
    /// What the site's shared files read (title, dates, redirect, translation type).
    pub site: bool,
}

/// Compares the values of a page before and after an edit.
pub fn page_change(old: &Page, new: &Page) -> PageChange {
    let (a, b) = (&old.front, &new.front);
    PageChange {
        translations: a.asset_id != b.asset_id,
        set: a.translation_type != b.translation_type || a.redirect_url != b.redirect_url,
        neighbours: old.nav_title != new.nav_title || old.url != new.url,
        site: old.title != new.title
            || a.asset_id != b.asset_id
            || a.translation_type != b.translation_type
            || a.redirect_url != b.redirect_url
            || a.date != b.date
            || a.source_hash != b.source_hash
            || a.handoff != b.handoff,
    }
}

/// Whether the other pages of a translation set must be rendered again when this
/// article changes: their switcher (and machine-translation notice) carries section
/// ids aligned through its headings and its sections' language-independent keys.
pub fn set_reads(old: &Article, new: &Article) -> bool {
    old.headings != new.headings || old.section_keys != new.section_keys
}

/// Whether the site's copied files change: the assets articles use.
pub fn copies_read(old: &Article, new: &Article) -> bool {
    old.assets != new.assets
}

/// Pages of `locale` whose navigation (previous, next, breadcrumbs) differs between
/// two versions of the locale's toc.
pub fn nav_changed(pages: &[Page], locale: usize, old: &Nav, new: &Nav) -> Vec<usize> {
    pages
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            p.locale == locale && (old.prev_next(*i) != new.prev_next(*i) || old.breadcrumbs(*i) != new.breadcrumbs(*i))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The pages whose previous or next link shows page `i`.
pub fn neighbours(nav: &Nav, i: usize) -> impl Iterator<Item = usize> {
    let (prev, next) = nav.prev_next(i);
    prev.into_iter().chain(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::LinkIndex;
    use crate::model::Heading;

    fn page(locale: usize, rel: &str, title: &str) -> Page {
        Page {
            locale,
            rel_path: rel.into(),
            path: rel.into(),
            url: format!("x/{}", rel.replace(".md", ".html")),
            front: Default::default(),
            body: String::new(),
            body_line: 1,
            title: title.into(),
            nav_title: title.into(),
        }
    }

    #[test]
    fn a_text_edit_touches_no_other_page() {
        let old = page(0, "a.md", "A");
        let mut new = old.clone();
        new.body = "changed".into();
        assert_eq!(page_change(&old, &new), PageChange::default());
        new.title = "B".into();
        assert!(page_change(&old, &new).site && !page_change(&old, &new).neighbours);
        new.nav_title = "B".into();
        assert!(page_change(&old, &new).neighbours);
        let mut moved = old.clone();
        moved.front.asset_id = Some("1".into());
        let change = page_change(&old, &moved);
        assert!(change.translations && change.site && !change.set);
    }

    #[test]
    fn headings_reach_the_set_and_assets_the_copies() {
        let h = |t: &str| Heading { level: 2, id: t.into(), text: t.into() };
        let old = Article { headings: vec![h("a")], ..Default::default() };
        let mut new = Article { headings: vec![h("a")], links_resolved: 3, ..Default::default() };
        assert!(!set_reads(&old, &new));
        new.headings.push(h("b"));
        assert!(set_reads(&old, &new));
        let mut keyed = Article { headings: vec![h("a")], ..Default::default() };
        keyed.section_keys.push(crate::model::SectionKeys(vec![7]));
        assert!(set_reads(&old, &keyed), "a cmdlet added to a section moves the alignment");
        assert!(!copies_read(&old, &new));
        new.assets.push("img/x.png".into());
        assert!(copies_read(&old, &new));
    }

    #[test]
    fn a_toc_edit_reaches_the_pages_whose_neighbours_moved() {
        let pages = vec![page(0, "a.md", "A"), page(0, "b.md", "B"), page(0, "c.md", "C"), page(1, "a.md", "A")];
        let links = LinkIndex::new(&pages, &[&Default::default(), &Default::default()], &["x".into(), "y".into()]);
        let nav = |yaml: &str| Nav::parse(yaml, "toc.yml".as_ref(), "toc.yml", 0, &links).0;
        let old = nav("- name: A\n  href: a.md\n- name: B\n  href: b.md\n- name: C\n  href: c.md\n");
        let new = nav("- name: A\n  href: a.md\n- name: C\n  href: c.md\n- name: B\n  href: b.md\n");
        assert_eq!(nav_changed(&pages, 0, &old, &new), [0, 1, 2]);
        let renamed = nav("- name: A\n  href: a.md\n- name: B\n  href: b.md\n- name: Ce\n  href: c.md\n");
        assert!(nav_changed(&pages, 0, &old, &renamed).is_empty(), "toc titles live in toc.js only");
        assert_eq!(neighbours(&old, 1).collect::<Vec<_>>(), [0, 2]);
    }
}
