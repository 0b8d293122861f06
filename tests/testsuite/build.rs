//! `polybook build` on the bilingual fixture: translations, switcher, hreflang,
//! links, assets, navigation, front-matter edge cases.

use crate::support::{Book, text};

const ES_FIRST: &str = "es-es/guide/primeros-pasos.html";
const ZH_FIRST: &str = "zh-cn/guide/first-steps.html";

fn built() -> Book {
    let book = Book::fixture("bilingual");
    book.build();
    book
}

#[test]
fn article_exists_in_both_locales_with_lang() {
    let book = built();
    assert_eq!(book.page(ES_FIRST).attr("html", "lang"), "es-ES");
    assert_eq!(book.page(ZH_FIRST).attr("html", "lang"), "zh-CN");
}

#[test]
fn translations_link_each_other_by_asset_id() {
    let book = built();
    let es = book.page(ES_FIRST);
    let zh_link = es.attr(".lang-switch a[hreflang=zh-CN]", "href");
    assert_eq!(zh_link, "../../zh-cn/guide/first-steps.html");
    assert!(es.target(&zh_link).is_file());
    let zh = book.page(ZH_FIRST);
    let es_link = zh.attr(".lang-switch a[hreflang=es-ES]", "href");
    assert_eq!(es_link, "../../es-es/guide/primeros-pasos.html");
    // hreflang alternates, x-default (the default locale), canonical.
    let alternates: Vec<(String, String)> = es
        .select("link[rel=alternate]")
        .iter()
        .map(|l| (l.value().attr("hreflang").unwrap().to_owned(), l.value().attr("href").unwrap().to_owned()))
        .collect();
    assert_eq!(
        alternates,
        [
            ("es-ES".to_owned(), format!("https://docs.example.com/{ES_FIRST}")),
            ("zh-CN".to_owned(), format!("https://docs.example.com/{ZH_FIRST}")),
            ("x-default".to_owned(), format!("https://docs.example.com/{ES_FIRST}")),
        ]
    );
    assert_eq!(es.attr("link[rel=canonical]", "href"), format!("https://docs.example.com/{ES_FIRST}"));
}

#[test]
fn switcher_maps_sections() {
    let book = built();
    let es = book.page(ES_FIRST);
    let sections = es.attr(".lang-switch a[hreflang=zh-CN]", "data-sections");
    let ids: Vec<String> = serde_json::from_str(&sections).unwrap();
    // es: h1 Primeros pasos, h2 Antes de empezar, h2 Configuración → zh ids of the same outline.
    assert_eq!(ids, ["第一步", "开始之前", "配置"]);
    let zh = book.page(ZH_FIRST);
    for id in &ids {
        assert_eq!(zh.select(&format!("[id=\"{id}\"]")).len(), 1, "{id}");
    }
}

#[test]
fn untranslated_article_gets_the_fallback() {
    let book = built();
    let page = book.page("zh-cn/guide/only-zh.html");
    let es = page.one(".lang-switch a[hreflang=es-ES]");
    assert!(es.value().classes().any(|c| c == "unavailable"));
    assert_eq!(es.value().attr("href"), Some("../../es-es/index.html"));
    assert!(text(&es).contains("No disponible") || text(&es).contains("没有"), "{}", text(&es));
    // Only one hreflang version: itself, and x-default falls back to it.
    assert_eq!(page.select("link[rel=alternate]").len(), 2);
}

#[test]
fn internal_links_resolve_to_existing_files() {
    let book = built();
    for rel in [ES_FIRST, ZH_FIRST, "es-es/guide/inicio.html", "zh-cn/guide/start.html"] {
        let page = book.page(rel);
        for a in page.select("article a[href], article img[src]") {
            let href = a.value().attr("href").or(a.value().attr("src")).unwrap();
            if href.starts_with("http") || href.starts_with('#') || href.starts_with("mailto:") {
                continue;
            }
            assert!(page.target(href).is_file(), "{rel}: {href} does not exist");
        }
    }
}

#[test]
fn site_rooted_links_and_fragments_are_rewritten() {
    let book = built();
    let es = book.page(ES_FIRST);
    let hrefs: Vec<&str> = es.select("article a[href]").iter().filter_map(|a| a.value().attr("href")).collect();
    assert!(hrefs.contains(&"inicio.html"), "{hrefs:?}");
    let inicio = book.page("es-es/guide/inicio.html");
    assert_eq!(inicio.attr("article a", "href"), "primeros-pasos.html#antes-de-empezar");
    assert_eq!(es.select("[id=\"antes-de-empezar\"]").len(), 1);
}

#[test]
fn images_with_parentheses_and_spaces_are_copied() {
    let book = built();
    let es = book.page(ES_FIRST);
    let src = es.attr("article img", "src");
    assert!(es.target(&src).is_file(), "{src}");
}

#[test]
fn alerts_code_and_dates_are_localised() {
    let book = built();
    let es = book.page(ES_FIRST);
    assert_eq!(text(&es.one(".alert-note .alert-title")), "Nota");
    let zh = book.page(ZH_FIRST);
    assert_eq!(text(&zh.one(".alert-important .alert-title")), "重要");
    assert!(text(&es.one(".last-updated")).contains("2 de junio de 2017"));
    assert!(text(&zh.one(".last-updated")).contains("2014年7月23日"));
    assert_eq!(es.select("pre.code[data-lang=powershell]").len(), 2);
    let code = text(&zh.one("pre.code code"));
    assert_eq!(code, "$cred = Get-Credential  # 获取凭据\n");
}

#[test]
fn machine_translation_notice_points_to_the_original() {
    let book = built();
    let zh = book.page(ZH_FIRST);
    let notice = zh.one(".mt-notice");
    assert!(text(&notice).contains("机器翻译"));
    assert_eq!(zh.attr(".mt-notice a", "hreflang"), "es-ES");
    assert!(book.page(ES_FIRST).select(".mt-notice").is_empty());
}

#[test]
fn navigation_is_emitted_once_per_locale() {
    let book = built();
    let es = book.page(ES_FIRST);
    // Breadcrumbs and previous/next come from the toc; the tree itself is not in the page.
    assert_eq!(text(&es.one(".breadcrumbs li")), "Inicio");
    assert_eq!(es.attr("a[rel=prev]", "href"), "inicio.html");
    assert_eq!(es.attr("a[rel=next]", "href"), "sin-front-matter.html");
    assert!(es.select("#sidebar li").is_empty());
    let toc_js = std::fs::read_to_string(book.site().join("es-es/toc.js")).unwrap();
    assert!(toc_js.contains("primeros-pasos.html"));
    let home = book.page("es-es/index.html");
    assert!(home.select(".full-toc a[href=\"guide/primeros-pasos.html\"]").len() == 1);
    // A page not in the toc is still reachable from the home page.
    assert_eq!(home.select(".others a[href=\"guide/yaml-roto.html\"]").len(), 1);
}

#[test]
fn root_404_and_sitemap() {
    let book = built();
    let root = book.page("index.html");
    let links: Vec<&str> = root.select("main a[hreflang]").iter().filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(links, ["es-es/index.html", "zh-cn/index.html"]);
    assert!(book.site().join("404.html").is_file());
    assert!(book.site().join("zh-cn/404.html").is_file());
    let sitemap = std::fs::read_to_string(book.site().join("sitemap.xml")).unwrap();
    let doc = scraper::Html::parse_fragment(&sitemap);
    let sel = scraper::Selector::parse("url").unwrap();
    let urls: Vec<_> = doc.select(&sel).collect();
    assert_eq!(urls.len(), 7, "{sitemap}");
    assert!(sitemap.contains(&format!("hreflang=\"zh-CN\" href=\"https://docs.example.com/{ZH_FIRST}\"")));
}

#[test]
fn front_matter_edge_cases_give_diagnostics_and_pages() {
    let book = Book::fixture("bilingual");
    let run = book.build();
    let err = run.stderr();
    // BOM + CRLF: read as if clean.
    assert_eq!(text(&book.page("es-es/guide/inicio.html").one("h1")), "Inicio");
    // No front matter: a warning naming the file and line, the page still built with its heading as title.
    assert!(err.contains("warning[no-front-matter]"), "{err}");
    assert!(err.contains("sin-front-matter.md:1"), "{err}");
    assert_eq!(
        text(&book.page("es-es/guide/sin-front-matter.html").one("title")),
        "Página sin front matter · Fixture guide"
    );
    // Broken YAML: the YAML error's own line, and the page is still built.
    assert!(err.contains("warning[invalid-front-matter]"), "{err}");
    assert!(err.contains("yaml-roto.md:3:11"), "{err}");
    assert!(err.contains("while parsing a flow sequence at line 2 column 8"), "{err}");
    // One cause, one diagnostic: no cascade of missing-title / missing-asset-id.
    assert!(!err.contains("yaml-roto.md:1"), "{err}");
    assert!(book.site().join("es-es/guide/yaml-roto.html").is_file());
}

#[test]
fn builds_are_deterministic() {
    let a = built();
    let b = built();
    for entry in walkdir::WalkDir::new(a.site()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(a.site()).unwrap();
            assert_eq!(
                std::fs::read(entry.path()).unwrap(),
                std::fs::read(b.site().join(rel)).unwrap(),
                "{}",
                rel.display()
            );
        }
    }
}

#[test]
fn init_writes_a_book_that_builds() {
    let book = Book::empty();
    let run = book.run(&["init", "."]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let run = book.run(&["build", "--strict"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let en = book.page("en/getting-started.html");
    assert_eq!(en.attr(".lang-switch a[hreflang=es-ES]", "href"), "../es-es/primeros-pasos.html");
    // init never overwrites.
    assert_eq!(book.run(&["init", "."]).code(), 2);
}

#[test]
fn copy_entries_and_the_static_folder_are_copied() {
    let book = Book::fixture("bilingual");
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    let toml = toml
        .replace(
            "toc = \"guide/toc/toc.yml\"\n\n[locales.zh-CN]",
            "toc = \"guide/toc/toc.yml\"\ncopy = [\"downloads\", \"robots-es.txt\"]\n\n[locales.zh-CN]",
        )
        .replace("[output]\n", "[output]\nstatic = \"static\"\n");
    book.write("book.toml", toml);
    book.write("content/es-es/downloads/guía (v2).pdf", "pdf");
    book.write("content/es-es/downloads/sub/script.ps1", "Get-CsUser");
    book.write("content/es-es/robots-es.txt", "robots");
    book.write("content/es-es/unlinked.txt", "not copied");
    book.write("static/robots.txt", "User-agent: *");
    book.write("static/index.html", "<p>static, loses to the generated root page</p>");
    let run = book.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let site = book.site();
    assert_eq!(std::fs::read_to_string(site.join("es-es/downloads/guía (v2).pdf")).unwrap(), "pdf");
    assert!(site.join("es-es/downloads/sub/script.ps1").is_file());
    assert!(site.join("es-es/robots-es.txt").is_file());
    assert!(!site.join("es-es/unlinked.txt").exists(), "files neither linked nor listed are not copied");
    assert_eq!(std::fs::read_to_string(site.join("robots.txt")).unwrap(), "User-agent: *");
    assert!(book.page("index.html").select("p").iter().all(|p| !text(p).contains("static")));

    // An entry that matches nothing is a warning of its own kind (failing with --strict).
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write("book.toml", toml.replace("\"robots-es.txt\"", "\"nowhere\""));
    let run = book.run(&["check"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stderr().contains("warning[missing-copy-source]: `copy` entry `nowhere` of locale es-ES matches no file"),
        "{}",
        run.stderr()
    );
    assert_eq!(book.run(&["check", "--strict"]).code(), 1);
    // A copy entry that climbs out of the content folder is a configuration error.
    book.write("book.toml", toml.replace("\"robots-es.txt\"", "\"../../etc\""));
    assert_eq!(book.run(&["check"]).code(), 2);
}

#[test]
fn links_into_another_locale_folder_resolve_to_its_pages() {
    let book = Book::fixture("bilingual");
    book.write(
        "content/es-es/guide/cruzado.md",
        "---\ntitle: Cruzado\nms:assetid: cccccccc-0000-0000-0000-000000000000\n---\n# Cruzado\n\n\
         [original](../../zh-CN/guide/first-steps.md) [propio](../../es-es/guide/primeros-pasos.md) \
         [fuera](../../../outside.md)\n",
    );
    book.write("outside.md", "---\ntitle: Fuera\n---\n# never read\n");
    let run = book.run(&["build"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let page = book.page("es-es/guide/cruzado.html");
    let links = page.select("article a");
    assert_eq!(links[0].value().attr("href"), Some("../../zh-cn/guide/first-steps.html"));
    assert!(page.target("../../zh-cn/guide/first-steps.html").is_file());
    assert_eq!(links[1].value().attr("href"), Some("primeros-pasos.html"));
    assert!(run.stderr().contains("warning[link-outside-book]"), "{}", run.stderr());
    assert!(!book.site().join("outside.html").exists());
}

/// A book larger than the text budget is not held in memory: its bodies are read again
/// when rendered. The site and the diagnostics (source lines included) stay the same.
#[test]
fn books_over_the_text_budget_build_the_same_site() {
    let run = |book: &Book, budget: Option<&str>, args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_polybook"));
        cmd.args(args).current_dir(book.root()).env("NO_COLOR", "1");
        if let Some(b) = budget {
            cmd.env("POLYBOOK_TEXT_BUDGET_MB", b);
        }
        let out = cmd.output().expect("run polybook");
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let book = Book::fixture("bilingual");
    let held = run(&book, None, &["build", "--dest", "held"]);
    let reread = run(&book, Some("0"), &["build", "--dest", "reread"]);
    assert_eq!(held.0, Some(0), "{}", held.1);
    assert_eq!(reread.0, held.0);
    let files = |dir: &str| -> Vec<(String, Vec<u8>)> {
        let root = book.root().join(dir);
        let mut v: Vec<_> = walkdir::WalkDir::new(&root)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(&root).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
            .collect();
        v.sort();
        v
    };
    assert!(files("held") == files("reread"), "the sites differ");
    let problems = Book::fixture("problems");
    let (code, held) = run(&problems, None, &["check"]);
    let (code2, reread) = run(&problems, Some("0"), &["check"]);
    assert_eq!(code, code2);
    assert!(held.contains("broken-fragment"), "{held}");
    let strip_time = |s: &str| s.lines().filter(|l| !l.starts_with("checked ")).collect::<Vec<_>>().join("\n");
    assert_eq!(strip_time(&held), strip_time(&reread));
}
