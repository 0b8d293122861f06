//! Accessibility in the browser: axe-core on every kind of page (article, locale
//! home, status dashboard, 404), both locales, light and dark; the navigation
//! tree operated with the keyboard.
//!
//! axe-core comes from the npm registry (CI runs `npm install` into
//! `target/npm`, see `.ci/run`); it is never part of the repository. The tests read
//! `axe.min.js` from `$AXE_CORE_JS`, else `target/npm/node_modules/axe-core/`. When
//! it is absent they print `SKIPPED: axe-core not installed` and pass, except when
//! `CI` is set.

use std::path::PathBuf;

use serde_json::{Value, json};

use super::webdriver::{Browser, Options, keys, tools};
use super::{ES_FIRST, ZH_FIRST, site, url};
use crate::support::Book;

/// axe-core's script, or `None` after printing the skip message; panics under `CI`.
pub(crate) fn axe_source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE_JS").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/npm/node_modules/axe-core/axe.min.js")
    });
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but axe-core is not at {} ({e}): run `npm install --prefix target/npm axe-core`",
                path.display()
            );
            eprintln!(
                "SKIPPED: axe-core not installed ({}); `npm install --prefix target/npm axe-core` to run the accessibility tests",
                path.display()
            );
            None
        }
    }
}

/// Runs axe-core on the loaded page and returns its serious and critical violations
/// as `rule: help (targets…)` lines.
pub(crate) fn serious_violations(b: &Browser, axe: &str) -> Vec<String> {
    if b.js("return typeof window.axe", &[]) != "object" {
        b.js(&format!("{axe}\n;return true;"), &[]);
    }
    let result = b.js_async(
        "var done = arguments[arguments.length - 1];
         axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
           done(r.violations.map(function (v) {
             return { id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.map(function (n) { return n.target.join(' '); }) };
           }));
         }, function (e) { done({ error: String(e) }); });",
        &[],
    );
    assert!(result.get("error").is_none(), "axe.run failed: {result}");
    result
        .as_array()
        .expect("violations")
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| {
            let nodes: Vec<&str> = v["nodes"].as_array().unwrap().iter().filter_map(Value::as_str).take(5).collect();
            format!(
                "{} [{}] {}: {} node(s), e.g. {nodes:?}",
                v["id"],
                v["impact"],
                v["help"],
                v["nodes"].as_array().unwrap().len()
            )
        })
        .collect()
}

/// The page kinds, in both locales where the site has them per locale, and the
/// side-by-side view with either version on the left.
const PAGES: [&str; 9] = [
    ES_FIRST,
    ZH_FIRST,
    "es-es/index.html",
    "zh-cn/index.html",
    "status.html",
    "es-es/404.html",
    "zh-cn/404.html",
    "compare/es-es/guide/primeros-pasos.html#es-es,zh-cn",
    "compare/es-es/guide/primeros-pasos.html#zh-cn,es-es",
];

/// The bilingual fixture, its zh-CN article ending with a table wider than any
/// screen (as the corpus's parameter tables are): a scroll box that keyboard
/// readers must reach.
fn site_with_wide_table() -> Book {
    let book = Book::fixture("bilingual");
    let rel = "content/zh-CN/guide/first-steps.md";
    let mut text = std::fs::read_to_string(book.root().join(rel)).expect("fixture");
    text.push_str(&format!(
        "\n| 参数 | 值 |\n|---|---|\n| `-TargetFqdn` | `{}` |\n",
        "LitwareincPolicyAssignment".repeat(12)
    ));
    book.write(rel, text);
    book.build();
    book
}

#[test]
fn axe_finds_no_serious_violation_on_any_page_kind_light_and_dark() {
    let Some(tools) = tools() else { return };
    let Some(axe) = axe_source() else { return };
    let book = site_with_wide_table();
    let b = Browser::start(&tools, Options::default());
    let mut failures = Vec::new();
    for rel in PAGES {
        for theme in ["light", "dark"] {
            let (path, hash) = rel.split_once('#').unwrap_or((rel, ""));
            b.goto(&format!("{}#{hash}", url(&book, path)));
            b.js("document.documentElement.dataset.theme = arguments[0];", &[json!(theme)]);
            if rel.ends_with("first-steps.html") || rel.ends_with("primeros-pasos.html") {
                b.wait_for_sidebar();
            }
            if rel == ZH_FIRST {
                let wide =
                    b.js("var t = document.querySelector('.content table'); return t.scrollWidth > t.clientWidth", &[]);
                assert_eq!(wide, true, "precondition: the table scrolls");
            }
            for v in serious_violations(&b, &axe) {
                failures.push(format!("{rel} ({theme}): {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "axe-core, serious or critical:\n{}", failures.join("\n"));
}

/// The same on a phone: the drawer open (the tree over the page) and closed.
#[test]
fn axe_finds_no_serious_violation_in_the_phone_drawer() {
    let Some(tools) = tools() else { return };
    let Some(axe) = axe_source() else { return };
    let book = site_with_wide_table();
    let b = Browser::start(&tools, Options::default());
    b.viewport(390, 844);
    let mut failures = Vec::new();
    for theme in ["light", "dark"] {
        b.goto(&url(&book, ZH_FIRST));
        b.js("document.documentElement.dataset.theme = arguments[0];", &[json!(theme)]);
        b.wait_for_sidebar();
        b.click(&b.find(".menu-toggle"));
        for v in serious_violations(&b, &axe) {
            failures.push(format!("drawer ({theme}): {v}"));
        }
    }
    assert!(failures.is_empty(), "axe-core, serious or critical:\n{}", failures.join("\n"));
}

/// The focused element: its text, `aria-expanded`, class and tag.
fn focused(b: &Browser) -> Value {
    b.js(
        "var e = document.activeElement;
         return { tag: e.tagName, text: e.textContent || e.getAttribute('aria-label'),
                  label: e.getAttribute('aria-label'), expanded: e.getAttribute('aria-expanded'),
                  outline: getComputedStyle(e).outlineStyle };",
        &[],
    )
}

/// Whether the sidebar shows a link to `data-p`.
fn shown(b: &Browser, p: &str) -> bool {
    b.js(
        "var a = document.querySelector('#sidebar a[data-p=\"' + arguments[0] + '\"]');
         return !!a && a.getClientRects().length > 0;",
        &[json!(p)],
    )
    .as_bool()
    .unwrap()
}

/// The tree's markup after the script: expand buttons beside (not around) links,
/// `aria-expanded` and `aria-controls` right, the current page marked; and the
/// keyboard: Tab reaches buttons and links with a visible focus ring, Enter on a
/// button toggles its list, arrows move through visible entries and open and
/// close branches.
#[test]
fn tree_is_operable_with_the_keyboard() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    b.goto(&url(&book, ES_FIRST));
    b.wait_for_sidebar();

    // No interactive element inside another; each button controls its sibling list.
    let markup = b.js(
        "var s = document.getElementById('sidebar');
         var nested = s.querySelectorAll('a a, a button, button a, summary a, summary button').length;
         var buttons = Array.from(s.querySelectorAll('.toc-toggle')).map(function (t) {
           var list = document.getElementById(t.getAttribute('aria-controls'));
           return { ok: !!list && list.parentElement === t.parentElement && list.tagName === 'UL',
                    expanded: t.getAttribute('aria-expanded'), hidden: list ? list.hidden : null };
         });
         return { nested: nested, buttons: buttons, details: s.querySelectorAll('details').length };",
        &[],
    );
    assert_eq!(markup["nested"], 0, "{markup}");
    assert_eq!(markup["details"], 0, "{markup}");
    let buttons = markup["buttons"].as_array().unwrap();
    assert!(!buttons.is_empty(), "{markup}");
    for t in buttons {
        assert_eq!(t["ok"], true, "{markup}");
        assert_eq!(t["hidden"] == true, t["expanded"] == "false", "aria-expanded disagrees with the list: {markup}");
    }

    // Tab from the sidebar's first link (Contents) reaches the first branch's button.
    b.js("document.querySelector('#sidebar > p > a').focus();", &[]);
    b.press(&[keys::TAB]);
    let f = focused(&b);
    assert_eq!(f["tag"], "BUTTON", "{f}");
    assert_eq!(f["label"], "Inicio", "{f}");
    assert_ne!(f["outline"], "none", "no visible focus: {f}");
    // The page is under Inicio, so it starts expanded; Enter collapses it.
    assert_eq!(f["expanded"], "true", "{f}");
    assert!(shown(&b, "guide/primeros-pasos.html"));
    b.press(&[keys::ENTER]);
    assert_eq!(focused(&b)["expanded"], "false");
    assert!(!shown(&b, "guide/primeros-pasos.html"), "collapsed, the child still shows");
    b.press(&[keys::SPACE]);
    assert_eq!(focused(&b)["expanded"], "true");
    assert!(shown(&b, "guide/primeros-pasos.html"));
    // Tab goes on to the branch's link, then into its children.
    b.press(&[keys::TAB]);
    let f = focused(&b);
    assert_eq!((f["tag"].as_str(), f["text"].as_str()), (Some("A"), Some("Inicio")), "{f}");
    assert_ne!(f["outline"], "none", "no visible focus: {f}");

    // Arrows: Left closes the open branch, Right opens it, Right again enters it,
    // Down/Up move, Left from a child goes back to the parent.
    b.press(&[keys::LEFT]);
    assert!(!shown(&b, "guide/primeros-pasos.html"), "Left did not collapse");
    b.press(&[keys::RIGHT]);
    assert!(shown(&b, "guide/primeros-pasos.html"), "Right did not expand");
    b.press(&[keys::RIGHT]);
    let first_child = focused(&b);
    assert_eq!(first_child["tag"], "A", "{first_child}");
    assert_ne!(first_child["text"], "Inicio", "Right on an open branch goes to its first child");
    b.press(&[keys::DOWN]);
    let second = focused(&b);
    assert_ne!(second["text"], first_child["text"], "Down did not move");
    b.press(&[keys::UP]);
    assert_eq!(focused(&b)["text"], first_child["text"], "Up did not come back");
    b.press(&[keys::LEFT]);
    assert_eq!(focused(&b)["text"], "Inicio", "Left from a child goes to its parent");
    b.press(&[keys::END]);
    let last = focused(&b);
    b.press(&[keys::HOME]);
    let home = focused(&b);
    assert_eq!(home["tag"], "A");
    assert_ne!(home["text"], last["text"], "Home and End go to the ends: {home} {last}");
}
