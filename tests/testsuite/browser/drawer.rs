//! Phones (a 390 × 844 viewport): the header on one line, the article at the top
//! of the page, the navigation tree in a drawer opened by the menu button (closed
//! by default, the current page scrolled into view and focused when it opens,
//! closed by Esc, a click outside or the button), and the page readable without
//! JavaScript.

use serde_json::{Value, json};

use super::webdriver::{Browser, Options, Tools, keys, tools};
use super::{ES_FIRST, url};
use crate::support::Book;

/// The bilingual fixture with a long es-es tree: 80 entries before the current
/// page, so the drawer has to scroll to show it.
fn long_tree_site() -> Book {
    let book = Book::fixture("bilingual");
    let mut toc = String::from("- name: Inicio\n  href: inicio.md\n  items:\n");
    for i in 1..=80 {
        toc.push_str(&format!("  - name: Tema {i}\n"));
    }
    toc.push_str(
        "  - name: Primeros pasos\n    href: primeros-pasos.md\n  - name: Sin título\n    href: sin-front-matter.md\n",
    );
    book.write("content/es-es/guide/toc/toc.yml", toc);
    book.build();
    book
}

/// The long-tree site, and a browser with a phone's viewport on its es-es article.
fn phone_article(tools: &Tools) -> (Book, Browser) {
    let book = long_tree_site();
    let b = Browser::start(tools, Options::default());
    b.viewport(390, 844);
    b.goto(&url(&book, ES_FIRST));
    b.wait_for_sidebar();
    (book, b)
}

fn state(b: &Browser) -> Value {
    b.js(
        "var s = document.getElementById('sidebar'), m = document.querySelector('.menu-toggle');
         var here = s.querySelector('a[aria-current=page]');
         var sr = s.getBoundingClientRect(), hr = here ? here.getBoundingClientRect() : null;
         return { expanded: m.getAttribute('aria-expanded'), shown: s.getClientRects().length > 0 && sr.width > 0,
                  here_visible: !!hr && hr.height > 0 && hr.top >= sr.top && hr.bottom <= sr.bottom
                                && hr.bottom <= window.innerHeight,
                  focus_is_here: document.activeElement === here,
                  focus_is_menu: document.activeElement === m };",
        &[],
    )
}

#[test]
fn phone_header_fits_one_line_and_the_article_starts_the_page() {
    let Some(tools) = tools() else { return };
    let (_book, b) = phone_article(&tools);
    let layout = b.js(
        "var bar = document.querySelector('.topbar');
         var kids = Array.from(bar.children).filter(function (e) { return e.getClientRects().length > 0; });
         var r = bar.getBoundingClientRect();
         return { height: r.height, right: Math.max.apply(null, kids.map(function (e) { return e.getBoundingClientRect().right; })),
                  tops: kids.map(function (e) { var k = e.getBoundingClientRect(); return Math.round(k.top + k.height / 2); }),
                  names: kids.map(function (e) { return e.className || e.tagName; }), scroll_width: document.documentElement.scrollWidth,
                  client_width: document.documentElement.clientWidth,
                  h1: document.querySelector('article.content h1').getBoundingClientRect().top };",
        &[],
    );
    assert!(layout["height"].as_f64().unwrap() < 60.0, "the header wraps: {layout}");
    // Menu, title, switcher and theme toggle (and the search box, where there is one).
    let names: Vec<&str> = layout["names"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    for wanted in ["menu-toggle", "site-title", "lang-switch", "theme-toggle"] {
        assert!(names.contains(&wanted), "{wanted} not in the header: {layout}");
    }
    let tops: Vec<i64> = layout["tops"].as_array().unwrap().iter().map(|t| t.as_i64().unwrap()).collect();
    assert!(tops.iter().all(|t| (t - tops[0]).abs() <= 4), "not one line: {layout}");
    assert!(layout["right"].as_f64().unwrap() <= 390.0, "the header overflows: {layout}");
    assert_eq!(layout["scroll_width"], layout["client_width"], "the page scrolls sideways: {layout}");
    assert!(layout["h1"].as_f64().unwrap() < 200.0, "the article does not start the page: {layout}");
}

#[test]
fn drawer_opens_on_the_current_page_and_closes_with_esc_and_outside_clicks() {
    let Some(tools) = tools() else { return };
    let (_book, b) = phone_article(&tools);

    // Closed by default.
    let s = state(&b);
    assert_eq!((s["expanded"].as_str(), s["shown"].as_bool()), (Some("false"), Some(false)), "{s}");
    let menu = b.find(".menu-toggle");
    assert!(b.displayed(&menu));
    assert!(b.attribute(&menu, "aria-label").is_some_and(|l| !l.is_empty()));

    // The button opens it, on the current page (81 entries above it), focused.
    b.click(&menu);
    let s = state(&b);
    assert_eq!(
        s,
        json!({ "expanded": "true", "shown": true, "here_visible": true, "focus_is_here": true, "focus_is_menu": false })
    );
    assert_eq!(b.js("return window.scrollY", &[]), 0, "opening the drawer scrolled the page");

    // Esc closes it and gives the focus back to the button.
    b.press(&[keys::ESCAPE]);
    let s = state(&b);
    assert_eq!(
        (s["expanded"].as_str(), s["shown"].as_bool(), s["focus_is_menu"].as_bool()),
        (Some("false"), Some(false), Some(true)),
        "{s}"
    );

    // A click outside (on the dimmed page) closes it; a click inside does not.
    b.click(&menu);
    b.click_at(20, 300);
    assert_eq!(state(&b)["expanded"], "true", "a click inside the drawer closed it");
    b.click_at(380, 500);
    let s = state(&b);
    assert_eq!((s["expanded"].as_str(), s["shown"].as_bool()), (Some("false"), Some(false)), "{s}");

    // The button closes it too.
    b.click(&menu);
    b.click(&menu);
    assert_eq!(state(&b)["shown"], false);

    // Tab out of the drawer closes it (focus never wanders behind it).
    b.click(&menu);
    b.js("var l = document.querySelectorAll('#sidebar a'); l[l.length - 1].focus();", &[]);
    b.press(&[keys::TAB]);
    assert_eq!(state(&b)["shown"], false, "focus left the drawer, the drawer stayed");
}

#[test]
fn phone_page_reads_without_javascript() {
    let Some(tools) = tools() else { return };
    let book = long_tree_site();
    let b = Browser::start(&tools, Options { no_javascript: true, ..Options::default() });
    b.viewport(390, 844);
    b.goto(&url(&book, ES_FIRST));
    assert!(!b.displayed(&b.find(".menu-toggle")), "a menu button that needs the script");
    let contents = b.find("#sidebar > p > a");
    assert!(b.displayed(&contents), "without the drawer the contents link stays");
    let h1 = b.find("article.content h1");
    assert!(b.displayed(&h1));
    let layout = b.js(
        "var d = document.documentElement;
         return [d.scrollWidth - d.clientWidth, document.querySelector('article.content h1').getBoundingClientRect().top]",
        &[],
    );
    assert_eq!(layout[0], 0, "the page scrolls sideways: {layout}");
    assert!(layout[1].as_f64().unwrap() < 300.0, "{layout}");
}
