//! The search box, on the `search` fixture served over HTTP under a subfolder
//! (`/docs/`): a cmdlet, a Chinese word inside a longer sentence, a Spanish word
//! typed without its accent; results come from the page's locale only and land on
//! the right article and section; `/`, the arrows, Enter and Esc; the message of a
//! page opened from `file://`; nothing shown without JavaScript; a phone in dark
//! mode. Also the runner of the corpus's query set (see `corpus.rs`).

use std::path::Path;

use serde_json::{Value, json};

use super::http::StaticServer;
use super::url;
use super::webdriver::{Browser, Element, Options, keys, tools};
use crate::support::{Book, Page, percent_decode, text};

const ES_ARCHIVING: &str = "es-es/guide/archivado.html";
const ES_USERS: &str = "es-es/guide/usuarios.html";
const ZH_ARCHIVING: &str = "zh-cn/guide/archiving.html";
const ZH_USERS: &str = "zh-cn/guide/users.html";

/// The `search` fixture, built and served under `/docs/`.
fn served() -> (Book, StaticServer) {
    let book = Book::fixture("search");
    let run = book.build();
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let server = StaticServer::start(&book.site(), "/docs/");
    (book, server)
}

/// One result as the reader sees it.
#[derive(Debug)]
pub(crate) struct Hit {
    /// The link, absolute and percent-decoded.
    pub href: String,
    pub title: String,
    pub section: String,
    /// The excerpt's text.
    pub excerpt: String,
    /// The marked words of the excerpt.
    pub marks: Vec<String>,
}

/// Types nothing but `query` into the box (as a paste would: one input event) and
/// waits for the answer: the status line and the results shown.
pub(crate) fn search(b: &Browser, query: &str) -> (String, Vec<Hit>) {
    b.js(
        "var box = document.querySelector('.search');
         box.querySelector('.search-status').textContent = '';
         var input = box.querySelector('.search-input');
         input.focus();
         input.value = arguments[0];
         input.dispatchEvent(new Event('input', { bubbles: true }));",
        &[json!(query)],
    );
    answer(b)
}

/// Waits for the status line to say something other than "searching", then reads
/// the results.
fn answer(b: &Browser) -> (String, Vec<Hit>) {
    let loading = b.js("return document.querySelector('.search').dataset.loading", &[]);
    let status = b.wait("the search results", |b| {
        let s = b.js("return document.querySelector('.search-status').textContent", &[]);
        let s = s.as_str().unwrap_or_default().to_owned();
        if s.is_empty() || Some(s.as_str()) == loading.as_str() { Err(s) } else { Ok(s) }
    });
    let hits = b.js(
        "return Array.from(document.querySelectorAll('.search-results a')).map(function (a) {
           function t(sel) { var e = a.querySelector(sel); return e ? e.textContent : ''; }
           return { href: a.href, title: t('.search-title'), section: t('.search-section'), excerpt: t('.search-excerpt'),
                    marks: Array.from(a.querySelectorAll('mark')).map(function (m) { return m.textContent; }) };
         })",
        &[],
    );
    let hits = hits
        .as_array()
        .expect("results")
        .iter()
        .map(|h| Hit {
            href: percent_decode(h["href"].as_str().unwrap_or_default()),
            title: h["title"].as_str().unwrap_or_default().to_owned(),
            section: h["section"].as_str().unwrap_or_default().to_owned(),
            excerpt: h["excerpt"].as_str().unwrap_or_default().to_owned(),
            marks: h["marks"].as_array().into_iter().flatten().filter_map(|m| m.as_str().map(str::to_owned)).collect(),
        })
        .collect();
    (status, hits)
}

/// Element Send Keys: types `text` into the element as keystrokes.
fn type_keys(b: &Browser, e: &Element, text: &str) {
    b.cmd("POST", &format!("/element/{}/value", e.0), Some(json!({ "text": text })));
}

/// Waits until the browser shows `url` (without its hash); returns the hash, decoded.
fn wait_for_url(b: &Browser, url: &str) -> String {
    b.wait(&format!("page {url}"), |b| {
        let now = b.try_cmd("GET", "/url", None)?;
        let now = percent_decode(now.as_str().unwrap_or_default());
        let (page, hash) = now.split_once('#').map_or((now.as_str(), ""), |(p, h)| (p, h));
        let ready =
            b.try_cmd("POST", "/execute/sync", Some(json!({ "script": "return document.readyState", "args": [] })))?;
        if page == url && ready == "complete" {
            Ok(format!("#{hash}").trim_end_matches('#').to_owned())
        } else {
            Err(now)
        }
    })
}

fn active_element(b: &Browser) -> Value {
    b.js(
        "var e = document.activeElement;
         return e.className || e.tagName;",
        &[],
    )
}

#[test]
fn a_cmdlet_finds_its_article_and_a_click_lands_on_the_section() {
    let Some(tools) = tools() else { return };
    let (book, server) = served();
    let b = Browser::start(&tools, Options::default());
    b.goto(&server.url(ES_ARCHIVING));
    // "/" focuses the box, then the reader types.
    b.press(&["/"]);
    assert_eq!(active_element(&b), "search-input", "/ did not focus the box");
    type_keys(&b, &b.find(".search-input"), "Get-CsUser");
    let (status, hits) = answer(&b);
    assert_eq!(status, "1 resultado");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].title, "Administrar usuarios");
    assert_eq!(hits[0].section, "Buscar usuarios");
    assert_eq!(hits[0].href, format!("{}#buscar-usuarios", server.url(ES_USERS)));
    assert!(hits[0].marks.iter().any(|m| m.contains("Get-CsUser")), "{hits:?}");
    // The excerpt is the section's text, from its start: not its title again.
    let body = Page::open(&book.site().join(ES_USERS));
    let first = text(&body.select("#buscar-usuarios ~ p")[0]);
    let first_words: String = first.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    assert!(hits[0].excerpt.starts_with(&first_words), "{:?} should start with {first_words:?}", hits[0].excerpt);
    b.click(&b.find(".search-results a"));
    let hash = wait_for_url(&b, &server.url(ES_USERS));
    assert_eq!(hash, "#buscar-usuarios");
    let heading = b.js("var h = document.getElementById('buscar-usuarios'); return h && h.textContent", &[]);
    assert_eq!(heading, "Buscar usuarios");
}

#[test]
fn a_chinese_word_inside_a_sentence_finds_its_section_in_this_locale_only() {
    let Some(tools) = tools() else { return };
    let (_book, server) = served();
    let b = Browser::start(&tools, Options::default());
    b.goto(&server.url(ZH_USERS));
    // 注册器 is written only inside 使用以下命令为注册器池中的所有用户分配存档策略.
    let (status, hits) = search(&b, "注册器");
    assert_eq!(status, "1 个结果");
    assert_eq!(hits[0].title, "配置存档");
    assert_eq!(hits[0].section, "存档策略");
    assert_eq!(hits[0].href, format!("{}#存档策略", server.url(ZH_ARCHIVING)));
    // The Spanish pages have the same cmdlet; only the Chinese ones are found here.
    let (_, hits) = search(&b, "Get-CsUser");
    assert_eq!(
        hits.iter().map(|h| h.href.as_str()).collect::<Vec<_>>(),
        [format!("{}#查找用户", server.url(ZH_USERS)).as_str()]
    );
    let (_, hits) = search(&b, "存档");
    assert!(!hits.is_empty() && hits.iter().all(|h| h.href.starts_with(&server.url("zh-cn/"))), "{hits:?}");
    b.click(&b.find(".search-results a"));
    let hash = wait_for_url(&b, &server.url(ZH_ARCHIVING));
    assert!(hash.is_empty() || b.js("return !!document.getElementById(arguments[0])", &[json!(&hash[1..])]) == true);
}

#[test]
fn spanish_words_match_without_accents_and_in_another_number() {
    let Some(tools) = tools() else { return };
    let (_book, server) = served();
    let b = Browser::start(&tools, Options::default());
    b.goto(&server.url(ES_USERS));
    // The text says "La configuración de las directivas de archivado".
    for query in ["configuracion", "directiva", "configuracion directivas"] {
        let (_, hits) = search(&b, query);
        assert!(!hits.is_empty(), "{query}: nothing found");
        assert_eq!(hits[0].title, "Configurar el archivado", "{query}: {hits:?}");
        assert_eq!(hits[0].section, "Directivas de archivado", "{query}: {hits:?}");
    }
    // Words that are only in the redirect page, an includes/ fragment, the
    // machine-translation notice or the breadcrumbs are not found there.
    for query in ["palabraredirigida", "fragmentoexclusivo", "traducido automáticamente", "Guía de búsqueda"] {
        let (_, hits) = search(&b, query);
        for h in &hits {
            assert!(!h.href.contains("antiguo") && !h.href.contains("includes"), "{query}: {hits:?}");
            for word in query.split(" ").filter(|w| w.chars().count() > 3).map(str::to_lowercase) {
                assert!(h.marks.iter().all(|m| !m.to_lowercase().contains(&word)), "{query}: {hits:?}");
            }
        }
    }
    let (status, hits) = search(&b, "xyzzy");
    assert!(hits.is_empty(), "{hits:?}");
    assert_eq!(status, "No hay resultados para «xyzzy»");
}

#[test]
fn keyboard_moves_through_results_opens_and_closes() {
    let Some(tools) = tools() else { return };
    let (_book, server) = served();
    let b = Browser::start(&tools, Options::default());
    b.goto(&server.url(ES_USERS));
    b.press(&["/"]);
    type_keys(&b, &b.find(".search-input"), "usuarios");
    let (status, hits) = answer(&b);
    assert!(hits.len() >= 2, "{status}: {hits:?}");
    assert_eq!(status, format!("{} resultados", hits.len()));
    b.press(&[keys::DOWN]);
    assert_eq!(
        b.js("return document.activeElement.href", &[]).as_str().map(percent_decode),
        Some(hits[0].href.clone())
    );
    b.press(&[keys::DOWN]);
    assert_eq!(
        b.js("return document.activeElement.href", &[]).as_str().map(percent_decode),
        Some(hits[1].href.clone())
    );
    b.press(&[keys::UP, keys::UP]);
    assert_eq!(active_element(&b), "search-input", "Up from the first result goes back to the box");
    // Esc closes the results and keeps the query; a second Esc clears and leaves.
    b.press(&[keys::ESCAPE]);
    assert!(!b.displayed(&b.find(".search-panel")), "Esc did not close the results");
    assert_eq!(active_element(&b), "search-input");
    b.press(&[keys::ESCAPE]);
    assert_eq!(b.js("return document.querySelector('.search-input').value", &[]), "");
    // "/" typed in the box is text, not the shortcut.
    b.press(&["/"]);
    b.press(&["/"]);
    assert_eq!(b.js("return document.querySelector('.search-input').value", &[]), "/");
    // Enter opens the first result.
    b.js(
        "document.querySelector('.search-input').value = '';
         document.querySelector('.search-status').textContent = '';",
        &[],
    );
    type_keys(&b, &b.find(".search-input"), "Get-CsUser");
    answer(&b);
    b.press(&[keys::ENTER]);
    assert_eq!(wait_for_url(&b, &server.url(ES_USERS)), "#buscar-usuarios");
}

#[test]
fn from_file_urls_the_box_says_search_needs_a_server() {
    let Some(tools) = tools() else { return };
    let book = Book::fixture("search");
    book.build();
    let b = Browser::start(&tools, Options::default());
    b.goto(&url(&book, ZH_USERS));
    let input = b.find(".search-input");
    b.click(&input);
    type_keys(&b, &input, "存档");
    let status = b.wait("the message", |b| {
        let s = b.js("return document.querySelector('.search-status').textContent", &[]);
        let s = s.as_str().unwrap_or_default().to_owned();
        if s.is_empty() { Err(s) } else { Ok(s) }
    });
    assert_eq!(status, "搜索需要通过 HTTP 访问本站点：请运行 `polybook serve`，或从任意 Web 服务器打开本站点。");
    assert!(b.find_all(".search-results a").is_empty());
}

#[test]
fn without_javascript_there_is_no_box() {
    let Some(tools) = tools() else { return };
    let (_book, server) = served();
    let b = Browser::start(&tools, Options { no_javascript: true, ..Options::default() });
    b.goto(&server.url(ES_USERS));
    assert!(!b.displayed(&b.find(".search")), "the box shows without JavaScript");
    assert!(b.displayed(&b.find("article.content h1")));
}

#[test]
fn on_a_phone_in_dark_mode_the_results_fit_the_screen() {
    let Some(tools) = tools() else { return };
    let (_book, server) = served();
    let b = Browser::start(&tools, Options::default());
    b.viewport(390, 844);
    b.goto(&server.url(ES_ARCHIVING));
    b.js("document.documentElement.dataset.theme = 'dark';", &[]);
    let (_, hits) = search(&b, "archivado");
    assert!(!hits.is_empty());
    let rects = b.js(
        "return ['.search-input', '.search-panel'].map(function (s) {
           var r = document.querySelector(s).getBoundingClientRect();
           return [r.left, r.right, r.width];
         })",
        &[],
    );
    for r in rects.as_array().unwrap() {
        let (left, right, width) = (r[0].as_f64().unwrap(), r[1].as_f64().unwrap(), r[2].as_f64().unwrap());
        assert!(left >= 0.0 && right <= 390.0, "outside the screen: {rects}");
        assert!(width >= 300.0, "too narrow to read on a phone: {rects}");
    }
    // The marked words are readable on the dark background.
    let colors = b.js(
        "var m = getComputedStyle(document.querySelector('.search-results mark'));
         return [m.color, m.backgroundColor];",
        &[],
    );
    assert_eq!(colors, json!(["rgb(255, 255, 255)", "rgb(107, 83, 0)"]));
    let png = b.screenshot();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    std::fs::write(dir.join("search-phone-dark.png"), png).expect("write screenshot");
}

#[test]
fn the_page_a_result_opens_marks_the_words_found_in_its_article() {
    let Some(tools) = tools() else { return };
    let (_book, server) = served();
    let b = Browser::start(&tools, Options::default());
    b.goto(&server.url(ES_USERS));
    // Typed without the accent: the article says "configuración".
    let (_, hits) = search(&b, "configuracion");
    assert_eq!(hits[0].title, "Configurar el archivado", "{hits:?}");
    b.click(&b.find(".search-results a"));
    wait_for_url(&b, &server.url(ES_ARCHIVING));
    let marks = b.wait("the words marked", |b| {
        let marks = b.js(
            "return Array.from(document.querySelectorAll('mark.search-hit')).map(function (m) {
               return [m.textContent, !!m.closest('[data-search-body]')];
             })",
            &[],
        );
        match marks.as_array() {
            Some(all) if !all.is_empty() => Ok(all.clone()),
            _ => Err(marks.to_string()),
        }
    });
    for m in &marks {
        assert_eq!(m[1], true, "a mark outside the article: {marks:?}");
        assert_eq!(m[0].as_str().map(str::to_lowercase).as_deref(), Some("configuración"), "{marks:?}");
    }
    // Once: a reload of the page marks nothing.
    b.js("location.reload()", &[]);
    wait_for_url(&b, &server.url(ES_ARCHIVING));
    assert_eq!(b.js("return document.querySelectorAll('mark.search-hit').length", &[]), 0);
}
