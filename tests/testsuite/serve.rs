//! `polybook serve`: builds, serves the site on 127.0.0.1, rebuilds on change.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::Book;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<(String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    Some((head.lines().next()?.to_owned(), body.to_owned()))
}

fn wait_for(mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
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
fn serves_and_rebuilds_on_change() {
    let book = Book::fixture("bilingual");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_polybook"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(book.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let said = lines_of(server.0.stderr.take().unwrap());
    assert!(wait_for(|| get(port, "/").is_some()), "server did not start");
    // The first build is a build, and the address to open is the last line before
    // the server waits.
    assert!(wait_for(|| said.lock().unwrap().len() >= 2), "{:?}", said.lock().unwrap());
    {
        let said = said.lock().unwrap();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].starts_with("built 7 pages (es-ES 4, zh-CN 3), 2 translations linked"), "{said:?}");
        assert!(said[1].starts_with("Serving ") && said[1].contains(&format!("http://127.0.0.1:{port}/")), "{said:?}");
    }
    let (status, body) = get(port, "/es-es/guide/inicio.html").unwrap();
    assert!(status.contains("200"), "{status}");
    let page = scraper::Html::parse_document(&body);
    let html = page.select(&scraper::Selector::parse("html").unwrap()).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some("es-ES"));
    // Served pages carry the live-reload script, as the last thing of the body; the
    // built file does not.
    let last_script = page.select(&scraper::Selector::parse("body > script").unwrap()).next_back().unwrap();
    assert!(last_script.inner_html().contains("/__polybook/generation"), "{}", last_script.inner_html());
    let built = std::fs::read_to_string(book.site().join("es-es/guide/inicio.html")).unwrap();
    assert!(!built.contains("__polybook"), "the built site is left as built");
    assert_eq!(get(port, "/__polybook/generation").unwrap().1, "1");
    let (status, _) = get(port, "/es-es/no-such-page.html").unwrap();
    assert!(status.contains("404"), "{status}");
    let (status, _) = get(port, "/../book.toml").unwrap();
    assert!(status.contains("404"), "{status}");
    // An edit is picked up.
    std::thread::sleep(Duration::from_millis(1100));
    let page = book.root().join("content/es-es/guide/inicio.md");
    let text = std::fs::read_to_string(&page).unwrap().replace("# Inicio", "# Inicio editado");
    std::fs::write(&page, text).unwrap();
    assert!(
        wait_for(|| get(port, "/es-es/guide/inicio.html").is_some_and(|(_, b)| b.contains("Inicio editado"))),
        "the edit was not rebuilt"
    );
    // Open pages learn of the rebuild through the generation (counted once the build
    // has returned, a moment after its files are in place).
    assert!(wait_for(|| get(port, "/__polybook/generation").is_some_and(|(_, g)| g == "2")));
    assert!(wait_for(|| said.lock().unwrap().len() >= 3), "{:?}", said.lock().unwrap());
    assert!(said.lock().unwrap()[2].starts_with("rebuilt 7 pages"), "{:?}", said.lock().unwrap());
    // A change outside what the build reads (here a `target/` folder in the book) does
    // not rebuild.
    std::thread::sleep(Duration::from_millis(1100));
    book.write("target/debug/build.log", "not part of the book");
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(get(port, "/__polybook/generation").unwrap().1, "2");
}
