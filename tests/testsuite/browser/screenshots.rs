//! Screenshots for people to look at (CI keeps them as artifacts): an article and
//! the side-by-side view, phone (390 px) and desktop (1280 px), light and dark,
//! written as PNG files into `target/screenshots/`.

use std::path::PathBuf;

use serde_json::json;

use super::webdriver::{Browser, Options, tools};
use super::{ZH_FIRST, site, url};

/// `target/screenshots/`, created.
fn folder() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// The PNG signature and IHDR size of a screenshot: a real image of that size.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn shoot(b: &Browser, name: &str, width: u32) {
    let png = b.screenshot();
    let (w, _) = png_size(&png);
    assert_eq!(w, width, "{name}: screenshot width");
    std::fs::write(folder().join(format!("{name}.png")), png).expect("write screenshot");
}

#[test]
fn screenshots_of_the_compare_view() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    let view = format!("{}#zh-cn,es-es", url(&book, "compare/es-es/guide/primeros-pasos.html"));
    for (device, width, height) in [("phone", 390, 844), ("desktop", 1280, 800)] {
        b.viewport(width, height);
        for theme in ["light", "dark"] {
            b.goto(&view);
            b.js("document.documentElement.dataset.theme = arguments[0];", &[json!(theme)]);
            shoot(&b, &format!("compare-{device}-{theme}"), width);
        }
    }
}

#[test]
fn screenshots_of_article_and_drawer() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    for (device, width, height) in [("phone", 390, 844), ("desktop", 1280, 800)] {
        b.viewport(width, height);
        for theme in ["light", "dark"] {
            b.goto(&url(&book, ZH_FIRST));
            b.js("document.documentElement.dataset.theme = arguments[0];", &[json!(theme)]);
            b.wait_for_sidebar();
            shoot(&b, &format!("article-{device}-{theme}"), width);
            if device == "phone" {
                b.click(&b.find(".menu-toggle"));
                shoot(&b, &format!("article-{device}-drawer-{theme}"), width);
            }
        }
    }
}
