use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::frontmatter::FrontMatter;
use crate::model::Page;

fn pages(rels: &[&str]) -> Vec<Page> {
    rels.iter()
        .map(|r| Page {
            locale: 0,
            rel_path: (*r).into(),
            path: PathBuf::from(r),
            url: format!("es-es/{r}"),
            front: FrontMatter::default(),
            body: String::new(),
            body_line: 1,
            title: String::new(),
            nav_title: String::new(),
        })
        .collect()
}

fn nav(yaml: &str, rels: &[&str]) -> (Nav, Vec<Diagnostic>) {
    let pages = pages(rels);
    let empty = BTreeMap::new();
    let links = LinkIndex::new(&pages, &[&empty], &["es-es".into()]);
    Nav::parse(yaml, Path::new("toc.yml"), "S/toc/toc.yml", 0, &links)
}

const ZH_STYLE: &str = "- name: Root\n  href: ../root.md\n  items:\n    - name: A\n      href: ../a.md\n      items:\n        - name: B\n          href: ../b.md\n    - name: Ext\n      href: https://example.com\n";
const ES_STYLE: &str = "- name: Root\n  href: root.md\n  items:\n  - name: A\n    href: a.md\n    items:\n    - name: B\n      href: b.md\n";

#[test]
fn reads_both_corpus_styles() {
    for yaml in [ZH_STYLE, ES_STYLE] {
        let (nav, diags) = nav(yaml, &["S/root.md", "S/a.md", "S/b.md"]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(nav.order, vec![0, 1, 2]);
        assert_eq!(nav.prev_next(1), (Some(0), Some(2)));
        let crumbs: Vec<&str> = nav.breadcrumbs(2).iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(crumbs, ["Root", "A"]);
    }
}

#[test]
fn external_entries_are_kept() {
    let (nav, _) = nav(ZH_STYLE, &["S/root.md", "S/a.md", "S/b.md"]);
    assert_eq!(nav.roots[0].children[1].external.as_deref(), Some("https://example.com"));
}

#[test]
fn missing_targets_are_reported_with_line() {
    let (nav, diags) = nav(ZH_STYLE, &["S/root.md", "S/b.md"]);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].kind, Kind::TocMissingFile);
    assert_eq!(diags[0].line, 5);
    assert!(!nav.contains(5));
}

#[test]
fn invalid_yaml_is_reported() {
    let (_, diags) = nav("- name: [unclosed\n", &[]);
    assert_eq!(diags[0].kind, Kind::TocInvalid);
}

#[test]
fn several_tocs_are_joined() {
    let (mut a, _) = nav(ES_STYLE, &["S/root.md", "S/a.md", "S/b.md"]);
    let (b, _) =
        nav("- name: Again\n  href: b.md\n- name: Root again\n  href: root.md\n", &["S/root.md", "S/a.md", "S/b.md"]);
    a.append(b);
    assert_eq!(a.roots.len(), 3);
    assert_eq!(a.order, vec![0, 1, 2], "pages keep their first place");
}

#[test]
fn entries_climbing_out_of_the_book_are_link_outside_book() {
    let yaml = "- name: Root\n  href: ../root.md\n- name: Out\n  href: ../../../etc/passwd\n";
    let (nav, diags) = nav(yaml, &["S/root.md"]);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].kind, Kind::LinkOutsideBook);
    assert_eq!((diags[0].line, diags[0].column), (4, 9));
    assert_eq!(nav.order, vec![0]);
    assert!(nav.roots[1].page.is_none() && nav.roots[1].external.is_none());
}
