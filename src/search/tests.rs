//! What goes into the index and what stays out, read back from pagefind's own files.

use super::*;

#[test]
fn keeps_only_the_files_the_browser_needs() {
    let entry = br#"{"version":"1.6.0","languages":{"zh-cn":{"hash":"zh-cn_1","wasm":null,"page_count":2}}}"#;
    let names = [
        "pagefind.js",
        "pagefind-worker.js",
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-highlight.js",
        "pagefind-entry.json",
        "wasm.unknown.pagefind",
        "wasm.es.pagefind",
        "pagefind.zh-cn_1.pf_meta",
        "index/zh-cn_2.pf_index",
        "fragment/zh-cn_3.pf_fragment",
        "playground/index.html",
    ];
    let files = names.iter().map(|n| {
        let contents = if *n == "pagefind-entry.json" { entry.to_vec() } else { Vec::new() };
        ((*n).to_owned(), contents)
    });
    let kept: Vec<String> = bundle_files(files).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        kept,
        [
            "fragment/zh-cn_3.pf_fragment",
            "index/zh-cn_2.pf_index",
            "pagefind-entry.json",
            "pagefind-worker.js",
            "pagefind.js",
            "pagefind.zh-cn_1.pf_meta",
            "wasm.unknown.pagefind",
        ]
    );
}

#[test]
fn script_path_is_inside_the_locale_folder() {
    assert_eq!(script_path("zh-cn/"), "zh-cn/pagefind/pagefind.js");
}

fn locale(tag: &str) -> LocaleConfig {
    LocaleConfig {
        tag: crate::locale::LocaleTag::parse(tag).unwrap(),
        name: tag.to_owned(),
        content: std::path::PathBuf::from(format!("/book/{tag}")),
        tocs: Vec::new(),
        copy: Vec::new(),
    }
}

fn page(locale: usize, url: &str, redirect: bool) -> Page {
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
        title: url.to_owned(),
        nav_title: url.to_owned(),
    }
}

fn html(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head><body>\
         <nav class=\"breadcrumbs\">Migas de pan</nav>\
         <article data-pagefind-body><h1 id=\"top\">{title}</h1>{body}</article>\
         <footer>Pie de página</footer></body></html>"
    )
}

struct Built {
    files: Vec<OutputFile>,
    diags: Vec<Diagnostic>,
    stats: SearchStats,
}

/// Indexes the pages, handing them over in `arrival` order (site paths).
fn build(pages: &[Page], bodies: &HashMap<&str, String>, arrival: &[&str]) -> Built {
    let locales = [locale("es-es"), locale("zh-CN")];
    let index = SearchIndex::new(&locales, pages, 0..pages.len()).unwrap();
    std::thread::scope(|s| {
        // From two threads at once, as the page stage does.
        let (a, b) = arrival.split_at(arrival.len() / 2);
        for half in [a, b] {
            let index = &index;
            s.spawn(move || {
                for path in half {
                    index.add_page(path, &bodies[path]);
                }
            });
        }
    });
    let (files, diags, stats) = index.finish().unwrap();
    Built { files, diags, stats }
}

fn fixture() -> (Vec<Page>, HashMap<&'static str, String>) {
    let pages = vec![
        page(0, "es-es/archivado.html", false),
        page(0, "es-es/antiguo.html", true),
        page(0, "es-es/usuarios/buscar.html", false),
        page(1, "zh-cn/archiving.html", false),
        page(1, "zh-cn/users.html", false),
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
        "es-es/usuarios/buscar.html",
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

/// A fragment file's page record (gzip, then `pagefind_dcd`, then JSON).
fn fragment(contents: &[u8]) -> serde_json::Value {
    use std::io::Read;
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(contents).read_to_end(&mut plain).unwrap();
    let json = plain.strip_prefix(b"pagefind_dcd".as_slice()).expect("pagefind signature");
    serde_json::from_slice(json).unwrap()
}

fn fragments(built: &Built, dir: &str) -> Vec<serde_json::Value> {
    let mut all: Vec<serde_json::Value> = built
        .files
        .iter()
        .filter_map(|f| match f {
            OutputFile::Bytes { path, contents } if path.starts_with(dir) && path.ends_with(".pf_fragment") => {
                Some(fragment(contents))
            }
            _ => None,
        })
        .collect();
    all.sort_by(|a, b| a["url"].as_str().cmp(&b["url"].as_str()));
    all
}

#[test]
fn one_index_per_locale_with_the_article_bodies_only() {
    let (pages, bodies) = fixture();
    let order: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    let built = build(&pages, &bodies, &order);
    assert!(built.diags.is_empty(), "{:?}", built.diags);
    let paths: Vec<&str> = built.files.iter().map(OutputFile::path).collect();
    for dir in ["es-es/pagefind/", "zh-cn/pagefind/"] {
        for name in ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"] {
            assert!(paths.contains(&format!("{dir}{name}").as_str()), "{dir}{name} in {paths:?}");
        }
    }
    assert!(paths.contains(&"es-es/pagefind/wasm.es-es.pagefind"), "Spanish stemming: {paths:?}");
    assert!(paths.contains(&"zh-cn/pagefind/wasm.unknown.pagefind"), "{paths:?}");

    let es = fragments(&built, "es-es/");
    let urls: Vec<&str> = es.iter().map(|f| f["url"].as_str().unwrap()).collect();
    assert_eq!(urls, ["archivado.html", "usuarios/buscar.html"], "the redirect stays out");
    assert_eq!(es[0]["meta"]["title"], "Configurar el archivado");
    let content = es[0]["content"].as_str().unwrap();
    assert!(content.contains("La configuración del archivado"), "{content}");
    assert!(!content.contains("Migas") && !content.contains("Pie"), "only the marked body: {content}");
    let anchors: Vec<&str> = es[0]["anchors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(anchors, ["top", "directivas"], "headings are sections");
    assert!(es[1]["content"].as_str().unwrap().contains("Get-CsUser -Identity kenmyer"), "code is searchable");

    let zh = fragments(&built, "zh-cn/");
    assert_eq!(zh.len(), 2);
    // Chinese text is stored split into words (zero-width spaces between them).
    let zh_content = zh[0]["content"].as_str().unwrap();
    assert!(zh_content.contains('\u{200B}'), "{zh_content:?}");
    assert!(zh_content.replace('\u{200B}', "").contains("为注册器池中的所有用户分配存档策略"), "{zh_content}");
    assert_eq!(built.stats.locales.iter().map(|l| l.pages).collect::<Vec<_>>(), [2, 2]);
}

#[test]
fn the_same_pages_in_any_order_give_the_same_files() {
    let (pages, bodies) = fixture();
    let order: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
    let reversed: Vec<&str> = order.iter().rev().copied().collect();
    let a = build(&pages, &bodies, &order);
    let b = build(&pages, &bodies, &reversed);
    let files = |built: &Built| -> Vec<(String, Vec<u8>)> {
        built
            .files
            .iter()
            .map(|f| match f {
                OutputFile::Bytes { path, contents } => (path.clone(), contents.clone()),
                other => panic!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(files(&a), files(&b));
    assert!(b.stats.locales.iter().any(|l| l.peak_waiting > 0), "the reversed pages had to wait");
}

#[test]
fn pages_never_given_leave_the_others_indexed() {
    let (pages, bodies) = fixture();
    // The first page of each locale never arrives (its rendering failed, say).
    let built = build(&pages, &bodies, &["es-es/usuarios/buscar.html", "zh-cn/users.html"]);
    assert_eq!(fragments(&built, "es-es/").len(), 1);
    assert_eq!(fragments(&built, "zh-cn/").len(), 1);
}
