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

/// The page records of a locale's index: its fragment files (gzip, then pagefind's
/// `pagefind_dcd` signature, then JSON), sorted by URL.
fn records(site: &Path, locale: &str) -> Vec<Value> {
    let dir = site.join(locale).join("pagefind/fragment");
    let mut all: Vec<Value> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let mut plain = Vec::new();
            let file = std::fs::File::open(entry.unwrap().path()).unwrap();
            flate2::read::GzDecoder::new(file).read_to_end(&mut plain).unwrap();
            let json = plain.strip_prefix(b"pagefind_dcd".as_slice()).expect("pagefind signature");
            serde_json::from_slice(json).unwrap()
        })
        .collect();
    all.sort_by(|a, b| a["url"].as_str().cmp(&b["url"].as_str()));
    all
}

fn content(record: &Value) -> String {
    // Chinese is stored split into words by zero-width spaces.
    record["content"].as_str().unwrap().replace('\u{200B}', "")
}

#[test]
fn each_locale_has_an_index_of_its_article_bodies() {
    let book = Book::fixture("search");
    let run = book.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let site = book.site();

    for (locale, lang) in [("es-es", "es-es"), ("zh-cn", "zh-cn")] {
        let entry: Value =
            serde_json::from_slice(&std::fs::read(site.join(locale).join("pagefind/pagefind-entry.json")).unwrap())
                .unwrap();
        let languages: Vec<&String> = entry["languages"].as_object().unwrap().keys().collect();
        assert_eq!(languages, [lang], "one language per index, from <html lang>");
    }

    let es = records(&site, "es-es");
    let urls: Vec<&str> = es.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(urls, ["guide/archivado.html", "guide/usuarios.html"], "no redirect, no includes/ fragment");
    let users = &es[1];
    assert_eq!(users["meta"]["title"], "Administrar usuarios");
    let body = content(users);
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
    // Every heading of the article is a section (an anchor with its id).
    let anchors: Vec<&str> = users["anchors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    let headings: Vec<String> = page
        .select("article.content :is(h1, h2, h3)")
        .iter()
        .filter_map(|h| h.value().attr("id").map(str::to_owned))
        .collect();
    assert_eq!(headings, ["administrar-usuarios", "buscar-usuarios", "deshabilitar-cuentas"]);
    for id in &headings {
        assert!(anchors.contains(&id.as_str()), "{id} not in {anchors:?}");
    }

    let zh = records(&site, "zh-cn");
    let urls: Vec<&str> = zh.iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(urls, ["guide/archiving.html", "guide/users.html"]);
    assert!(content(&zh[0]).contains("使用以下命令为注册器池中的所有用户分配存档策略"));
    assert!(!content(&zh[0]).contains("机器翻译"), "the notice stays out");
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
        let script = page.target(&page.attr(".search", "data-index"));
        assert_eq!(script, site.join(rel).parent().unwrap().join(page.attr(".search", "data-index")));
        let script = script.canonicalize().unwrap_or_else(|e| panic!("{rel}: {}: {e}", script.display()));
        assert_eq!(script, site.join(index).join("pagefind/pagefind.js").canonicalize().unwrap(), "{rel}");
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
    assert_eq!(page.select("[data-pagefind-body]").len(), 1);
    assert_eq!(page.one("[data-pagefind-body]").value().name(), "article");
}

#[test]
fn search_can_be_turned_off() {
    let book = Book::fixture("search");
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write("book.toml", format!("{toml}\n[search]\nenabled = false\n"));
    let run = book.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(!book.site().join("es-es/pagefind").exists());
    assert!(!book.site().join("zh-cn/pagefind").exists());
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
    while get("/es-es/pagefind/pagefind-entry.json").is_none_or(|(h, _)| !h.starts_with("HTTP/1.1 200"))
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    let site = book.site();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.join("es-es/pagefind")) {
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
        let expected = match entry.path().extension().and_then(|e| e.to_str()) {
            Some("js") => "text/javascript; charset=utf-8",
            Some("json") => "application/json",
            _ => "application/octet-stream",
        };
        assert_eq!(kind, expected, "{rel}");
        assert_eq!(body, std::fs::read(entry.path()).unwrap(), "{rel}: the bytes as written");
        checked += 1;
    }
    assert!(checked >= 6, "{checked} files");
}

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
