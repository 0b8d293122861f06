//! Search at build time: one index per locale, holding the article bodies and
//! nothing else (no redirects, no `includes/` fragments, no breadcrumbs, switcher
//! or notices); the search box on every kind of page; `[search] enabled = false`;
//! `polybook serve` serving the index. The browser side is in `browser/search.rs`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{Book, Page, text};

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// The page records of a locale's index (`[url, title, text, headings]`), in the
/// order of its bundles, as the search box reads them.
fn records(site: &Path, locale: &str) -> Vec<Value> {
    let dir = site.join(locale).join("search-index");
    let meta = json(&dir.join("meta.json"));
    meta["bundles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| json(&dir.join(b[1].as_str().unwrap())).as_array().unwrap().clone())
        .collect()
}

/// The pages of a locale's index that hold `term` (as indexed: folded, stemmed).
fn pages_with(site: &Path, locale: &str, term: &str) -> Vec<String> {
    let dir = site.join(locale).join("search-index");
    let meta = json(&dir.join("meta.json"));
    let chunks = meta["terms"].as_array().unwrap();
    let at = chunks.iter().rposition(|c| c[0].as_str().unwrap() <= term).unwrap_or(0);
    let chunk = json(&dir.join(chunks[at][1].as_str().unwrap()));
    let all = records(site, locale);
    let mut page = 0;
    chunk[term]
        .as_array()
        .map(|list| {
            list.chunks(2)
                .map(|p| {
                    page += p[0].as_u64().unwrap() as usize;
                    all[page][0].as_str().unwrap().to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn each_locale_has_an_index_of_its_article_bodies() {
    let book = Book::fixture("search");
    let run = book.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let site = book.site();

    for (locale, lang, stemmer) in [("es-es", "es-ES", Value::from("es")), ("zh-cn", "zh-CN", Value::Null)] {
        let meta = json(&site.join(locale).join("search-index/meta.json"));
        assert_eq!(meta["language"], lang, "the index's language is its locale's");
        assert_eq!(meta["stemmer"], stemmer);
    }

    let es = records(&site, "es-es");
    let urls: Vec<&str> = es.iter().map(|r| r[0].as_str().unwrap()).collect();
    assert_eq!(urls, ["guide/archivado.html", "guide/usuarios.html"], "no redirect, no includes/ fragment");
    let users = &es[1];
    assert_eq!(users[1], "Administrar usuarios");
    let body = users[2].as_str().unwrap();
    assert!(body.contains("Get-CsUser -Identity \"kenmyer@litwareinc.com\""), "code is searchable: {body}");
    assert!(body.contains("Una cuenta deshabilitada conserva su número de teléfono"), "{body}");
    // What surrounds the article on the page stays out.
    let page = Page::open(&site.join("es-es/guide/usuarios.html"));
    for outside in [".mt-notice", ".breadcrumbs", ".lang-switch", ".page-footer", ".outline"] {
        let words = text(&page.one(outside));
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(!words.is_empty(), "{outside} is on the page");
        assert!(!body.contains(&words), "{outside} ({words}) is in the index: {body}");
    }
    // Every heading of the article is a section: its id, level and text.
    let sections: Vec<(String, u64, String)> = users[3]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let (start, end) = (h[0].as_u64().unwrap() as usize, h[1].as_u64().unwrap() as usize);
            let units: Vec<u16> = body.encode_utf16().collect();
            (h[3].as_str().unwrap().to_owned(), h[2].as_u64().unwrap(), String::from_utf16(&units[start..end]).unwrap())
        })
        .collect();
    let headings: Vec<(String, u64, String)> = page
        .select("article.content :is(h1, h2, h3)")
        .iter()
        .map(|h| {
            let level = h.value().name()[1..].parse().unwrap();
            (h.value().attr("id").unwrap_or_default().to_owned(), level, text(h))
        })
        .collect();
    assert_eq!(
        headings.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(),
        ["administrar-usuarios", "buscar-usuarios", "deshabilitar-cuentas"]
    );
    assert_eq!(sections, headings);

    // Terms, as the browser looks them up: folded and stemmed.
    assert_eq!(pages_with(&site, "es-es", "get-csuser"), ["guide/usuarios.html"]);
    assert_eq!(pages_with(&site, "es-es", "configuracion"), ["guide/archivado.html"]);
    assert!(pages_with(&site, "es-es", "palabraredirigida").is_empty(), "the redirect stays out");
    assert!(pages_with(&site, "es-es", "fragmentoexclusivo").is_empty(), "includes/ stay out");

    let zh = records(&site, "zh-cn");
    let urls: Vec<&str> = zh.iter().map(|r| r[0].as_str().unwrap()).collect();
    assert_eq!(urls, ["guide/archiving.html", "guide/users.html"]);
    assert!(zh[0][2].as_str().unwrap().contains("使用以下命令为注册器池中的所有用户分配存档策略"));
    assert!(!zh[0][2].as_str().unwrap().contains("机器翻译"), "the notice stays out");
    assert_eq!(pages_with(&site, "zh-cn", "注册"), ["guide/archiving.html"], "a word inside a run of text");
}

#[test]
fn every_page_has_a_search_box_that_opens_its_locale_index() {
    let book = Book::fixture("search");
    book.build();
    let site = book.site();
    for (rel, index, placeholder) in [
        ("es-es/guide/usuarios.html", "es-es", "Buscar"),
        ("es-es/index.html", "es-es", "Buscar"),
        ("es-es/404.html", "es-es", "Buscar"),
        ("404.html", "es-es", "Buscar"),
        ("status.html", "es-es", "Buscar"),
        ("zh-cn/guide/users.html", "zh-cn", "搜索"),
        ("zh-cn/index.html", "zh-cn", "搜索"),
    ] {
        let page = Page::open(&site.join(rel));
        let meta = page.target(&page.attr(".search", "data-index"));
        assert_eq!(meta, site.join(rel).parent().unwrap().join(page.attr(".search", "data-index")));
        let meta = meta.canonicalize().unwrap_or_else(|e| panic!("{rel}: {}: {e}", meta.display()));
        assert_eq!(meta, site.join(index).join("search-index/meta.json").canonicalize().unwrap(), "{rel}");
        assert_eq!(page.attr(".search-input", "placeholder"), placeholder, "{rel}");
        assert_eq!(page.attr(".search-input", "aria-keyshortcuts"), "/");
        let src = page.attr("script[src$='search.js']", "src");
        assert!(page.target(&src).is_file(), "{rel}: {src}");
        // The result count's plural forms, for the script.
        let forms: Value = serde_json::from_str(&page.attr(".search", "data-results")).unwrap();
        if index == "es-es" {
            assert_eq!(forms["one"], "{count} resultado", "{rel}");
            assert_eq!(forms["other"], "{count} resultados", "{rel}");
        } else {
            assert_eq!(forms, serde_json::json!({ "other": "{count} 个结果" }), "{rel}");
        }
    }
    // The article, not the page around it, is what the index reads.
    let page = Page::open(&site.join("es-es/guide/usuarios.html"));
    assert_eq!(page.select("[data-search-body]").len(), 1);
    assert_eq!(page.one("[data-search-body]").value().name(), "article");
}

#[test]
fn search_can_be_turned_off() {
    let book = Book::fixture("search");
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write("book.toml", format!("{toml}\n[search]\nenabled = false\n"));
    let run = book.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(!book.site().join("es-es/search-index").exists());
    assert!(!book.site().join("zh-cn/search-index").exists());
    let page = Page::open(&book.site().join("es-es/guide/usuarios.html"));
    assert!(page.select(".search").is_empty());
    assert!(page.select("script[src$='search.js']").is_empty());
}

/// `polybook serve` answers with the types browsers need: JavaScript modules must
/// be `text/javascript`; the index files are binary.
#[test]
fn serve_serves_the_index_with_its_content_types() {
    let book = Book::fixture("search");
    // serve keeps the site in memory: the build on disk is what it must serve.
    book.build();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_polybook"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(book.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Stopped when the test ends, also when an assertion fails.
    let _server = Server(child);
    let get = |path: &str| -> Option<(String, Vec<u8>)> {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).ok()?;
        let split = response.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        Some((head, response[split + 4..].to_vec()))
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while get("/es-es/search-index/meta.json").is_none_or(|(h, _)| !h.starts_with("HTTP/1.1 200"))
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    let site = book.site();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.join("es-es/search-index")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&site).unwrap().to_str().unwrap().replace('\\', "/");
        let (head, body) = get(&format!("/{rel}")).unwrap_or_else(|| panic!("no answer for {rel}"));
        let kind = head
            .lines()
            .find_map(|l| l.split_once(':').filter(|(name, _)| name.eq_ignore_ascii_case("content-type")))
            .map(|(_, value)| value.trim())
            .unwrap_or_else(|| panic!("{rel}: no content type in {head}"));
        assert_eq!(kind, "application/json", "{rel}");
        assert_eq!(body, std::fs::read(entry.path()).unwrap(), "{rel}: the bytes as written");
        checked += 1;
    }
    assert!(checked >= 3, "{checked} files: meta, terms, pages");
}

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
