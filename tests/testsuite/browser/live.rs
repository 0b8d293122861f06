//! Live reload in a real browser: a page opened from `polybook serve` reloads by
//! itself after its source is saved, at the same scroll position, and a broken edit
//! is shown over it while the last good page stays.

use serde_json::json;

use super::webdriver::{Browser, Options, tools};
use crate::serve::Server;
use crate::support::Book;

fn h1(b: &Browser) -> Result<String, String> {
    let v = b.try_cmd(
        "POST",
        "/execute/sync",
        Some(json!({
        "script": "var h = document.querySelector('h1'); return h ? h.textContent : null;", "args": [] })),
    )?;
    v.as_str().map(str::to_owned).ok_or_else(|| format!("{v}"))
}

#[test]
fn an_edit_reloads_the_open_page_where_it_was_read() {
    let Some(tools) = tools() else { return };
    let book = Book::fixture("bilingual");
    let source = book.root().join("content/es-es/guide/inicio.md");
    // A page long enough to scroll, as a real article is.
    let long = std::fs::read_to_string(&source).unwrap() + &"\nUn párrafo más del artículo.\n".repeat(300);
    std::fs::write(&source, &long).unwrap();
    let server = Server::start(&book);
    let b = Browser::start(&tools, Options::default());
    b.goto(&format!("http://127.0.0.1:{}/es-es/guide/inicio.html", server.port));
    b.wait("the page and its socket", |b| {
        let open =
            b.try_cmd("POST", "/execute/sync", Some(json!({ "script": "return document.readyState", "args": [] })))?;
        if open == "complete" { Ok(()) } else { Err(format!("{open}")) }
    });
    // Give the socket a moment to connect, then read somewhere down the page.
    std::thread::sleep(std::time::Duration::from_millis(500));
    b.js("window.scrollTo(0, 900); window.notReloaded = true;", &[]);
    std::fs::write(&source, long.replace("# Inicio", "# Inicio en vivo")).unwrap();
    b.wait("the reload", |b| {
        let title = h1(b)?;
        let fresh = b.try_cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": "return window.notReloaded === undefined", "args": [] })),
        )?;
        if title == "Inicio en vivo" && fresh == true { Ok(()) } else { Err(format!("{title} {fresh}")) }
    });
    let y = b.wait("the scroll position", |b| {
        let y = b.js("return window.scrollY", &[]).as_f64().unwrap_or(0.0);
        if (y - 900.0).abs() < 2.0 { Ok(y) } else { Err(format!("scrollY {y}")) }
    });
    assert!((y - 900.0).abs() < 2.0);
    // A broken edit: an overlay names the problem; the page is not replaced.
    std::fs::write(&source, long.replace("title: Inicio", "title: [Inicio")).unwrap();
    let text = b.wait("the overlay", |b| {
        let v = b.js("var o = document.getElementById('polybook-overlay'); return o ? o.textContent : null;", &[]);
        v.as_str().map(str::to_owned).ok_or_else(|| "no overlay".to_owned())
    });
    assert!(text.contains("invalid-front-matter"), "{text}");
    assert_eq!(h1(&b).unwrap(), "Inicio en vivo");
    // Fixed: the page reloads and the overlay is gone.
    std::fs::write(&source, &long).unwrap();
    b.wait("the fixed page", |b| {
        let title = h1(b)?;
        let overlay = b.js("return document.getElementById('polybook-overlay') !== null", &[]);
        if title == "Inicio" && overlay == false { Ok(()) } else { Err(format!("{title} overlay={overlay}")) }
    });
}
