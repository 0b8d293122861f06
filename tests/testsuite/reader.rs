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

/// The side-by-side view of the fixture's linked article: one page per set, a
/// column per version (the default locale's first), aligned sections in the same
/// row, ids unique, every link and image resolving from the view's folder.
#[test]
fn compare_page_per_translation_set() {
    let book = Book::fixture("bilingual");
    book.build();
    let view = book.page("compare/es-es/guide/primeros-pasos.html");
    assert_eq!(view.attr("html", "lang"), "es-ES");
    assert!(!view.select("meta[name=robots][content=noindex]").is_empty());
    let columns: Vec<(String, String)> = view
        .select(".compare thead th")
        .iter()
        .map(|th| (th.value().attr("data-locale").unwrap().to_owned(), th.value().attr("lang").unwrap().to_owned()))
        .collect();
    assert_eq!(columns, [("es-es".to_owned(), "es-ES".to_owned()), ("zh-cn".to_owned(), "zh-CN".to_owned())]);
    let rows = view.select(".compare tbody tr");
    assert!(rows.len() >= 3, "{} rows", rows.len());
    for row in &rows {
        let cells: Vec<&str> = row.select(&sel("td")).map(|td| td.value().attr("data-locale").unwrap()).collect();
        assert_eq!(cells, ["es-es", "zh-cn"], "{}", row.html());
    }
    // Aligned sections share a row.
    let row_of = |id: &str| {
        rows.iter()
            .position(|r| r.select(&sel("[id]")).any(|e| e.value().attr("id") == Some(id)))
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(row_of("es-es:configuración"), row_of("zh-cn:配置"));
    assert_eq!(row_of("es-es:antes-de-empezar"), row_of("zh-cn:开始之前"));
    assert_ne!(row_of("es-es:antes-de-empezar"), row_of("es-es:configuración"));
    // Ids are unique, every fragment link has its target, every relative URL resolves.
    let ids: Vec<&str> = view.select("[id]").iter().map(|e| e.value().attr("id").unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    for e in view.select(".compare [href], .compare [src]") {
        let url = e.value().attr("href").or_else(|| e.value().attr("src")).unwrap();
        if let Some(fragment) = url.strip_prefix('#') {
            assert!(ids.contains(&fragment), "{url} names nothing");
        } else if !url.contains("://") && !url.starts_with("mailto:") {
            assert!(view.target(url).is_file(), "{url} does not resolve from the view");
        }
    }
    // The strings of each version's language are in the page for the script.
    let strings: serde_json::Value = serde_json::from_str(&text(&view.one("script#compare-strings"))).unwrap();
    assert_eq!(strings["zh-cn"]["compare"], "并排对照");
    assert_eq!(strings["es-es"]["compare"], "En paralelo");

    // Each version links to the view, itself on the left; the untranslated page does not.
    for (rel, hash, text_expected) in [
        ("es-es/guide/primeros-pasos.html", "#es-es,zh-cn", "En paralelo con 简体中文"),
        ("zh-cn/guide/first-steps.html", "#zh-cn,es-es", "与Español并排对照"),
    ] {
        let page = book.page(rel);
        let link = page.one(".compare-link a");
        let href = link.value().attr("href").unwrap();
        assert!(href.ends_with(hash), "{href}");
        assert_eq!(
            page.target(href).canonicalize().unwrap(),
            book.site().join("compare/es-es/guide/primeros-pasos.html").canonicalize().unwrap()
        );
        assert_eq!(text(&link), text_expected);
    }
    assert!(book.page("zh-cn/guide/only-zh.html").select(".compare-link").is_empty());
    let views: Vec<_> = walkdir::WalkDir::new(book.site().join("compare"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(book.site()).unwrap().to_string_lossy().into_owned())
        .collect();
    let mut views = views;
    views.sort();
    assert_eq!(views, ["compare/es-es/guide/inicio.html", "compare/es-es/guide/primeros-pasos.html"]);
}

#[test]
fn compare_view_can_be_turned_off() {
    let book = Book::fixture("bilingual");
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write("book.toml", toml.replace("[output]\n", "[output]\ncompare = false\n"));
    book.build();
    assert!(!book.site().join("compare").exists());
    assert!(book.page("es-es/guide/primeros-pasos.html").select(".compare-link").is_empty());
}

/// A third locale: still one view per set, a column per version (default locale
/// first, then locale order), every row with a cell per version; versions of sets
/// that exist in one locale only get no link.
#[test]
fn compare_page_with_three_locales() {
    let book = Book::fixture("bilingual");
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write(
        "book.toml",
        toml.replace("[output]\n", "[locales.en]\nname = \"English\"\ncontent = \"content/en\"\n\n[output]\n"),
    );
    book.write(
        "content/en/guide/first-steps.md",
        "---\ntitle: First steps\nms:assetid: 98245b04-ded4-4186-8da3-ba1c554b5c39\n---\n# First steps\n\n\
         ## Before you begin\n\nRead on.\n\n## Configure\n\n```powershell\n$cred = Get-Credential\n```\n",
    );
    book.build();
    let view = book.page("compare/es-es/guide/primeros-pasos.html");
    let columns: Vec<&str> =
        view.select(".compare thead th").iter().map(|th| th.value().attr("data-locale").unwrap()).collect();
    assert_eq!(columns, ["es-es", "zh-cn", "en"]);
    let options: Vec<&str> =
        view.select("select[name=left] option").iter().map(|o| o.value().attr("value").unwrap()).collect();
    assert_eq!(options, ["es-es", "zh-cn", "en"]);
    for row in view.select(".compare tbody tr") {
        assert_eq!(row.select(&sel("td")).count(), 3, "{}", row.html());
    }
    let row_of = |id: &str| {
        view.select(".compare tbody tr")
            .iter()
            .position(|r| r.select(&sel("[id]")).any(|e| e.value().attr("id") == Some(id)))
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(row_of("en:configure"), row_of("es-es:configuración"));
    assert_eq!(row_of("en:configure"), row_of("zh-cn:配置"));
    let en = book.page("en/guide/first-steps.html");
    assert!(en.attr(".compare-link a", "href").ends_with("#en,es-es"));
    assert_eq!(text(&en.one(".compare-link a")), "Side by side with Español");
}
