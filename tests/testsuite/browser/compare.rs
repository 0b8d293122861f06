//! The side-by-side view in the browser: reached from an article, the two versions
//! shown in the order asked for, aligned sections starting at the same height, the
//! pickers swapping versions and the page's language, and all of it without a
//! server (file://) and without the script (every version shown).

use serde_json::{Value, json};

use super::webdriver::{Browser, Options, tools};
use super::{ZH_FIRST, site, url};

const VIEW: &str = "compare/es-es/guide/primeros-pasos.html";

/// What the view shows: the page's language, its heading, the visible columns in
/// order, and the hash.
fn shown(b: &Browser) -> Value {
    b.js(
        "var cols = Array.from(document.querySelectorAll('.compare thead th'))
             .filter(function (th) { return th.getClientRects().length > 0; })
             .map(function (th) { return th.dataset.locale; });
         return { lang: document.documentElement.lang, h1: document.querySelector('h1').textContent,
                  columns: cols, hash: decodeURIComponent(location.hash) };",
        &[],
    )
}

/// The top of an element of the view, by id.
fn top(b: &Browser, id: &str) -> f64 {
    b.js("return document.getElementById(arguments[0]).getBoundingClientRect().top", &[json!(id)])
        .as_f64()
        .unwrap_or_else(|| panic!("no element #{id}"))
}

#[test]
fn compare_view_aligns_sections_and_swaps_versions() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());

    // From the zh-CN article: its link opens the view with zh-CN on the left.
    b.goto(&url(&book, ZH_FIRST));
    let link = b.find(".compare-link a");
    assert_eq!(b.text(&link), "与Español并排对照");
    b.click(&link);
    assert_eq!(b.wait_for_page(VIEW), "#zh-cn,es-es");
    assert_eq!(
        shown(&b),
        json!({ "lang": "zh-CN", "h1": "并排对照", "columns": ["zh-cn", "es-es"], "hash": "#zh-cn,es-es" })
    );

    // Matching sections start at the same height, though es-es's first section is
    // much longer (a note, an image, a list with code) than zh-CN's.
    for (zh, es) in [("zh-cn:开始之前", "es-es:antes-de-empezar"), ("zh-cn:配置", "es-es:configuración")] {
        let (tz, te) = (top(&b, zh), top(&b, es));
        assert!((tz - te).abs() <= 1.0, "{zh} at {tz}px, {es} at {te}px");
    }
    // The same code (`$cred = Get-Credential`) sits in the same row, at the same height.
    let code = b.js(
        "return Array.from(document.querySelectorAll('.compare td pre.code')).filter(function (pre) {
           return pre.textContent.indexOf('$cred = Get-Credential') === 0;
         }).map(function (pre) {
           return { locale: pre.closest('td').dataset.locale, row: pre.closest('tr').rowIndex,
                    top: Math.round(pre.getBoundingClientRect().top) };
         });",
        &[],
    );
    let code = code.as_array().unwrap();
    assert_eq!(code.len(), 2, "{code:?}");
    assert_eq!(code[0]["row"], code[1]["row"], "{code:?}");
    assert!((code[0]["top"].as_i64().unwrap() - code[1]["top"].as_i64().unwrap()).abs() <= 1, "{code:?}");
    // Without the rows, 配置 would be far above Configuración: the test can fail.
    let heights = b.js(
        "return ['es-es:antes-de-empezar', 'zh-cn:开始之前'].map(function (id) {
           var h = document.getElementById(id), td = h.closest('td');
           var last = td.querySelector(':scope > :last-child');
           while (last && last.lastElementChild && last.tagName === 'DIV' && !last.className) last = last.lastElementChild;
           return last.getBoundingClientRect().bottom - h.getBoundingClientRect().top;
         })",
        &[],
    );
    assert!(heights[0].as_f64().unwrap() > heights[1].as_f64().unwrap() + 50.0, "{heights}");

    // Links inside a version go to that version's pages; its copy buttons work there.
    let href = b.js("return document.querySelector('td[data-locale=zh-cn] a[href$=\"start.html\"]').href", &[]);
    assert!(href.as_str().unwrap().ends_with("/site/zh-cn/guide/start.html"), "{href}");
    let labels = b.js(
        "return Array.from(document.querySelectorAll('td .code-block > .copy-button')).map(function (b) {
           return [b.closest('td').dataset.locale, b.textContent];
         })",
        &[],
    );
    let mut labels: Vec<(String, String)> = serde_json::from_value(labels).unwrap();
    labels.sort();
    let expected =
        [("es-es", "Copiar"), ("es-es", "Copiar"), ("zh-cn", "复制")].map(|(l, t)| (l.to_owned(), t.to_owned()));
    assert_eq!(labels, expected, "copy buttons in each version's language");

    // Picking Español on the left swaps the columns, the page's language and strings.
    b.js(
        "var s = document.querySelector('select[name=left]'); s.value = 'es-es';
         s.dispatchEvent(new Event('change', { bubbles: true }));",
        &[],
    );
    assert_eq!(
        shown(&b),
        json!({ "lang": "es-ES", "h1": "En paralelo", "columns": ["es-es", "zh-cn"], "hash": "#es-es,zh-cn" })
    );
    let (tz, te) = (top(&b, "zh-cn:配置"), top(&b, "es-es:configuración"));
    assert!((tz - te).abs() <= 1.0, "after the swap: {tz} {te}");
    let pick = b.js(
        "return [document.querySelector('select[name=left]').value, document.querySelector('select[name=right]').value]",
        &[],
    );
    assert_eq!(pick, json!(["es-es", "zh-cn"]));
}

#[test]
fn compare_view_shows_every_version_without_javascript() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options { no_javascript: true, ..Options::default() });
    b.goto(&format!("{}#zh-cn,es-es", url(&book, VIEW)));
    let state = b.js(
        "return { columns: Array.from(document.querySelectorAll('.compare thead th')).filter(function (th) {
                     return th.getClientRects().length > 0; }).map(function (th) { return th.dataset.locale; }),
                  picker: document.querySelector('.compare-pick').getClientRects().length > 0 };",
        &[],
    );
    assert_eq!(state, json!({ "columns": ["es-es", "zh-cn"], "picker": false }));
    let (tz, te) = (top(&b, "zh-cn:配置"), top(&b, "es-es:configuración"));
    assert!((tz - te).abs() <= 1.0, "{tz} {te}");
}

/// On a phone the two versions of a section follow one another, each as wide as the
/// screen, and the pickers stay in the one-line header.
#[test]
fn compare_view_stacks_versions_on_a_phone() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    b.viewport(390, 844);
    b.goto(&format!("{}#zh-cn,es-es", url(&book, VIEW)));
    let layout = b.js(
        "var zh = document.getElementById('zh-cn:配置').closest('td').getBoundingClientRect();
         var es = document.getElementById('es-es:configuración').closest('td').getBoundingClientRect();
         var bar = document.querySelector('.topbar').getBoundingClientRect();
         var pick = document.querySelector('.compare-pick').getBoundingClientRect();
         var d = document.documentElement;
         return { stacked: zh.bottom <= es.top + 1, widths: [Math.round(zh.width), Math.round(es.width)],
                  header: Math.round(bar.height), pick_inside: pick.right <= bar.right && pick.height > 0,
                  sideways: d.scrollWidth - d.clientWidth };",
        &[],
    );
    assert_eq!(layout["stacked"], true, "{layout}");
    for w in layout["widths"].as_array().unwrap() {
        assert!(w.as_i64().unwrap() >= 300, "{layout}");
    }
    assert!(layout["header"].as_i64().unwrap() < 60, "the header wraps: {layout}");
    assert_eq!(layout["pick_inside"], true, "{layout}");
    assert_eq!(layout["sideways"], 0, "{layout}");
}
