//! Real-browser tests: headless Chromium driven through chromedriver's WebDriver
//! HTTP protocol, on the built `bilingual` fixture opened through `file://` URLs.
//!
//! The WebDriver client is the few lines of HTTP/1.1 below (std `TcpStream` and
//! `serde_json`), so the suite needs no browser-automation crate. Every test builds
//! its own site, starts its own chromedriver on a free port and its own browser
//! session with a fresh profile; `Drop` ends the session (which quits Chromium) and
//! then kills chromedriver, also when an assertion panics.
//!
//! When chromium or chromedriver is missing the tests print
//! `SKIPPED: chromium/chromedriver not installed` and pass, except when `CI` is set:
//! CI installs both, so there a missing browser is a failure.

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Book, fixtures, percent_decode};

mod a11y;
mod compare;
mod drawer;
pub(crate) mod http;
mod live;
mod screenshots;
pub(crate) mod search;
mod sections;
pub(crate) mod webdriver;
use webdriver::*;

const ES_FIRST: &str = "es-es/guide/primeros-pasos.html";
const ZH_FIRST: &str = "zh-cn/guide/first-steps.html";
const ZH_ONLY: &str = "zh-cn/guide/only-zh.html";

/// The code blocks of es-es `primeros-pasos.md`, as written in the Markdown: the
/// indented block inside the list item (its 8 columns of indentation are not part of
/// the code) and the fenced block of "Configuración".
const ES_CODE: [&str; 2] =
    ["Get-CsUser -Identity \"kenmyer@litwareinc.com\" | Set-CsUser -Enabled $True\n", "$cred = Get-Credential\n"];
/// The one code block of zh-CN `first-steps.md`, two spaces before the comment included.
const ZH_CODE: [&str; 1] = ["$cred = Get-Credential  # 获取凭据\n"];

/// How long to wait for something the page does by itself.
pub(crate) const PATIENCE: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// The site
// ---------------------------------------------------------------------------

/// The bilingual fixture, built.
fn site() -> Book {
    let book = Book::fixture("bilingual");
    book.build();
    book
}

/// The `file://` URL of a built page.
fn url(book: &Book, rel: &str) -> String {
    let path = book.site().join(rel);
    let path = path.canonicalize().unwrap_or(path);
    let mut url = String::from("file://");
    for b in path.to_str().expect("UTF-8 temp path").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(char::from(b));
        } else {
            write!(url, "%{b:02X}").expect("write to string");
        }
    }
    url
}

/// Scrolls so heading `id` is at the top of the viewport and returns its top. The
/// fixture article is shorter than a screen, so the body gets room below it first,
/// as a real article would have.
fn scroll_heading_to_top(b: &Browser, id: &str) -> f64 {
    let top = b.js(
        "document.body.style.paddingBottom = '200vh';
         var h = document.getElementById(arguments[0]);
         h.scrollIntoView({ block: 'start' });
         return h.getBoundingClientRect().top;",
        &[json!(id)],
    );
    let top = top.as_f64().expect("heading top");
    assert!((-1.0..=80.0).contains(&top), "{id} is at {top}px, not at the top");
    top
}

/// Opens the switcher and activates a link without moving the page: the `click()`
/// of the DOM runs the page's click handler and then follows the link, as a
/// pointer click would, but without WebDriver scrolling the link into view.
fn switch_in_place(b: &Browser, hreflang: &str) {
    b.js(
        "document.querySelector('.lang-switch details').open = true;
         document.querySelector('.lang-switch a[hreflang=\"' + arguments[0] + '\"]').click();",
        &[json!(hreflang)],
    );
}

/// The hash, checked to name an element of the current page.
fn assert_hash_targets_an_element(b: &Browser, hash: &str) {
    let found = b.js("return document.getElementById(arguments[0]) !== null", &[json!(hash.trim_start_matches('#'))]);
    assert_eq!(found, true, "{hash} names no element of the page");
}

// ---------------------------------------------------------------------------
// 1. Copy buttons
// ---------------------------------------------------------------------------

/// Every `pre.code` has a copy button, labelled in the page's language.
fn copy_buttons(b: &Browser, label: &str) -> Vec<Element> {
    let labels = b.js(
        "return Array.from(document.querySelectorAll('pre.code')).map(function (pre) {
           var button = pre.parentElement.querySelector(':scope > .copy-button');
           return button ? button.textContent : null;
         })",
        &[],
    );
    let labels = labels.as_array().expect("labels");
    assert!(!labels.is_empty(), "no pre.code on the page");
    for l in labels {
        assert_eq!(l, label, "copy buttons: {labels:?}");
    }
    let buttons = b.find_all(".code-block > pre.code + .copy-button");
    assert_eq!(buttons.len(), labels.len());
    buttons
}

/// Waits for the button to say `copied` (and carry the `copied` class).
fn wait_for_copied_label(b: &Browser, button: &Element, copied: &str) {
    b.wait(&format!("the label {copied:?}"), |b| {
        let text = b.text(button);
        let class = b.attribute(button, "class").unwrap_or_default();
        if text == copied && class.split(' ').any(|c| c == "copied") {
            Ok(())
        } else {
            Err(format!("{text:?} class={class:?}"))
        }
    });
}

/// The strings given to the clipboard so far (see the stubs below).
fn recorded(b: &Browser, var: &str) -> Vec<Value> {
    let v = b.js(&format!("return window.{var} || []"), &[]);
    v.as_array().expect("recorded").clone()
}

#[test]
fn copy_button_copies_the_exact_source_through_the_clipboard_api() {
    let Some(tools) = tools() else { return };
    let book = site();
    // The expected strings really are the fixture's code (a line of its source).
    let es_md =
        std::fs::read_to_string(fixtures().join("bilingual/content/es-es/guide/primeros-pasos.md")).expect("fixture");
    let zh_md =
        std::fs::read_to_string(fixtures().join("bilingual/content/zh-CN/guide/first-steps.md")).expect("fixture");
    for code in ES_CODE {
        assert!(es_md.contains(code.trim_end()), "{code:?}");
    }
    assert!(zh_md.contains(ZH_CODE[0]), "{:?}", ZH_CODE[0]);

    let b = Browser::start(&tools, Options::default());
    for (rel, codes, copy, copied) in
        [(ES_FIRST, &ES_CODE[..], "Copiar", "Copiado"), (ZH_FIRST, &ZH_CODE[..], "复制", "已复制")]
    {
        b.goto(&url(&book, rel));
        let buttons = copy_buttons(&b, copy);
        assert_eq!(buttons.len(), codes.len(), "{rel}");
        // file:// is a secure context, so the script takes the Clipboard API path.
        b.js(
            "window.copiedTexts = [];
             navigator.clipboard.writeText = function (text) {
               window.copiedTexts.push(text);
               return Promise.resolve();
             };",
            &[],
        );
        for (i, (button, code)) in buttons.iter().zip(codes).enumerate() {
            b.click(button);
            let texts = b.wait("writeText", |b| {
                let texts = recorded(b, "copiedTexts");
                if texts.len() > i { Ok(texts) } else { Err(format!("{texts:?}")) }
            });
            assert_eq!(texts.len(), i + 1, "{rel}: one click, one copy: {texts:?}");
            assert_eq!(texts[i], *code, "{rel}: block {i}");
            wait_for_copied_label(&b, button, copied);
        }
    }
}

#[test]
fn copy_button_fallback_copies_the_selected_textarea() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    // The script falls back when there is no Clipboard API or when the page is not a
    // secure context (plain http): try both, and a refused copy.
    let disable_clipboard_api = [
        "Object.defineProperty(window, 'isSecureContext', { value: false, configurable: true });",
        "Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });",
    ];
    for (disable, rel, i, code, copy, copied) in [
        (disable_clipboard_api[0], ES_FIRST, 0, ES_CODE[0], "Copiar", "Copiado"),
        (disable_clipboard_api[1], ZH_FIRST, 0, ZH_CODE[0], "复制", "已复制"),
    ] {
        b.goto(&url(&book, rel));
        let buttons = copy_buttons(&b, copy);
        b.js(
            &format!(
                "window.copiedTexts = [];
                 if (navigator.clipboard) navigator.clipboard.writeText = function (text) {{
                   window.copiedTexts.push(text);
                   return Promise.resolve();
                 }};
                 {disable}
                 window.execCopies = [];
                 document.execCommand = function (command) {{
                   var el = document.activeElement;
                   window.execCopies.push({{
                     command: command,
                     tag: el ? el.tagName : null,
                     selected: el && typeof el.selectionStart === 'number'
                       ? el.value.substring(el.selectionStart, el.selectionEnd) : null,
                     value: el ? el.value : null
                   }});
                   return true;
                 }};"
            ),
            &[],
        );
        assert_eq!(
            b.js("return window.isSecureContext && !!navigator.clipboard", &[]),
            false,
            "the Clipboard API is still usable"
        );
        b.click(&buttons[i]);
        let copies = b.wait("execCommand", |b| {
            let copies = recorded(b, "execCopies");
            if copies.is_empty() { Err("none".to_owned()) } else { Ok(copies) }
        });
        assert_eq!(copies.len(), 1, "{rel}: {copies:?}");
        let copy = &copies[0];
        assert_eq!(copy["command"], "copy", "{rel}: {copy}");
        assert_eq!(copy["tag"], "TEXTAREA", "{rel}: {copy}");
        assert_eq!(copy["selected"], code, "{rel}: the whole code is selected");
        assert_eq!(copy["value"], code, "{rel}");
        assert!(recorded(&b, "copiedTexts").is_empty(), "{rel}: writeText used outside a secure context");
        wait_for_copied_label(&b, &buttons[i], copied);
        assert_eq!(
            b.js("return document.querySelectorAll('textarea').length", &[]),
            0,
            "{rel}: the temporary textarea is left in the page"
        );
    }

    // A refused copy (execCommand returns false) must not claim "Copiado".
    b.goto(&url(&book, ES_FIRST));
    let buttons = copy_buttons(&b, "Copiar");
    b.js(
        "Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
         window.refused = 0;
         document.execCommand = function () { window.refused++; return false; };",
        &[],
    );
    b.click(&buttons[1]);
    b.wait("the refused copy", |b| {
        let n = b.js("return window.refused", &[]);
        if n == 1 { Ok(()) } else { Err(n.to_string()) }
    });
    // The click's promise has settled by now: it settles in the click's own task,
    // before WebDriver's script that read `refused` could run.
    assert_eq!(b.text(&buttons[1]), "Copiar", "a refused copy is shown as done");
}

// ---------------------------------------------------------------------------
// 2. Language switch keeps the section
// ---------------------------------------------------------------------------

/// The whole gesture with real clicks: a reader scrolled to "Configuración" opens
/// the switcher and picks 简体中文, and lands on 配置.
///
/// BUG (themes/default/static/style.css): `.topbar` is not sticky, so the switcher
/// scrolls away with the page; to open it the reader (and WebDriver, which scrolls
/// the `<summary>` into view before clicking) goes back to the top of the page,
/// where `currentSectionIndex()` finds no heading above 80 px and the link loses the
/// section. This test fails until the top bar stays on screen.
#[test]
fn language_switch_keeps_the_section_the_reader_scrolled_to() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    b.goto(&url(&book, ES_FIRST));
    // The id is the heading text itself (UTF-8, not percent-encoded) in the HTML.
    scroll_heading_to_top(&b, "configuración");
    b.click(&b.find(".lang-switch summary"));
    b.click(&b.find(".lang-switch a[hreflang=zh-CN]"));
    let hash = b.wait_for_page(ZH_FIRST);
    assert_eq!(
        hash, "#配置",
        "the switcher lost the section (the top bar scrolled away, so opening the \
         switcher scrolled the page back to the top)"
    );
    assert_hash_targets_an_element(&b, &hash);
}

/// The mapping itself: with a heading at the top of the viewport, following the
/// 简体中文 link goes to the zh-CN heading at the same place in the outline
/// (`data-sections`), percent-encoded in the URL.
#[test]
fn language_switch_maps_the_section_at_the_top_of_the_viewport() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    for (es_id, zh_hash) in [("configuración", "#配置"), ("antes-de-empezar", "#开始之前")] {
        b.goto(&url(&book, ES_FIRST));
        scroll_heading_to_top(&b, es_id);
        switch_in_place(&b, "zh-CN");
        let hash = b.wait_for_page(ZH_FIRST);
        assert_eq!(hash, zh_hash, "from {es_id}");
        let raw = b.cmd("GET", "/url", None);
        assert!(raw.as_str().unwrap().contains('%'), "the fragment is percent-encoded: {raw}");
        assert_hash_targets_an_element(&b, &hash);
    }
}

/// Without scrolling, the reader is above the first heading (top bar, breadcrumbs:
/// the `<h1>` starts below the 80 px line), so the link gets no section and the
/// translation opens at its top. That is right: the reader sees the same part of the
/// translation, breadcrumbs and the machine-translation notice included, which
/// `#第一步` would scroll past.
#[test]
fn language_switch_from_the_top_of_the_page_lands_at_the_top() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    b.goto(&url(&book, ES_FIRST));
    let h1_top = b.js("return document.querySelector('article.content h1').getBoundingClientRect().top", &[]);
    assert!(h1_top.as_f64().unwrap() > 80.0, "h1 at {h1_top}");
    b.click(&b.find(".lang-switch summary"));
    b.click(&b.find(".lang-switch a[hreflang=zh-CN]"));
    let hash = b.wait_for_page(ZH_FIRST);
    assert_eq!(hash, "", "no section when the reader is at the top");
    let view = b.js(
        "var n = document.querySelector('.mt-notice').getBoundingClientRect();
         return [window.scrollY, n.top >= 0 && n.bottom <= window.innerHeight];",
        &[],
    );
    assert_eq!(view, json!([0, true]), "[scrollY, notice visible]");
}

/// After following the outline's "Configuración" link the page is scrolled as far as
/// it goes, with the heading in view but lower than 80 px (the article ends below
/// it). The URL says the reader is in that section, and switching should keep it.
///
/// BUG (themes/default/static/polybook.js, `currentSectionIndex`): the `location.hash`
/// branch only accepts the hash's heading when its top is `<= 80`, the same test as
/// the loop above it; headings are in document order, so any heading passing it is
/// already counted and the branch never changes the result (dead code). Here the
/// reader lands on `#开始之前`. Suggested fix: in that branch, accept the hash's
/// heading when it is in the viewport (`top >= 0 && top < window.innerHeight`).
/// This test fails until then.
#[test]
fn language_switch_keeps_the_section_named_by_the_hash() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    b.goto(&url(&book, ES_FIRST));
    b.click(&b.find("aside.outline a[href=\"#configuración\"]"));
    let hash = b.wait("the outline link", |b| {
        let (_, hash) = b.location();
        if hash.is_empty() { Err(hash) } else { Ok(hash) }
    });
    assert_eq!(hash, "#configuración");
    let top = b.js("return document.getElementById('configuración').getBoundingClientRect().top", &[]);
    let top = top.as_f64().unwrap();
    let height = b.js("return window.innerHeight", &[]).as_f64().unwrap();
    assert!(
        top > 80.0 && top < height,
        "precondition: the heading is in view below the 80 px line ({top}px of {height}px)"
    );
    switch_in_place(&b, "zh-CN");
    let hash = b.wait_for_page(ZH_FIRST);
    assert_eq!(hash, "#配置", "the section named by the URL's hash was not kept (currentSectionIndex ignores it)");
}

// ---------------------------------------------------------------------------
// 3. Untranslated page
// ---------------------------------------------------------------------------

#[test]
fn untranslated_page_offers_the_other_locale_home() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    b.goto(&url(&book, ZH_ONLY));
    let link = b.find(".lang-switch a[hreflang=es-ES]");
    assert!(!b.displayed(&link), "the switcher starts closed");
    b.click(&b.find(".lang-switch summary"));
    assert!(b.displayed(&link), "the switcher opened");
    let text = b.text(&link);
    assert_eq!(text, "Español — 没有Español版本");
    let class = b.attribute(&link, "class").unwrap_or_default();
    assert!(class.split(' ').any(|c| c == "unavailable"), "{class}");
    let title = b.attribute(&link, "title").unwrap_or_default();
    assert!(title.contains("尚未翻译"), "{title}");
    let href = b.property(&link, "href");
    let href = percent_decode(href.as_str().unwrap());
    assert!(href.ends_with("/site/es-es/index.html"), "{href}");
    b.click(&link);
    let hash = b.wait_for_page("es-es/index.html");
    assert_eq!(hash, "");
    assert_eq!(b.title(), "Fixture guide");
    assert_eq!(b.attribute(&b.find("html"), "lang").as_deref(), Some("es-ES"));
}

// ---------------------------------------------------------------------------
// 4. Sidebar
// ---------------------------------------------------------------------------

/// The `data-p` of every link in a locale's `toc.js`, read from the file.
fn toc_paths(book: &Book, locale: &str) -> Vec<String> {
    let js = std::fs::read_to_string(book.site().join(locale).join("toc.js")).expect("toc.js");
    let start = js.find("polybookToc(").expect("polybookToc call") + "polybookToc(".len();
    let end = js.rfind(')').expect("end of call");
    let html: String = serde_json::from_str(&js[start..end]).expect("a JSON string");
    let fragment = scraper::Html::parse_fragment(&html);
    let sel = scraper::Selector::parse("a[data-p]").unwrap();
    fragment.select(&sel).map(|a| a.value().attr("data-p").unwrap().to_owned()).collect()
}

/// The sidebar as the script left it: every link's `data-p`, resolved `href`,
/// `aria-current`, how many entries it is nested in (`depth`), and whether the
/// lists of all those entries are shown (`open`).
fn sidebar_links(b: &Browser) -> Vec<Value> {
    let v = b.js(
        "var sidebar = document.getElementById('sidebar');
         return Array.from(sidebar.querySelectorAll('a[data-p]')).map(function (a) {
           var open = true, depth = 0;
           for (var li = a.parentElement.parentElement.closest('li'); li && sidebar.contains(li);
                li = li.parentElement.closest('li')) {
             depth++;
             open = open && !li.querySelector(':scope > ul').hidden;
           }
           return { p: a.getAttribute('data-p'), href: a.href,
                    current: a.getAttribute('aria-current'), depth: depth, open: open };
         })",
        &[],
    );
    v.as_array().expect("links").clone()
}

#[test]
fn sidebar_shows_the_tree_marks_the_page_and_links_resolve() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    for (locale, rel) in [("es-es", ES_FIRST), ("zh-cn", ZH_ONLY)] {
        let expected = toc_paths(&book, locale);
        assert!(expected.len() >= 3, "{expected:?}");
        b.goto(&url(&book, rel));
        b.wait_for_sidebar();
        let links = sidebar_links(&b);
        let paths: Vec<&str> = links.iter().map(|l| l["p"].as_str().unwrap()).collect();
        assert_eq!(paths, expected, "{rel}: the sidebar is the toc.js tree");
        let current: Vec<&Value> = links.iter().filter(|l| l["current"] == "page").collect();
        assert_eq!(current.len(), 1, "{rel}: {links:?}");
        let here = rel.split_once('/').unwrap().1;
        assert_eq!(current[0]["p"], here, "{rel}");
        assert!(current[0]["depth"].as_u64().unwrap() >= 1, "{rel}: the page is nested in the fixture's tree");
        assert_eq!(current[0]["open"], true, "{rel}: ancestors not open");

        // Every link goes to the page it names.
        for link in &links {
            let p = link["p"].as_str().unwrap();
            let href = link["href"].as_str().unwrap();
            assert!(href.starts_with("file:///"), "{href}");
            b.goto(href);
            b.wait_for_page(&format!("{locale}/{p}"));
            b.wait_for_sidebar();
            let landed = b.js(
                "var a = document.querySelector('#sidebar a[aria-current=page]');
                 var h1 = document.querySelector('article.content h1');
                 return [a && a.getAttribute('data-p'), h1 && h1.textContent];",
                &[],
            );
            assert_eq!(landed[0], p, "{href}");
            let h1 = landed[1].as_str().unwrap_or_default();
            assert!(!h1.is_empty(), "{href}: no article");
            assert!(b.title().starts_with(&format!("{h1} · ")), "{href}: title {:?} for h1 {h1:?}", b.title());
        }
    }

    // A page outside the tree: nothing is current, nothing is opened. (This shows the
    // `open` above comes from the script, not from the markup.)
    b.goto(&url(&book, "es-es/guide/yaml-roto.html"));
    b.wait_for_sidebar();
    for link in sidebar_links(&b) {
        assert!(link["current"].is_null(), "{link}");
        assert!(link["depth"] == 0 || link["open"] == false, "{link}");
    }
}

/// On a small screen the sidebar sits above the article, and loading a page must not
/// scroll the window (that hides the top bar and its language switcher).
///
/// BUG (themes/default/static/polybook.js, end of `polybookToc`):
/// `here.scrollIntoView({ block: "center" })` scrolls every scrollable ancestor,
/// the window included, not only the sidebar. On a 600×400 window the page opens
/// scrolled down (39 px here; up to the sidebar's height with a long tree).
/// Suggested fix: scroll the sidebar box only, e.g.
/// `sidebar.scrollTop += here.getBoundingClientRect().top -
/// sidebar.getBoundingClientRect().top - sidebar.clientHeight / 2`.
/// This test fails until then.
#[test]
fn sidebar_does_not_scroll_the_window_on_a_small_screen() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    b.cmd("POST", "/window/rect", Some(json!({ "width": 600, "height": 400 })));
    b.goto(&url(&book, ZH_ONLY));
    b.wait_for_sidebar();
    let width = b.js("return window.innerWidth", &[]).as_f64().unwrap();
    assert!(width < 768.0, "not the small-screen layout: {width}px");
    let scrolled = b.js("return window.scrollY", &[]);
    assert_eq!(scrolled, 0, "loading the page scrolled the window by {scrolled}px");
}

// ---------------------------------------------------------------------------
// 5. Root redirect
// ---------------------------------------------------------------------------

#[test]
fn root_redirects_by_browser_language_and_remembered_choice() {
    let Some(tools) = tools() else { return };
    let book = site();

    // A Chinese browser goes to zh-cn…
    let b = Browser::start(&tools, Options { languages: Some("zh-CN,zh"), ..Options::default() });
    assert_eq!(b.js("return navigator.languages", &[]), json!(["zh-CN", "zh"]));
    b.goto(&url(&book, "index.html"));
    assert_eq!(b.wait_for_page("zh-cn/index.html"), "");
    // …until the reader picks Español in the switcher (remembered in localStorage;
    // Chromium gives every file:// page the same storage, so it persists across them).
    b.goto(&url(&book, ZH_FIRST));
    b.click(&b.find(".lang-switch summary"));
    b.click(&b.find(".lang-switch a[hreflang=es-ES]"));
    b.wait_for_page(ES_FIRST);
    assert_eq!(b.js("return localStorage.getItem('polybook-locale')", &[]), "es-es");
    b.goto(&url(&book, "index.html"));
    assert_eq!(b.wait_for_page("es-es/index.html"), "", "the remembered choice wins over the browser's language");
    drop(b);

    // A French browser (no French locale) goes to the default, es-es.
    let b = Browser::start(&tools, Options { languages: Some("fr-FR,fr"), ..Options::default() });
    b.goto(&url(&book, "index.html"));
    assert_eq!(b.wait_for_page("es-es/index.html"), "");
    assert_eq!(
        b.js("return localStorage.getItem('polybook-locale')", &[]),
        Value::Null,
        "a fresh profile has no remembered choice"
    );
}

// ---------------------------------------------------------------------------
// 6. Without JavaScript
// ---------------------------------------------------------------------------

#[test]
fn switcher_and_article_work_without_javascript() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options { no_javascript: true, ..Options::default() });
    b.goto(&url(&book, ES_FIRST));
    // Precondition: the page's scripts did not run (WebDriver's own script still does).
    let ran = b.js(
        "return [document.querySelectorAll('.copy-button').length,
                 document.querySelectorAll('#sidebar a[data-p]').length]",
        &[],
    );
    assert_eq!(ran, json!([0, 0]), "[copy buttons, sidebar links]: JavaScript ran");
    assert!(!b.displayed(&b.find(".theme-toggle")), "the theme toggle needs JavaScript and must stay hidden");

    // The article is there and on screen.
    let h1 = b.find("article.content h1");
    assert!(b.displayed(&h1));
    assert_eq!(b.text(&h1), "Primeros pasos");
    let on_top = b.js(
        "var h = arguments[0], r = h.getBoundingClientRect();
         var hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
         return r.width > 100 && h.contains(hit);",
        &[h1.json()],
    );
    assert_eq!(on_top, true, "the heading is covered or squeezed");
    let article = b.text(&b.find("article.content"));
    for part in ["Antes de empezar", "Configuración", "Esto es una nota."] {
        assert!(article.contains(part), "{part} not readable in {article:?}");
    }
    for code in b.find_all("pre.code") {
        assert!(b.displayed(&code));
    }
    assert!(article.contains(ES_CODE[0].trim_end()), "{article:?}");

    // Without the script's tree, the sidebar still links to the locale's contents.
    let home = b.find("#sidebar > p > a");
    assert!(b.displayed(&home));
    let href = b.property(&home, "href");
    assert!(href.as_str().unwrap().ends_with("/site/es-es/index.html"), "{href}");

    // The switcher is a plain <details>: it opens and its links are plain links.
    let details = b.find(".lang-switch details");
    let zh = b.find(".lang-switch a[hreflang=zh-CN]");
    assert_eq!(b.property(&details, "open"), false);
    assert!(!b.displayed(&zh));
    b.click(&b.find(".lang-switch summary"));
    assert_eq!(b.property(&details, "open"), true);
    assert!(b.displayed(&zh));
    b.click(&zh);
    assert_eq!(b.wait_for_page(ZH_FIRST), "");
    let h1 = b.find("article.content h1");
    assert!(b.displayed(&h1));
    assert_eq!(b.text(&h1), "第一步");
}

// ---------------------------------------------------------------------------
// 6. polybook serve: live reload
// ---------------------------------------------------------------------------

/// `polybook serve` running on a free port; killed when dropped.
struct Served(std::process::Child, u16);

impl Served {
    fn start(book: &Book) -> Served {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_polybook"))
            .args(["serve", "-q", "--port", &port.to_string()])
            .current_dir(book.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn polybook serve");
        let served = Served(child, port);
        let deadline = std::time::Instant::now() + PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "polybook serve did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        served
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn served_page_reloads_itself_after_an_edit() {
    let Some(tools) = tools() else { return };
    let book = Book::fixture("bilingual");
    let served = Served::start(&book);
    let b = Browser::start(&tools, Options::default());
    b.goto(&format!("http://127.0.0.1:{}/{ES_FIRST}", served.1));
    assert_eq!(b.text(&b.find("article.content h1")), "Primeros pasos");
    // A mark that only this load of the page carries.
    b.js("window.polybookTestMark = true;", &[]);
    std::thread::sleep(Duration::from_millis(1100));
    let source = book.root().join("content/es-es/guide/primeros-pasos.md");
    let text = std::fs::read_to_string(&source).unwrap().replace("# Primeros pasos", "# Primeros pasos, editado");
    std::fs::write(&source, text).unwrap();
    b.wait("the page to reload with the edit", |b| {
        let state = b.js(
            "var h = document.querySelector('article.content h1');
             return [h ? h.textContent : null, window.polybookTestMark === true];",
            &[],
        );
        if state == json!(["Primeros pasos, editado", false]) { Ok(()) } else { Err(state.to_string()) }
    });
}
