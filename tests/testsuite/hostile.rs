//! Hostile and broken input: every case is generated here (a small valid bilingual
//! book plus one hostile file or setting), built with the real binary, and must end
//! without a panic (exit 0, 1 or 2, never 101), with a diagnostic naming the file
//! and line where one applies, and with the other pages built. Also: atomic output
//! under a SIGKILL, `--strict` writing nothing, and destinations that are refused.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::support::{Book, Run, text};

const BOOK_TOML: &str = r#"[book]
title = "Hostile"
default-locale = "es-es"

[locales.es-es]
name = "Español"
content = "content/es-es"
toc = "toc.yml"

[locales.zh-CN]
name = "中文"
content = "content/zh-CN"
toc = "toc.yml"
"#;

const ES_GOOD: &str = "es-es/good.html";
const ZH_GOOD: &str = "zh-cn/good.html";

/// A valid bilingual book without a single warning: one translated page per locale.
fn base() -> Book {
    let book = Book::empty();
    book.write("book.toml", BOOK_TOML)
        .write(
            "content/es-es/good.md",
            "---\ntitle: Bueno\nms:assetid: 11111111-1111-1111-1111-111111111111\n---\n# Bueno\n\nTexto.\n",
        )
        .write("content/es-es/toc.yml", "- name: Bueno\n  href: good.md\n")
        .write(
            "content/zh-CN/good.md",
            "---\ntitle: 好\nms:assetid: 11111111-1111-1111-1111-111111111111\n---\n# 好\n\n文本。\n",
        )
        .write("content/zh-CN/toc.yml", "- name: 好\n  href: good.md\n");
    book
}

/// `polybook build` with extra arguments; asserts it did not panic.
fn build(book: &Book, args: &[&str]) -> Run {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = book.run(&all);
    no_panic(&run);
    run
}

fn no_panic(run: &Run) {
    let err = run.stderr();
    assert!(matches!(run.code(), 0..=2), "exit code {}:\n{err}", run.code());
    assert!(!err.contains("panicked"), "{err}");
}

/// The good pages of both locales were built (and parse as HTML with their heading).
fn good_pages_built(book: &Book) {
    assert_eq!(text(&book.page(ES_GOOD).one("article h1")), "Bueno");
    assert_eq!(text(&book.page(ZH_GOOD).one("article h1")), "好");
}

/// A base book plus one hostile Markdown file in es-es, built.
fn with_page(rel: &str, contents: impl AsRef<[u8]>) -> (Book, Run) {
    let book = base();
    book.write(&format!("content/es-es/{rel}"), contents);
    let run = build(&book, &[]);
    good_pages_built(&book);
    (book, run)
}

fn front(title: &str, id: &str) -> String {
    format!("---\ntitle: {title}\nms:assetid: {id}\n---\n")
}

fn assert_has(haystack: &str, needles: &[&str]) {
    for n in needles {
        assert!(haystack.contains(n), "`{n}` not in:\n{haystack}");
    }
}

// ---------------------------------------------------------------- front matter

#[test]
fn empty_file() {
    let (book, run) = with_page("empty.md", "");
    assert_eq!(run.code(), 0);
    assert_has(&run.stderr(), &["warning[no-front-matter]", "the file is empty", "empty.md:1"]);
    // One diagnostic for the file (besides its absence from the toc), not a cascade.
    assert_eq!(run.stderr().matches("empty.md").count(), 2, "{}", run.stderr());
    assert!(!run.stderr().contains("missing-title"), "{}", run.stderr());
    // Titled by its file name.
    assert_eq!(text(&book.page("es-es/empty.html").one("article h1")), "empty");
}

#[test]
fn front_matter_only() {
    let (book, run) = with_page("only.md", front("Solo", "22222222-2222-2222-2222-222222222222"));
    assert_eq!(run.code(), 0);
    assert!(!run.stderr().contains("only.md:"), "{}", run.stderr());
    assert_eq!(text(&book.page("es-es/only.html").one("article h1")), "Solo");
    // Empty YAML and a lone `---`.
    let (book, run) = with_page("empty-yaml.md", "---\n---\n");
    assert_has(&run.stderr(), &["empty-yaml.md:1"]);
    assert!(book.site().join("es-es/empty-yaml.html").is_file());
    let (book, run) = with_page("dashes.md", "---");
    assert_has(&run.stderr(), &["warning[unclosed-front-matter]", "dashes.md:1:1"]);
    assert!(book.site().join("es-es/dashes.html").is_file());
}

#[test]
fn front_matter_never_closed() {
    let (book, run) = with_page(
        "unclosed.md",
        "---\ntitle: Abierto\nms:assetid: 33333333-3333-3333-3333-333333333333\n# Título\n\nTexto.\n",
    );
    assert_eq!(run.code(), 0);
    let err = run.stderr();
    assert_has(&err, &["warning[unclosed-front-matter]", "unclosed.md:1:1", "never closed"]);
    // One cause, one diagnostic.
    assert!(!err.contains("missing-title"), "{err}");
    assert!(book.site().join("es-es/unclosed.html").is_file());
}

#[test]
fn yaml_of_the_wrong_type() {
    let (book, run) = with_page(
        "list-title.md",
        "---\ntitle:\n  - a\n  - b\nms:assetid: 44444444-4444-4444-4444-444444444444\n---\n# Lista\n",
    );
    assert_has(
        &run.stderr(),
        &["warning[invalid-front-matter]", "`title` must be a single text value", "list-title.md:2:1"],
    );
    // The heading stands in for the title.
    let page = book.page("es-es/list-title.html");
    assert_eq!(text(&page.one("title")), "Lista · Hostile");
    // A bare scalar where a mapping of keys is expected.
    let (_, run) = with_page("scalar.md", "---\njust text\n---\n# S\n");
    assert_has(&run.stderr(), &["not a mapping of keys to values", "scalar.md:2"]);
}

#[test]
fn tabs_in_yaml() {
    let (book, run) =
        with_page("tabs.md", "---\ntitle: Tabs\n\tms:assetid: 55555555-5555-5555-5555-555555555555\n---\n# Tabs\n");
    assert_has(&run.stderr(), &["warning[invalid-front-matter]", "tab", "tabs.md:3:1"]);
    assert!(book.site().join("es-es/tabs.html").is_file());
}

#[test]
fn byte_order_marks_in_the_middle() {
    let bom = "\u{FEFF}";
    // In the body: kept as text, nothing breaks.
    let (book, run) = with_page(
        "bom-body.md",
        format!(
            "{}# Título\n\nantes {bom} después\n{bom}línea\n",
            front("Bom", "66666666-6666-6666-6666-666666666666")
        ),
    );
    assert_eq!(run.code(), 0);
    let page = book.page("es-es/bom-body.html");
    assert!(text(&page.select("article p")[0]).contains("después"));
    // At the start of a line it hides the Markdown: named, with its line (not mid-line).
    assert_has(&run.stderr(), &["warning[stray-bom]", "bom-body.md:8:1"]);
    assert_eq!(run.stderr().matches("stray-bom").count(), 2, "one warning and the count: {}", run.stderr());
    // In the front matter: named, with its line.
    let (book, run) = with_page(
        "bom-yaml.md",
        format!("---\ntitle: B\n{bom}ms:assetid: 66666666-6666-6666-6666-666666666667\n---\n# B\n"),
    );
    assert_has(&run.stderr(), &["warning[invalid-front-matter]", "U+FEFF", "bom-yaml.md:3:1"]);
    assert!(book.site().join("es-es/bom-yaml.html").is_file());
    // A second BOM right after the first (a file saved twice).
    let (book, run) = with_page(
        "bom-twice.md",
        format!("{bom}{bom}{}# Doble\n", front("Doble", "66666666-6666-6666-6666-666666666668")),
    );
    assert_has(&run.stderr(), &["bom-twice.md:1"]);
    assert!(book.site().join("es-es/bom-twice.html").is_file());
}

#[test]
fn invalid_utf8() {
    let mut bytes = front("Malo", "77777777-7777-7777-7777-777777777777").into_bytes();
    bytes.extend_from_slice(b"# Malo\n\nline seven\nbad \xFF\xFE here \xC3\n");
    let (book, run) = with_page("bad-utf8.md", bytes);
    assert_eq!(run.code(), 0);
    assert_has(&run.stderr(), &["warning[invalid-utf8]", "bad-utf8.md:8"]);
    let page = book.page("es-es/bad-utf8.html");
    assert!(page.select("article p").iter().any(|p| text(p).contains("bad \u{FFFD}")), "replacement characters shown");
}

#[test]
fn crlf_and_lone_cr_line_ends() {
    for (name, end) in [("crlf", "\r\n"), ("cr", "\r"), ("mixed", "\r\n\r")] {
        let body = format!(
            "---{e}title: Fin {name}{e}ms:assetid: 88888888-8888-8888-8888-88888888888{n}{e}---{e}# Fin{e}{e}[x](nope.md){e}",
            e = end,
            n = name.len()
        );
        let (book, run) = with_page(&format!("{name}.md"), body);
        let err = run.stderr();
        // The broken link is on line 7 (lone CR counts as a line end), column 5.
        let at = if name == "mixed" { ":13:5" } else { ":7:5" };
        assert_has(&err, &["warning[broken-link]", &format!("{name}.md{at}")]);
        assert!(!err.contains("front-matter"), "{err}");
        let page = book.page(&format!("es-es/{name}.html"));
        assert_eq!(text(&page.one("article h1")), "Fin");
        assert_eq!(text(&page.one("title")), format!("Fin {name} · Hostile"));
    }
}

// ---------------------------------------------------------------- size and depth

#[test]
fn five_megabyte_article() {
    // Paragraphs with resolved links and fragments, equal headings, code blocks, CJK,
    // a table: every piece the pipeline indexes, repeated to 5 MB; one broken link at the end.
    let chunk = "Texto con [un enlace](good.md#bueno), [otro](#section-3) y `código` 概述。\n\n\
                 ## Section\n\n```powershell\nGet-CsUser -Identity $u | Set-CsUser -Enabled $true\n```\n\n\
                 | a | b |\n|---|---|\n| 1 | 2 |\n\n> [!NOTE]\n> Nota.\n\n";
    let head = format!("{}# Grande\n\n", front("Grande", "99999999-9999-9999-9999-999999999999"));
    let n = 5_000_000 / chunk.len() + 1;
    let mut page = String::with_capacity(head.len() + n * chunk.len() + 64);
    page.push_str(&head);
    for _ in 0..n {
        page.push_str(chunk);
    }
    let last_line = page.matches('\n').count() + 1;
    page.push_str("Fin [roto](nowhere.md)\n");
    assert!(page.len() >= 5_000_000);
    let (book, run) = with_page("big.md", page);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_has(&run.stderr(), &["warning[broken-link]", &format!("big.md:{last_line}:12")]);
    // (Linear, not quadratic: a debug build takes a few seconds; quadratic took minutes.)
    let html = std::fs::read_to_string(book.site().join("es-es/big.html")).unwrap();
    assert!(html.contains(&format!("id=\"section-{}\"", n - 1)), "unique heading ids");
    assert!(html.trim_end().ends_with("</html>"));
}

#[test]
fn ten_thousand_nested_lists() {
    let mut body = front("Listas", "aaaaaaaa-0000-0000-0000-000000000001");
    body.push_str(&"- ".repeat(10_000));
    body.push_str("hondo\n\n");
    body.push_str(&"1. ".repeat(5_000));
    body.push_str("ordenado\n\nfin [roto](nowhere.md)\n");
    let (book, run) = with_page("lists.md", body);
    assert_has(&run.stderr(), &["lists.md:9:12"]);
    let html = std::fs::read_to_string(book.site().join("es-es/lists.html")).unwrap();
    assert!(html.contains("hondo") && html.contains("ordenado"));
    assert!(html.matches("<ul>").count() >= 10_000);
}

#[test]
fn ten_thousand_nested_block_quotes() {
    let mut body = front("Citas", "aaaaaaaa-0000-0000-0000-000000000002");
    body.push_str(&"> ".repeat(10_000));
    body.push_str("profundo\n\n");
    body.push_str(&">".repeat(10_000));
    body.push_str(" [!NOTE]\n");
    body.push_str(&">".repeat(10_000));
    body.push_str(" alerta\n\nfin [roto](nowhere.md)\n");
    let (book, run) = with_page("quotes.md", body);
    assert_has(&run.stderr(), &["quotes.md:10:12"]);
    let html = std::fs::read_to_string(book.site().join("es-es/quotes.html")).unwrap();
    assert!(html.contains("profundo") && html.contains("alerta"));
    assert!(html.matches("<blockquote>").count() >= 10_000);
}

#[test]
fn hundred_thousand_character_line() {
    let mut body = front("Línea", "aaaaaaaa-0000-0000-0000-000000000003");
    body.push_str(&"palabra ".repeat(12_500));
    body.push_str("[roto](nowhere.md) ");
    body.push_str(&"概述".repeat(1_000));
    body.push_str(" [otro](#nada)\n");
    let (book, run) = with_page("long.md", body);
    let err = run.stderr();
    // Both diagnostics name the line and the (far) column; the shown line is windowed.
    assert_has(&err, &["warning[broken-link]", "long.md:5:100008", "warning[broken-fragment]", "long.md:5:102028"]);
    assert!(err.lines().all(|l| l.chars().count() < 400), "source lines are windowed");
    assert!(book.site().join("es-es/long.html").is_file());
}

// ---------------------------------------------------------------- escaping

const XSS: &str = "<script>alert('xss')</script><img src=x onerror=alert(1)>";

/// No `<script>` holding `alert(` and no `onerror` attribute anywhere in `html`.
fn assert_inert(html: &str, what: &str) {
    let doc = Html::parse_document(html);
    for script in doc.select(&Selector::parse("script").unwrap()) {
        let inner: String = script.text().collect();
        assert!(!inner.contains("alert("), "{what}: live script {inner}");
    }
    assert!(doc.select(&Selector::parse("[onerror]").unwrap()).next().is_none(), "{what}: live onerror");
}

#[test]
fn html_and_script_in_titles_are_escaped_everywhere() {
    let book = base();
    let quoted = XSS.replace('\'', "''");
    book.write(
        "book.toml",
        BOOK_TOML.replace(
            "title = \"Hostile\"",
            "title = \"<script>alert('book')</script>\"\ndescription = \"<script>alert('desc')</script>\"",
        ),
    )
    // Title only: the h1 falls back to it; prev/next and the dashboard print it.
    .write(
        "content/es-es/evil.md",
        format!(
            "---\ntitle: '{quoted}'\ndescription: '\"><script>alert(3)</script>'\nms:assetid: bbbbbbbb-0000-0000-0000-000000000001\n---\nSin encabezado.\n"
        ),
    )
    // Not in the toc: listed by title on the home page.
    .write(
        "content/es-es/evil-other.md",
        format!("---\ntitle: '{quoted}'\nms:assetid: bbbbbbbb-0000-0000-0000-000000000002\n---\nOtro.\n"),
    )
    // The child page shows the toc names as breadcrumbs.
    .write(
        "content/es-es/child.md",
        format!("{}# Hijo\n", front("Hijo", "bbbbbbbb-0000-0000-0000-000000000003")),
    )
    .write(
        "content/es-es/toc.yml",
        format!(
            "- name: Bueno\n  href: good.md\n- name: '{quoted}'\n  href: evil.md\n  items:\n  - name: Hijo\n    href: child.md\n"
        ),
    )
    // The zh-CN translation, with a TOCTitle that is HTML too.
    .write(
        "content/zh-CN/evil.md",
        format!(
            "---\ntitle: '{quoted}'\nTOCTitle: '{quoted}'\nms:assetid: bbbbbbbb-0000-0000-0000-000000000001\n---\n正文。\n"
        ),
    )
    .write(
        "content/zh-CN/toc.yml",
        "- name: 好\n  href: good.md\n- name: '<script>alert(\"zh\")</script>'\n  href: evil.md\n",
    );
    let run = build(&book, &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    good_pages_built(&book);

    // Printed as text where a title goes.
    let evil = book.page("es-es/evil.html");
    assert!(text(&evil.one("title")).starts_with(XSS), "{}", text(&evil.one("title")));
    assert_eq!(text(&evil.one("article h1")), XSS);
    let child = book.page("es-es/child.html");
    assert_eq!(text(&child.one(".breadcrumbs li")), XSS);
    let good = book.page(ES_GOOD);
    assert!(text(&good.one("a[rel=next]")).ends_with(XSS));
    let home = book.page("es-es/index.html");
    assert!(home.select(".others a").iter().any(|a| text(a) == XSS));
    assert!(home.select(".full-toc a").iter().any(|a| text(a) == XSS));
    let zh_good = book.page(ZH_GOOD);
    assert!(text(&zh_good.one("a[rel=next]")).ends_with(XSS));

    // Nowhere a live script or handler: every HTML file, and the sidebar of toc.js
    // (its HTML string decoded and parsed).
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(book.site()) {
        let entry = entry.unwrap();
        let path = entry.path();
        let name = path.to_string_lossy().into_owned();
        if name.ends_with(".html") {
            assert_inert(&std::fs::read_to_string(path).unwrap(), &name);
            pages += 1;
        } else if name.ends_with("toc.js") {
            let js = std::fs::read_to_string(path).unwrap();
            let start = js.find("polybookToc(").expect("toc call") + "polybookToc(".len();
            let end = js.rfind(");").expect("call end");
            let toc: String = serde_json::from_str(&js[start..end]).expect("a JSON string");
            assert!(toc.contains("&lt;script&gt;"), "{toc}");
            assert_inert(&toc, &name);
        }
    }
    assert!(pages >= 10, "{pages} pages checked");
}

// ---------------------------------------------------------------- out of the book

#[test]
fn links_images_and_toc_entries_outside_the_book_are_neither_read_nor_copied() {
    let book = base();
    let outside = "../../../etc/passwd";
    book.write(
        "content/es-es/climb.md",
        format!(
            "{}# Fuera\n\n[enlace]({outside})\n\n![imagen]({outside})\n\n\
             <a href=\"{outside}\">html</a> <img src=\"{outside}\">\n\n\
             :::image type=\"content\" source=\"{outside}\" alt-text=\"x\":::\n\n\
             [codificado](..%2F..%2F..%2Fetc%2Fpasswd) [rooted](/etc/passwd) [dentro](./good.md)\n\n\
             ![enlace simbólico](secret.png)\n",
            front("Fuera", "cccccccc-0000-0000-0000-000000000001")
        ),
    )
    .write(
        "content/es-es/toc.yml",
        format!(
            "- name: Bueno\n  href: good.md\n- name: Fuera\n  href: climb.md\n- name: Secreto\n  href: {outside}\n"
        ),
    );
    // A link inside the content pointing at a file outside it.
    std::os::unix::fs::symlink("/etc/passwd", book.root().join("content/es-es/secret.png")).unwrap();
    let run = build(&book, &[]);
    let err = run.stderr();
    assert_eq!(run.code(), 0, "{err}");
    good_pages_built(&book);
    assert_has(
        &err,
        &[
            "warning[link-outside-book]",
            "climb.md:7:10",  // Markdown link
            "climb.md:9:11",  // image
            "climb.md:11:10", // raw HTML <a>
            "climb.md:11:50", // raw HTML <img>
            "climb.md:13:",   // :::image
            "climb.md:15:14", // percent-encoded climb
            "warning[absolute-path]",
            "climb.md:15:", // /etc/passwd
            "toc.yml:6:9",  // toc entry
            "warning[symlink]",
            "secret.png",
        ],
    );
    assert!(err.matches("warning[link-outside-book]").count() >= 7, "{err}");
    // Nothing named passwd, nothing of its contents, no link to it.
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let first = passwd.lines().next().unwrap_or("root:x:0:0");
    for entry in walkdir::WalkDir::new(book.site()) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_lowercase();
        assert!(!name.contains("passwd") && !name.contains("secret"), "{}", entry.path().display());
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let contents = String::from_utf8_lossy(&bytes);
            assert!(!contents.contains(first), "{} holds /etc/passwd", entry.path().display());
        }
    }
    let page = book.page("es-es/climb.html");
    for el in page.select("article a[href], article img[src]") {
        let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
        assert!(!url.contains(".."), "{url} still climbs");
    }
    assert_eq!(page.attr("article a[href$='good.html']", "href"), "good.html");
}

#[test]
fn symlink_loops_inside_the_content() {
    let book = base();
    book.write(
        "content/es-es/loop/page.md",
        format!("{}# Bucle\n", front("Bucle", "dddddddd-0000-0000-0000-000000000001")),
    );
    let content = book.root().join("content/es-es");
    std::os::unix::fs::symlink("..", content.join("loop/up")).unwrap();
    std::os::unix::fs::symlink("../loop", content.join("loop/self")).unwrap();
    std::os::unix::fs::symlink("b.md", content.join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", content.join("b.md")).unwrap();
    let run = build(&book, &[]);
    assert_eq!(run.code(), 0);
    good_pages_built(&book);
    let err = run.stderr();
    for link in ["loop/up", "loop/self", "es-es/a.md", "es-es/b.md"] {
        assert_has(&err, &[&format!("{link}\n")]);
    }
    assert_eq!(err.matches("warning[symlink]").count(), 4, "{err}");
    assert!(book.site().join("es-es/loop/page.html").is_file());
    assert!(!book.site().join("es-es/loop/up").exists());
    assert!(!book.site().join("es-es/a.html").exists());
}

// ---------------------------------------------------------------- configuration

/// book.toml edited by `edit`, built: exit 2, `needles` in the message, nothing written.
fn config_error(edit: impl Fn(&str) -> String, needles: &[&str]) {
    let book = base();
    book.write("book.toml", edit(BOOK_TOML));
    let run = build(&book, &[]);
    let err = run.stderr();
    assert_eq!(run.code(), 2, "{err}");
    assert_has(&err, &["error:", "book.toml"]);
    assert_has(&err, needles);
    assert!(!book.site().exists(), "nothing is written");
}

#[test]
fn two_locales_claiming_the_same_folder() {
    config_error(|t| t.replace("content/zh-CN", "content/es-es"), &["same content folder"]);
    config_error(|t| t.replace("content/zh-CN", "content/es-es/../es-es/"), &["same content folder"]);
    config_error(|t| t.replace("content/zh-CN", "content/es-es/sub"), &["same content folder"]);
    config_error(|t| t.replace("content/zh-CN", "content"), &["same content folder"]);
}

#[test]
fn book_toml_unknown_key_wrong_type_unknown_theme() {
    config_error(
        |t| t.replace("title = \"Hostile\"", "title = \"Hostile\"\ntitel = 1"),
        &["unknown field `titel`", "book.toml:3:"],
    );
    config_error(
        |t| t.replace("name = \"中文\"", "name = \"中文\"\nfoo = true"),
        &["unknown field `foo`", "book.toml:12:"],
    );
    config_error(|t| format!("{t}\n[outputs]\ndest = \"x\"\n"), &["unknown field `outputs`", "book.toml:15:"]);
    config_error(|t| t.replace("title = \"Hostile\"", "title = [\"a\"]"), &["invalid type", "book.toml:2:"]);
    config_error(|t| t.replace("content = \"content/zh-CN\"", "content = 7"), &["invalid type", "book.toml:12:"]);
    config_error(|t| t.replace("title = \"Hostile\"", "title = \"Hostile"), &["book.toml:2:"]);
    config_error(
        |t| t.replace("default-locale = \"es-es\"", "default-locale = \"fr\""),
        &["`fr` is not one of the declared locales"],
    );
    config_error(
        |t| t.replace("title = \"Hostile\"", "title = \"Hostile\"\ntheme = \"nope\""),
        &["unknown theme `nope`"],
    );
    // Tabs, a BOM and CRLF in book.toml are fine TOML.
    let book = base();
    book.write("book.toml", format!("\u{FEFF}{}", BOOK_TOML.replace("title =", "title\t=")).replace('\n', "\r\n"));
    let run = build(&book, &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    // Not UTF-8 at all.
    let book = base();
    book.write("book.toml", b"[book]\ntitle = \"\xFF\"\n");
    let run = build(&book, &[]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert_has(&run.stderr(), &["book.toml"]);
}

#[test]
fn a_locale_with_no_pages() {
    let book = base();
    book.write("book.toml", format!("{BOOK_TOML}\n[locales.fr]\nname = \"Français\"\ncontent = \"content/fr\"\n"));
    std::fs::create_dir_all(book.root().join("content/fr/images")).unwrap();
    book.write("content/fr/images/logo.png", b"\x89PNG");
    let run = build(&book, &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert_has(&run.stderr(), &["warning[empty-locale]", "content/fr"]);
    good_pages_built(&book);
    let home = book.page("fr/index.html");
    assert_eq!(home.attr("html", "lang"), "fr");
    // The switcher of a page offers the empty locale's home.
    let es = book.page(ES_GOOD);
    assert_eq!(es.attr(".lang-switch a[hreflang=fr]", "href"), "../fr/index.html");
    // A locale whose folder does not exist: an error naming it, the others still built.
    let book = base();
    book.write("book.toml", format!("{BOOK_TOML}\n[locales.fr]\nname = \"Français\"\ncontent = \"content/nowhere\"\n"));
    let run = build(&book, &[]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_has(&run.stderr(), &["content/nowhere", "does not exist"]);
    good_pages_built(&book);
}

// ---------------------------------------------------------------- --strict

/// Path → hash of every file under `dir`.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, u64> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(e.path()).unwrap().hash(&mut h);
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), h.finish())
        })
        .collect()
}

/// How many files of a snapshot are not the search index's (whose files are named
/// by their contents, so their number changes with the text).
fn outside_search_index(files: &BTreeMap<PathBuf, u64>) -> usize {
    files.keys().filter(|p| !p.components().any(|c| c.as_os_str() == "search-index")).count()
}

/// Entries beside the site that a build left behind (`.site.polybook-…`).
fn leftovers(book: &Book) -> Vec<String> {
    std::fs::read_dir(book.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("polybook-"))
        .collect()
}

#[test]
fn strict_with_one_warning_leaves_the_previous_site_untouched() {
    let book = base();
    let run = build(&book, &["--strict"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let before = snapshot(&book.site());
    assert!(before.len() > 5);
    book.write(
        "content/es-es/good.md",
        "---\ntitle: Cambiado\nms:assetid: 11111111-1111-1111-1111-111111111111\n---\n# Cambiado\n\n[roto](nowhere.md)\n",
    );
    let run = build(&book, &["--strict"]);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "{err}");
    // The warning itself is printed, then why nothing was written.
    assert_has(&err, &["warning[broken-link]", "good.md:7:8", "(0 errors, 1 warning)", "--strict", "not written"]);
    let check = book.run(&["check", "--strict"]);
    no_panic(&check);
    assert_eq!(check.code(), 1);
    assert_has(&check.stderr(), &["warning[broken-link]", "good.md:7:8"]);
    assert_eq!(snapshot(&book.site()), before, "the site is untouched");
    assert_eq!(text(&book.page(ES_GOOD).one("article h1")), "Bueno");
    assert!(leftovers(&book).is_empty(), "{:?}", leftovers(&book));
    // Without --strict the warning does not fail.
    assert_eq!(build(&book, &[]).code(), 0);
    assert_eq!(text(&book.page(ES_GOOD).one("article h1")), "Cambiado");
}

// ---------------------------------------------------------------- atomic output

const PAGES_PER_LOCALE: usize = 1_500;

/// 3,000 small pages (1,500 per locale), every one carrying `version`.
fn write_large_book(book: &Book, version: &str) {
    let filler = "Relleno de la página para que escribir el sitio lleve un rato. ".repeat(30);
    for (locale, word) in [("es-es", "Página"), ("zh-CN", "页面")] {
        let dir = book.root().join("content").join(locale).join("p");
        std::fs::create_dir_all(&dir).unwrap();
        let mut toc = String::new();
        for i in 0..PAGES_PER_LOCALE {
            let next = (i + 1) % PAGES_PER_LOCALE;
            std::fs::write(
                dir.join(format!("page{i:04}.md")),
                format!(
                    "---\ntitle: {word} {i}\nms:assetid: {i:08x}-0000-0000-0000-000000000000\n---\n# {word} {i}\n\n{version} [siguiente](page{next:04}.md)\n\n{filler}\n"
                ),
            )
            .unwrap();
            toc.push_str(&format!("- name: {word} {i}\n  href: p/page{i:04}.md\n"));
        }
        std::fs::write(book.root().join("content").join(locale).join("toc.yml"), toc).unwrap();
    }
}

fn large_book() -> Book {
    let book = Book::empty();
    book.write("book.toml", BOOK_TOML);
    write_large_book(&book, "versión-uno");
    book
}

#[test]
fn a_killed_build_leaves_the_previous_site_intact() {
    #[cfg(unix)]
    use std::os::unix::process::ExitStatusExt;
    let book = large_book();
    let run = build(&book, &["--strict"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let before = snapshot(&book.site());
    assert!(before.len() > 2 * PAGES_PER_LOCALE, "{} files", before.len());

    let mut killed_mid_write = 0;
    for attempt in 0..5 {
        write_large_book(&book, &format!("versión-dos-{attempt}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_polybook"))
            .args(["build", "-q"])
            .current_dir(book.root())
            .spawn()
            .expect("spawn polybook");
        let staging = book.root().join(format!(".site.polybook-tmp-{}", child.id()));
        // Wait until the build is writing its pages into the staging folder, then kill it.
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut seen = false;
        while Instant::now() < deadline {
            if staging.join("es-es/p/page0000.html").exists() {
                seen = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        child.kill().expect("kill");
        let status = child.wait().unwrap();
        if seen && status.signal() == Some(9) && staging.exists() {
            killed_mid_write += 1;
            let written = snapshot(&staging).len();
            eprintln!(
                "killed mid-write on attempt {}: {written} of {} files in the staging folder",
                attempt + 1,
                before.len()
            );
            assert!(written > 0);
            // The previous site, whole: same files, same bytes, none half-written.
            let after = snapshot(&book.site());
            assert_eq!(after.len(), before.len(), "file count");
            assert!(after == before, "the previous site changed");
            let page = book.page("es-es/p/page0007.html");
            assert!(text(&page.select("article p")[0]).starts_with("versión-uno"));
            break;
        }
        // The build finished before the kill: what is there must be one whole new site.
        assert_eq!(outside_search_index(&snapshot(&book.site())), outside_search_index(&before));
        assert!(
            text(&book.page("es-es/p/page0007.html").select("article p")[0])
                .starts_with(&format!("versión-dos-{attempt}"))
        );
        // Start over from a previous site of known content.
        write_large_book(&book, "versión-uno");
        assert_eq!(build(&book, &["-q"]).code(), 0);
        assert!(snapshot(&book.site()) == before);
    }
    assert_eq!(killed_mid_write, 1, "no kill landed mid-write in 5 attempts");
    assert!(!leftovers(&book).is_empty(), "the killed build left its staging folder");

    // The next build removes the dead build's staging folder and writes the new site.
    let run = build(&book, &[]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(leftovers(&book).is_empty(), "{:?}", leftovers(&book));
    assert_eq!(outside_search_index(&snapshot(&book.site())), outside_search_index(&before));
    assert!(text(&book.page("es-es/p/page0007.html").select("article p")[0]).starts_with("versión-dos"));
}

#[test]
fn dangerous_destinations_are_refused_and_nothing_is_deleted() {
    let book = base();
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("precious.txt"), "mine").unwrap();
    let home_dest = home.path().to_string_lossy().into_owned();
    let book_dest = book.root().to_string_lossy().into_owned();
    let cases: [(&str, &str); 7] = [
        (".", "book folder"),
        (&book_dest, "book folder"),
        ("content", "content folder"),
        ("content/es-es", "content folder"),
        ("content/zh-CN/sub", "content folder"),
        ("/", "file-system root"),
        (&home_dest, "home folder"),
    ];
    let files_before = snapshot(book.root());
    for (dest, reason) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_polybook"))
            .args(["build", "--dest", dest])
            .current_dir(book.root())
            .env("NO_COLOR", "1")
            .env("HOME", home.path())
            .output()
            .expect("run polybook");
        let run = Run { output };
        no_panic(&run);
        assert_eq!(run.code(), 2, "--dest {dest}: {}", run.stderr());
        assert_has(&run.stderr(), &["refusing to write the site", reason]);
        assert_eq!(snapshot(book.root()), files_before, "--dest {dest} changed the book");
        assert_eq!(std::fs::read_to_string(home.path().join("precious.txt")).unwrap(), "mine");
        assert!(leftovers(&book).is_empty());
        assert_eq!(std::fs::read_dir(home.path()).unwrap().count(), 1);
    }
    // A destination that is a file.
    book.write("notes.txt", "keep");
    let run = build(&book, &["--dest", "notes.txt"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert_eq!(std::fs::read_to_string(book.root().join("notes.txt")).unwrap(), "keep");
    // And an ordinary one works.
    let run = build(&book, &["--dest", "out/site"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(book.root().join("out/site/es-es/good.html").is_file());
}
