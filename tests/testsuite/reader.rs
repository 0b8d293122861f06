//! The reader interface as built HTML (read back with the HTML parser): the
//! navigation tree's markup (home and `toc.js`), the phone menu button.

use scraper::{ElementRef, Html, Selector};

use crate::support::{Book, text};

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// The tree HTML of a locale's `toc.js` (the argument of `polybookToc(…)`).
fn toc_js_tree(book: &Book, locale: &str) -> Html {
    let js = std::fs::read_to_string(book.site().join(locale).join("toc.js")).expect("toc.js");
    let start = js.find("polybookToc(").expect("polybookToc call") + "polybookToc(".len();
    let end = js.rfind(')').expect("end of call");
    let html: String = serde_json::from_str(&js[start..end]).expect("a JSON string");
    Html::parse_fragment(&html)
}

/// Checks a tree: nested lists, nothing interactive inside another interactive
/// element, every branch entry holding its own link (or label) and its list.
fn check_tree(root: ElementRef<'_>, what: &str) -> usize {
    for bad in ["details", "summary", "a a", "a button", "button a", "button button"] {
        assert_eq!(root.select(&sel(bad)).count(), 0, "{what}: `{bad}` in the tree");
    }
    let branches: Vec<ElementRef<'_>> = root.select(&sel("li.branch")).collect();
    for li in &branches {
        let children: Vec<&str> = li.children().filter_map(ElementRef::wrap).map(|e| e.value().name()).collect();
        assert!(
            children == ["a", "ul"] || children == ["span", "ul"],
            "{what}: a branch is its entry then its list, got {children:?} in {}",
            li.html()
        );
    }
    for li in root.select(&sel("li:not(.branch)")) {
        assert_eq!(li.select(&sel("ul")).count(), 0, "{what}: a leaf with a list: {}", li.html());
    }
    branches.len()
}

#[test]
fn tree_is_nested_lists_with_no_nested_controls() {
    let book = Book::fixture("bilingual");
    book.build();
    for locale in ["es-es", "zh-cn"] {
        let js_tree = toc_js_tree(&book, locale);
        let branches = check_tree(js_tree.root_element(), &format!("{locale}/toc.js"));
        assert_eq!(branches, 1, "{locale}: the fixture's tree has one entry with children");

        // The home shows the same tree, every level open without any script.
        let home = book.page(&format!("{locale}/index.html"));
        let nav = home.one("nav.full-toc");
        assert_eq!(check_tree(nav, &format!("{locale}/index.html")), branches);
        let home_links: Vec<String> = nav.select(&sel("a")).map(|a| text(&a)).collect();
        let js_links: Vec<String> = js_tree.select(&sel("a")).map(|a| text(&a)).collect();
        assert_eq!(home_links, js_links, "{locale}: home and toc.js trees differ");
        assert!(home.select("nav.full-toc [hidden]").is_empty(), "{locale}: part of the home tree is hidden");
    }
}

#[test]
fn article_header_has_the_menu_button_for_the_drawer() {
    let book = Book::fixture("bilingual");
    book.build();
    for (rel, label) in [("es-es/guide/primeros-pasos.html", "Menú"), ("zh-cn/guide/first-steps.html", "菜单")] {
        let page = book.page(rel);
        let button = page.one("header.topbar > button.menu-toggle");
        let attr = |name: &str| button.value().attr(name).map(str::to_owned);
        assert_eq!(attr("type").as_deref(), Some("button"), "{rel}");
        assert_eq!(attr("aria-controls").as_deref(), Some("sidebar"), "{rel}");
        assert_eq!(attr("aria-expanded").as_deref(), Some("false"), "{rel}");
        assert_eq!(attr("aria-label").as_deref(), Some(label), "{rel}");
        assert!(attr("hidden").is_some(), "{rel}: the button needs the script, so it starts hidden");
        page.one("nav#sidebar");
        // Home, 404 and the dashboard have no drawer.
    }
    for rel in ["es-es/index.html", "es-es/404.html", "status.html"] {
        assert!(book.page(rel).select("button.menu-toggle").is_empty(), "{rel}");
    }
}
