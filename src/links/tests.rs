use super::*;
use crate::frontmatter::FrontMatter;

fn page(locale: usize, rel: &str) -> Page {
    let seg = ["es-es", "zh-cn"][locale];
    Page {
        locale,
        rel_path: rel.into(),
        path: PathBuf::from(rel),
        url: format!("{seg}/{}", rel.replace(".md", ".html")),
        front: FrontMatter::default(),
        body: String::new(),
        body_line: 1,
        title: String::new(),
        nav_title: String::new(),
    }
}

fn fixture() -> (Vec<Page>, LinkIndex) {
    let pages = vec![
        page(0, "LyncServer/a.md"),
        page(0, "LyncServer/b-article.md"),
        page(0, "Hub/index.md"),
        page(1, "LyncServer/a.md"),
        page(1, "LyncServer/only-zh.md"),
    ];
    let mut assets = BTreeMap::new();
    assets.insert("LyncServer/images/X (1).png".to_owned(), PathBuf::from("x"));
    let empty = BTreeMap::new();
    let index = LinkIndex::new(&pages, &[&assets, &empty], &["es-es".into(), "zh-cn".into()]);
    (pages, index)
}

fn check(from: usize, dest: &str, expected: Result<Target, Kind>) {
    let (pages, index) = fixture();
    let got = index.resolve(&pages, from, dest).map_err(|p| p.kind);
    assert_eq!(got, expected, "{dest}");
}

#[test]
fn relative_md_links() {
    check(0, "b-article.md", Ok(Target::Page { page: 1, fragment: None, url: "b-article.html".into() }));
    check(
        0,
        "b-article.md#sec-1",
        Ok(Target::Page { page: 1, fragment: Some("sec-1".into()), url: "b-article.html#sec-1".into() }),
    );
    check(2, "../LyncServer/a.md", Ok(Target::Page { page: 0, fragment: None, url: "../LyncServer/a.html".into() }));
}

#[test]
fn docfx_site_rooted_and_extensionless_links() {
    check(2, "/LyncServer/a", Ok(Target::Page { page: 0, fragment: None, url: "../LyncServer/a.html".into() }));
    // Hub/index.md's redirect names a page of another folder by file name alone.
    check(2, "b-article", Ok(Target::Page { page: 1, fragment: None, url: "../LyncServer/b-article.html".into() }));
}

#[test]
fn images_with_parentheses_and_spaces() {
    check(
        0,
        "images/X%20(1).png",
        Ok(Target::Asset { rel_path: "LyncServer/images/X (1).png".into(), url: "images/X (1).png".into() }),
    );
    check(0, "images/missing.png", Err(Kind::MissingImage));
}

#[test]
fn external_and_fragment_links() {
    check(0, "https://example.com/x.md", Ok(Target::External));
    check(0, "mailto:a@b.c", Ok(Target::External));
    check(0, "#top", Ok(Target::SamePage { fragment: "top".into() }));
}

#[test]
fn problems() {
    check(0, "../../../etc/passwd", Err(Kind::LinkOutsideBook));
    check(0, "C:\\docs\\a.md", Err(Kind::AbsolutePath));
    check(0, "/home/me/a.md", Err(Kind::AbsolutePath));
    check(0, "nope.md", Err(Kind::BrokenLink));
}

#[test]
fn hints_name_the_other_locale_or_a_near_miss() {
    let (pages, index) = fixture();
    let p = index.resolve(&pages, 0, "only-zh.md").unwrap_err();
    assert!(p.hint.unwrap().contains("zh-cn"));
    let p = index.resolve(&pages, 0, "b-artcle.md").unwrap_err();
    assert_eq!(p.hint.as_deref(), Some("did you mean `b-article.md`?"));
}

#[test]
fn near_misses_are_the_closest_name_then_the_first_spelling() {
    let page = |rel: &str| {
        let mut p = Page {
            locale: 0,
            rel_path: rel.to_owned(),
            path: std::path::PathBuf::from(rel),
            url: String::new(),
            front: Default::default(),
            body: String::new(),
            body_line: 1,
            title: String::new(),
            nav_title: String::new(),
        };
        p.url = format!("es-es/{}", rel.replace(".md", ".html"));
        p
    };
    // Copies of a guide in folders: each name counts once, and every length within
    // three characters is looked at.
    let pages: Vec<_> = ["c1/Setup.md", "c0/setup.md", "c0/setups-guide.md", "c2/set.md", "c0/a/seetup.md"]
        .into_iter()
        .map(page)
        .collect();
    let empty = BTreeMap::new();
    let index = LinkIndex::new(&pages, &[&empty], &["es-es".into()]);
    let hint = |dest: &str| index.resolve(&pages, 1, dest).unwrap_err().hint;
    assert_eq!(hint("stup.md").as_deref(), Some("did you mean `Setup.md`?"), "distance 1, first spelling");
    assert_eq!(hint("se.md").as_deref(), Some("did you mean `set.md`?"));
    assert_eq!(hint("setups-guid").as_deref(), Some("did you mean `setups-guide.md`?"));
    assert_eq!(hint("completely-different.md"), None);
}

#[test]
fn distance_is_bounded() {
    assert_eq!(bounded_distance("kitten", "sitting", 3), Some(3));
    assert_eq!(bounded_distance("abc", "xyz123", 3), None);
}

#[test]
fn links_climbing_into_a_locale_folder_resolve_there() {
    let (pages, index) = fixture();
    let index = index.with_content_roots(vec!["/book/content/es-es".into(), "/book/content/zh-CN".into()]);
    let resolve = |from: usize, dest: &str| index.resolve(&pages, from, dest).map_err(|p| p.kind);
    // Out of es-es and into zh-CN: the Chinese page.
    assert_eq!(
        resolve(0, "../../zh-CN/LyncServer/only-zh.md#x"),
        Ok(Target::Page { page: 4, fragment: Some("x".into()), url: "../../zh-cn/LyncServer/only-zh.html#x".into() })
    );
    // Out and back into its own folder: the same page as the plain relative link.
    assert_eq!(
        resolve(0, "../../es-es/LyncServer/b-article.md"),
        Ok(Target::Page { page: 1, fragment: None, url: "b-article.html".into() })
    );
    assert_eq!(resolve(3, "../../es-es/LyncServer/images/X%20(1).png").unwrap_err(), Kind::MissingImage);
    assert_eq!(resolve(0, "../../zh-CN/LyncServer/nowhere.md").unwrap_err(), Kind::BrokenLink);
    // Anywhere else is still outside the book.
    assert_eq!(resolve(0, "../../other/a.md").unwrap_err(), Kind::LinkOutsideBook);
    assert_eq!(resolve(0, "../../../../../etc/passwd").unwrap_err(), Kind::LinkOutsideBook);
}
