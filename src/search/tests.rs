//! What goes into the index and what stays out, read back from its files.

use super::*;
use crate::output::Collect;
use std::collections::HashMap;

fn locale(tag: &str) -> LocaleConfig {
    LocaleConfig {
        tag: crate::locale::LocaleTag::parse(tag).unwrap(),
        name: tag.to_owned(),
        content: std::path::PathBuf::from(format!("/book/{tag}")),
        tocs: Vec::new(),
        copy: Vec::new(),
    }
}

fn page(locale: usize, url: &str, title: &str, redirect: bool) -> Page {
    let mut front = crate::frontmatter::FrontMatter::default();
    if redirect {
        front.redirect_url = Some("elsewhere.md".into());
    }
    Page {
        locale,
        rel_path: url.split_once('/').unwrap().1.replace(".html", ".md"),
        path: std::path::PathBuf::from(format!("/book/{url}")),
        url: url.to_owned(),
        front,
        body: String::new(),
        body_line: 1,
        title: title.to_owned(),
        nav_title: title.to_owned(),
    }
}

fn html(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head><body>\
         <nav class=\"breadcrumbs\">Migas de pan</nav>\
         <article data-search-body><h1 id=\"top\">{title}</h1>{body}</article>\
         <footer>Pie de página</footer></body></html>"
    )
}

/// Indexes the pages, handing them over in `arrival` order (site paths).
fn build(pages: &[Page], bodies: &HashMap<&str, String>, arrival: &[&str]) -> (Vec<OutputFile>, SearchStats) {
    let locales = [locale("es-es"), locale("zh-CN")];
    let index = SearchIndex::new(&locales, pages, 0..pages.len());
    let sink = Collect::default();
    std::thread::scope(|s| {
        // From two threads at once, as the page stage does.
        let (a, b) = arrival.split_at(arrival.len() / 2);
        for half in [a, b] {
            let (index, sink) = (&index, &sink);
            s.spawn(move || {
                for path in half {
                    for file in index.add_page(path, &bodies[path]) {
                        sink.put(file).unwrap();
                    }
                }
            });
        }
    });
    let stats = index.finish(&sink).unwrap();
    let mut files = sink.into_files();
    files.sort_by(|a, b| a.path().cmp(b.path()));
    (files, stats)
}

fn fixture() -> (Vec<Page>, HashMap<&'static str, String>) {
    let pages = vec![
        page(0, "es-es/archivado.html", "Configurar el archivado", false),
        page(0, "es-es/antiguo.html", "Redirigida", true),
        page(0, "es-es/usuarios/buscar usuarios.html", "Buscar usuarios", false),
        page(1, "zh-cn/archiving.html", "配置存档", false),
        page(1, "zh-cn/users.html", "管理用户", false),
    ];
    let mut bodies = HashMap::new();
    bodies.insert(
        "es-es/archivado.html",
        html(
            "es-ES",
            "Configurar el archivado",
            "<h2 id=\"directivas\">Directivas</h2><p>La configuración del archivado.</p>",
        ),
    );
    bodies.insert("es-es/antiguo.html", html("es-ES", "Redirigida", "<p>palabraredirigida</p>"));
    bodies.insert(
        "es-es/usuarios/buscar usuarios.html",
        html("es-ES", "Buscar usuarios", "<pre><code>Get-CsUser -Identity kenmyer</code></pre>"),
    );
    bodies.insert(
        "zh-cn/archiving.html",
        html(
            "zh-CN",
            "配置存档",
            "<h2 id=\"存档策略\">存档策略</h2><p>使用以下命令为注册器池中的所有用户分配存档策略。</p>",
        ),
    );
    bodies.insert("zh-cn/users.html", html("zh-CN", "管理用户", "<p>用户</p>"));
    (pages, bodies)
}

fn json(files: &[OutputFile], path: &str) -> serde_json::Value {
    let file = files.iter().find(|f| f.path() == path).unwrap_or_else(|| panic!("no {path}"));
    let OutputFile::Bytes { contents, .. } = file else { panic!("{file:?}") };
    serde_json::from_slice(contents).unwrap()
}

/// Every page record of a locale's index, in page order.
fn pages_of(files: &[OutputFile], dir: &str) -> Vec<serde_json::Value> {
    let meta = json(files, &format!("{dir}search-index/meta.json"));
    meta["bundles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| json(files, &format!("{dir}search-index/{}", b[1].as_str().unwrap())).as_array().unwrap().clone())
        .collect()
}

/// The postings of `term` in a locale's index: (page, score) pairs.
fn postings(files: &[OutputFile], dir: &str, term: &str) -> Vec<(u64, u64)> {
    let meta = json(files, &format!("{dir}search-index/meta.json"));
    let chunks = meta["terms"].as_array().unwrap();
    let at = chunks.iter().rposition(|c| c[0].as_str().unwrap() <= term).unwrap();
    let chunk = json(files, &format!("{dir}search-index/{}", chunks[at][1].as_str().unwrap()));
    let Some(list) = chunk[term].as_array() else { return Vec::new() };
    let mut page = 0;
    list.chunks(2)
        .map(|p| {
            page += p[0].as_u64().unwrap();
            (page, p[1].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn one_index_per_locale_with_the_article_bodies_only() {
    let (pages, bodies) = fixture();
    let order: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    let (files, stats) = build(&pages, &bodies, &order);
    let meta = json(&files, "es-es/search-index/meta.json");
    assert_eq!(
        (meta["language"].as_str(), meta["stemmer"].as_str(), meta["pages"].as_u64()),
        (Some("es-ES"), Some("es"), Some(2))
    );
    let zh_meta = json(&files, "zh-cn/search-index/meta.json");
    assert_eq!(zh_meta["stemmer"], serde_json::Value::Null);

    let es = pages_of(&files, "es-es/");
    let urls: Vec<&str> = es.iter().map(|p| p[0].as_str().unwrap()).collect();
    assert_eq!(urls, ["archivado.html", "usuarios/buscar%20usuarios.html"], "the redirect stays out, URLs escaped");
    assert_eq!(es[0][1], "Configurar el archivado");
    let text = es[0][2].as_str().unwrap();
    assert_eq!(text, "Configurar el archivado Directivas La configuración del archivado.");
    assert_eq!(es[0][3], serde_json::json!([[0, 23, 1, "top"], [24, 34, 2, "directivas"]]), "headings are sections");
    assert!(es[1][2].as_str().unwrap().contains("Get-CsUser -Identity kenmyer"), "code is searchable");

    // Terms: folded, stemmed; the title's terms score more than the body's.
    assert_eq!(postings(&files, "es-es/", "configuracion").iter().map(|p| p.0).collect::<Vec<_>>(), [0]);
    assert_eq!(postings(&files, "es-es/", "directiv").iter().map(|p| p.0).collect::<Vec<_>>(), [0]);
    assert_eq!(postings(&files, "es-es/", "get-csuser").iter().map(|p| p.0).collect::<Vec<_>>(), [1]);
    assert!(postings(&files, "es-es/", "palabraredirigida").is_empty());
    assert!(postings(&files, "es-es/", "migas").is_empty() && postings(&files, "es-es/", "pie").is_empty());
    let title = postings(&files, "es-es/", "archivad")[0].1;
    let body = postings(&files, "es-es/", "configuracion")[0].1;
    assert!(title > body, "title {title} > body {body}");

    // Chinese: character pairs, so a word inside a longer run is found.
    assert_eq!(postings(&files, "zh-cn/", "注册").iter().map(|p| p.0).collect::<Vec<_>>(), [0]);
    assert_eq!(postings(&files, "zh-cn/", "用户").iter().map(|p| p.0).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(stats.locales.iter().map(|l| l.pages).collect::<Vec<_>>(), [2, 2]);
}

#[test]
fn the_same_pages_in_any_order_give_the_same_files() {
    let (pages, bodies) = fixture();
    let order: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    let reversed: Vec<&str> = order.iter().rev().copied().collect();
    let (a, _) = build(&pages, &bodies, &order);
    let (b, _) = build(&pages, &bodies, &reversed);
    let bytes = |files: &[OutputFile]| -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .map(|f| match f {
                OutputFile::Bytes { path, contents } => (path.clone(), contents.clone()),
                other => panic!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(bytes(&a), bytes(&b));
}

#[test]
fn pages_never_given_leave_the_others_indexed() {
    let (pages, bodies) = fixture();
    // The first page of each locale never arrives (its rendering failed, say).
    let (files, _) = build(&pages, &bodies, &["es-es/usuarios/buscar usuarios.html", "zh-cn/users.html"]);
    assert_eq!(pages_of(&files, "es-es/").len(), 1);
    assert_eq!(pages_of(&files, "zh-cn/").len(), 1);
    assert_eq!(postings(&files, "zh-cn/", "用户"), [(0, postings(&files, "zh-cn/", "用户")[0].1)]);
}

#[test]
fn files_other_than_meta_are_named_by_their_contents() {
    let (pages, bodies) = fixture();
    let order: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    let (files, _) = build(&pages, &bodies, &order);
    let names: Vec<&str> = files.iter().map(OutputFile::path).filter(|p| p.starts_with("es-es/")).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names.iter().all(|n| *n == "es-es/search-index/meta.json"
            || (n.len() == "es-es/search-index/pages/".len() + 21 && n.ends_with(".json"))),
        "{names:?}"
    );
}

#[test]
fn heading_offsets_count_utf16_units() {
    assert_eq!(utf16_offsets("a😀b存", [0, 1, 5, 6, 9].into_iter()), [0, 1, 3, 4, 5]);
}

#[test]
fn page_bundles_go_out_as_soon_as_the_pages_before_them_are_in() {
    let pages = vec![
        page(0, "es-es/a.html", "A", false),
        page(0, "es-es/b.html", "B", false),
        page(0, "es-es/c.html", "C", false),
    ];
    let long = |word: &str| html("es-ES", word, &format!("<p>{}</p>", format!("{word} ").repeat(8_000)));
    let locales = [locale("es-es"), locale("zh-CN")];
    let index = SearchIndex::new(&locales, &pages, 0..pages.len());
    // b arrives first: it waits for a, so nothing goes out.
    assert!(index.add_page("es-es/b.html", &long("beta")).is_empty());
    // a fills a bundle; b, taken right after it, fills another.
    let out = index.add_page("es-es/a.html", &long("alfa"));
    let names: Vec<&str> = out.iter().map(OutputFile::path).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("es-es/search-index/pages/")), "{names:?}");
    assert!(index.add_page("es-es/c.html", &html("es-ES", "C", "<p>corto</p>")).is_empty(), "c's bundle is not full");
    let sink = Collect::default();
    let stats = index.finish(&sink).unwrap();
    let rest = sink.into_files();
    assert_eq!(stats.locales[0].files, 2 + rest.len(), "bundles counted with the rest");
    let mut all: Vec<OutputFile> = out.into_iter().chain(rest).collect();
    all.sort_by(|a, b| a.path().cmp(b.path()));
    let urls: Vec<String> = pages_of(&all, "es-es/").iter().map(|p| p[0].as_str().unwrap().to_owned()).collect();
    assert_eq!(urls, ["a.html", "b.html", "c.html"]);
}

#[test]
fn utf16_lengths_count_as_the_browser_does() {
    for text in ["", "abc", "Configuración", "存档策略", "a\u{1F600}b\u{10FFFF}", "\u{7FF}\u{800}\u{FFFF}\u{10000}"]
    {
        assert_eq!(utf16_len(text.as_bytes()), text.encode_utf16().count(), "{text:?}");
    }
}
