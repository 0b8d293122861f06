//! `polybook serve`: builds in memory, serves the site on 127.0.0.1, pushes reloads
//! over a WebSocket after each edit, shows broken edits over the page.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::Book;

/// A running `polybook serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// Its port.
    pub port: u16,
    /// What it printed on stderr, line by line.
    pub said: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `polybook serve` on a free port in `book` and waits until it answers.
    pub fn start(book: &Book) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_polybook"))
            .args(["serve", "--port", &port.to_string()])
            .current_dir(book.root())
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let said = lines_of(child.stderr.take().unwrap());
        let server = Server { child, port, said };
        assert!(wait_for(|| get(port, "/").is_some()), "server did not start");
        server
    }

    /// A WebSocket to the live-reload endpoint, after its first (status) message.
    pub fn socket(&self) -> Socket {
        let (mut ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{}/__polybook/ws", self.port)).unwrap();
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_mut() {
            s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        }
        let mut socket = Socket(ws);
        let first = socket.next().expect("a status message on connect");
        assert!(first.get("errors").is_some(), "{first}");
        socket
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The live-reload socket.
pub struct Socket(tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>);

impl Socket {
    /// The next message, as JSON (`None` on timeout or close).
    pub fn next(&mut self) -> Option<serde_json::Value> {
        loop {
            match self.0.read().ok()? {
                tungstenite::Message::Text(t) => return serde_json::from_str(t.as_str()).ok(),
                tungstenite::Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// Waits for a message that `check` accepts.
    pub fn until(&mut self, mut check: impl FnMut(&serde_json::Value) -> bool) -> serde_json::Value {
        loop {
            let m = self.next().expect("the expected message did not come");
            if check(&m) {
                return m;
            }
        }
    }
}

/// Whether a message asks `path` to reload.
pub fn reloads(m: &serde_json::Value, path: &str) -> bool {
    m["reload"].as_array().is_some_and(|a| a.iter().any(|p| p == path))
}

/// `GET path`: (status line, content type, body).
pub fn get(port: u16, path: &str) -> Option<(String, String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n")?;
    let kind = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type: ").map(str::to_owned))
        .unwrap_or_default();
    Some((head.lines().next()?.to_owned(), kind, body.to_owned()))
}

fn wait_for(mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// The lines a stream prints, gathered as they come.
fn lines_of(stream: impl Read + Send + 'static) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    lines
}

fn html_lang(body: &str) -> Option<String> {
    let page = scraper::Html::parse_document(body);
    let html = page.select(&scraper::Selector::parse("html").unwrap()).next()?;
    html.value().attr("lang").map(str::to_owned)
}

fn h1(body: &str) -> String {
    let page = scraper::Html::parse_document(body);
    let h1 = page.select(&scraper::Selector::parse("main h1, article h1, h1").unwrap()).next();
    h1.map(|h| h.text().collect::<String>()).unwrap_or_default()
}

#[test]
fn a_port_in_use_fails_before_the_build() {
    let book = Book::fixture("bilingual");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = book.run(&["serve", "--port", &port]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    let said: Vec<String> = run.stderr().lines().map(str::to_owned).collect();
    assert_eq!(said.len(), 1, "nothing is built: {said:?}");
    assert!(said[0].starts_with(&format!("error: cannot listen on 127.0.0.1:{port}: ")), "{said:?}");
    assert!(!book.site().exists());
}

#[test]
fn serves_from_memory_with_types_404s_and_refusals() {
    let book = Book::fixture("bilingual");
    let server = Server::start(&book);
    let port = server.port;
    // The first build is a build, and the address to open is the last line before
    // the server waits.
    assert!(wait_for(|| server.said.lock().unwrap().iter().any(|l| l.starts_with("Serving "))));
    {
        let said = server.said.lock().unwrap();
        let built = said.iter().position(|l| l.starts_with("built 7 pages (es-ES 4, zh-CN 3), 2 translations linked"));
        assert_eq!(built, Some(said.len() - 2), "{said:?}");
        assert!(said[said.len() - 1].contains(&format!("http://127.0.0.1:{port}/")), "{said:?}");
    }
    let (status, kind, body) = get(port, "/es-es/guide/inicio.html").unwrap();
    assert!(status.contains("200"), "{status}");
    assert_eq!(kind, "text/html; charset=utf-8");
    assert_eq!(html_lang(&body).as_deref(), Some("es-ES"));
    // Served pages carry the live-reload client as the last script of the body.
    let page = scraper::Html::parse_document(&body);
    let last_script = page.select(&scraper::Selector::parse("body > script").unwrap()).next_back().unwrap();
    assert!(last_script.inner_html().contains("/__polybook/ws"), "{}", last_script.inner_html());
    // Nothing is written to disk.
    assert!(!book.site().exists(), "serve writes no site");
    let (_, kind, _) = get(port, "/assets/style.css").unwrap();
    assert_eq!(kind, "text/css; charset=utf-8");
    let (status, kind, _) = get(port, "/es-es/guide/images/Diagrama%20(1).png").unwrap();
    assert!(status.contains("200"), "{status}");
    assert_eq!(kind, "image/png");
    let (_, kind, _) = get(port, "/sitemap.xml").unwrap();
    assert_eq!(kind, "application/xml");
    // A missing page under a locale gets that locale's 404 page.
    let (status, _, body) = get(port, "/zh-cn/no-such-page.html").unwrap();
    assert!(status.contains("404"), "{status}");
    assert_eq!(html_lang(&body).as_deref(), Some("zh-CN"));
    let (status, _, body) = get(port, "/es-es/guide/nope.html").unwrap();
    assert!(status.contains("404"), "{status}");
    assert_eq!(html_lang(&body).as_deref(), Some("es-ES"));
    // A folder without its slash is redirected to it.
    let (status, _, _) = get(port, "/es-es").unwrap();
    assert!(status.contains("308"), "{status}");
    // Paths that climb out are refused, however encoded.
    for bad in
        ["/../book.toml", "/es-es/../../book.toml", "/%2e%2e/book.toml", "/%252e%252e/book.toml", "/..%2fbook.toml"]
    {
        let (status, _, _) = get(port, bad).unwrap();
        assert!(status.contains("400"), "{bad}: {status}");
    }
}

#[test]
fn symlinks_pointing_out_are_not_served() {
    let book = Book::fixture("bilingual");
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), "secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path(), book.root().join("content/es-es/guide/images/leak.png")).unwrap();
    book.write("content/es-es/guide/leak.md", "---\ntitle: Leak\n---\n![x](images/leak.png)\n");
    let server = Server::start(&book);
    let (status, _, body) = get(server.port, "/es-es/guide/images/leak.png").unwrap();
    assert!(status.contains("404"), "{status}");
    assert!(!body.contains("secret"));
}

#[test]
fn an_edit_is_pushed_a_broken_edit_is_shown_and_the_last_good_page_kept() {
    let book = Book::fixture("bilingual");
    let server = Server::start(&book);
    let port = server.port;
    let mut socket = server.socket();
    let source = book.root().join("content/es-es/guide/inicio.md");
    let original = std::fs::read_to_string(&source).unwrap();
    // An edit: the page is told to reload, and serves the new text. Its heading's id
    // changed: the translation's switcher, which carries it, reloads too.
    std::fs::write(&source, original.replace("# Inicio", "# Inicio editado")).unwrap();
    let m = socket.until(|m| reloads(m, "es-es/guide/inicio.html"));
    assert!(reloads(&m, "zh-cn/guide/start.html"), "{m}");
    let (_, _, body) = get(port, "/es-es/guide/inicio.html").unwrap();
    assert_eq!(h1(&body), "Inicio editado");
    assert!(wait_for(|| server.said.lock().unwrap().iter().any(|l| l.starts_with("updated es-es/guide/inicio.html"))));
    // A broken edit: the diagnostics go to the open page, the last good page stays.
    std::fs::write(&source, original.replace("title: Inicio", "title: [Inicio")).unwrap();
    let m = socket.until(|m| m["errors"].as_array().is_some_and(|e| !e.is_empty()));
    let error = &m["errors"][0];
    assert_eq!(error["url"], "es-es/guide/inicio.html");
    assert!(error["text"].as_str().unwrap().contains("invalid-front-matter"), "{error}");
    let (_, _, body) = get(port, "/es-es/guide/inicio.html").unwrap();
    assert_eq!(h1(&body), "Inicio editado", "the last good page is served");
    // Fixed: the page reloads and the overlay goes.
    std::fs::write(&source, &original).unwrap();
    socket.until(|m| reloads(m, "es-es/guide/inicio.html"));
    socket.until(|m| m["errors"].as_array().is_some_and(|e| e.is_empty()));
    let (_, _, body) = get(port, "/es-es/guide/inicio.html").unwrap();
    assert_eq!(h1(&body), "Inicio");
    // A new page, then its removal.
    book.write("content/es-es/guide/nueva.md", "---\ntitle: Nueva\nms:assetid: 99\n---\n# Nueva\n");
    socket.until(|m| reloads(m, "es-es/guide/nueva.html"));
    assert!(get(port, "/es-es/guide/nueva.html").unwrap().0.contains("200"));
    std::fs::remove_file(book.root().join("content/es-es/guide/nueva.md")).unwrap();
    socket.until(|m| reloads(m, "es-es/guide/nueva.html"));
    assert!(get(port, "/es-es/guide/nueva.html").unwrap().0.contains("404"));
    // A change outside what the build reads (a `target/` folder in the book) is ignored.
    book.write("target/debug/build.log", "not part of the book");
    std::fs::write(&source, original.replace("Lea [", "Lea ahora [")).unwrap();
    let m = socket.until(|m| m.get("reload").is_some());
    // The locale's search index changes with the text too; no page is one of its files.
    let pages: Vec<&serde_json::Value> =
        m["reload"].as_array().unwrap().iter().filter(|p| !p.as_str().unwrap().contains("/search-index/")).collect();
    let only = [&serde_json::json!("compare/es-es/guide/inicio.html"), &serde_json::json!("es-es/guide/inicio.html")];
    assert_eq!(pages, only, "only the edited page and its side-by-side view");
}
