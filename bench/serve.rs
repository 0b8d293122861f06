//! Benchmark of `polybook serve` on the whole corpus (both locales, 3,888 articles):
//! the time from saving a file to the reload message reaching a WebSocket client.
//!
//! Run with `bash bench/serve.sh` (or `cargo bench --bench serve`). The book and a copy
//! of the corpus go to tmpfs (`$BENCH_DIR`, default `/dev/shm/polybook-serve-bench`);
//! the release binary serves it. Measured: 20 edits of one es-es article's text
//! (median and worst), a heading added to an es-es article, a heading renamed (its
//! zh-CN translation's switcher carries its id: that page must reload too), a toc edit, a Fluent file edit (everything is rebuilt), and
//! the server's resident memory after the first build and after 100 edits.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type Socket = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>;

const ARTICLE: &str = "es-es/LyncServer/lync-server-2013-getting-started.md";
const ARTICLE_URL: &str = "es-es/LyncServer/lync-server-2013-getting-started.html";
const TOC: &str = "es-es/LyncServer/lyncservertoc/toc.yml";

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = repo.join("../shared/corpus/lync-2013");
    if !corpus.join("es-es").is_dir() {
        println!("SKIPPED: the corpus ../shared/corpus/lync-2013 is absent");
        return;
    }
    let work = PathBuf::from(std::env::var("BENCH_DIR").unwrap_or_else(|_| "/dev/shm/polybook-serve-bench".into()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("book/i18n/es-es")).unwrap();
    let copied = Command::new("cp").arg("-a").arg(&corpus).arg(work.join("corpus")).status().unwrap();
    assert!(copied.success(), "copying the corpus");
    let toml = std::fs::read_to_string(repo.join("examples/lync-2013/book.toml"))
        .unwrap()
        .replace("../../../shared/corpus/lync-2013/", "../corpus/");
    std::fs::write(work.join("book/book.toml"), toml).unwrap();
    let ftl = work.join("book/i18n/es-es/extra.ftl");
    std::fs::write(&ftl, "alert-note = Nota\n").unwrap();

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_polybook"))
        .args(["--quiet", "serve"])
        .arg(work.join("book"))
        .args(["--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let pid = child.id();
    while TcpStream::connect(("127.0.0.1", port)).is_err() || !answers(port) {
        std::thread::sleep(Duration::from_millis(20));
        assert!(started.elapsed() < Duration::from_secs(120), "serve did not start");
    }
    println!("first build and serving: {:.2} s", started.elapsed().as_secs_f64());
    let rss_first = rss(pid);
    let (mut ws, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}/__polybook/ws")).unwrap();
    if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_mut() {
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    }
    next(&mut ws); // the status on connect

    let article = work.join("corpus").join(ARTICLE);
    let original = std::fs::read_to_string(&article).unwrap();
    let mut times = Vec::new();
    for k in 0..100 {
        let text = format!("{original}\nEdición número {k} del artículo.\n");
        let took = save_and_wait(&mut ws, &article, &text, |paths| paths.iter().any(|p| p == ARTICLE_URL));
        if k < 20 {
            times.push(took);
        }
        // Editors do not save 100 times a second.
        std::thread::sleep(Duration::from_millis(30));
    }
    let rss_after = rss(pid);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut sorted = times.clone();
    sorted.sort();
    println!(
        "article text edit (20 edits): median {:.1} ms, worst {:.1} ms, best {:.1} ms",
        ms((sorted[9] + sorted[10]) / 2),
        ms(sorted[19]),
        ms(sorted[0])
    );

    let text = format!("{original}\n## Sección añadida\n\nTexto.\n");
    let mut reloaded = Vec::new();
    let took = save_and_wait(&mut ws, &article, &text, |paths| {
        reloaded = paths.to_vec();
        paths.iter().any(|p| p == ARTICLE_URL)
    });
    println!("heading added to an es-es article: {:.1} ms (reloaded {reloaded:?})", ms(took));
    // A heading renamed: its id changes, and the zh-CN translation's switcher carries it.
    let first_h2 = original.lines().find(|l| l.starts_with("## ")).expect("an h2 in the article").to_owned();
    let text = original.replacen(&first_h2, &format!("{first_h2} (revisado)"), 1);
    let took = save_and_wait(&mut ws, &article, &text, |paths| {
        reloaded = paths.to_vec();
        paths.iter().any(|p| p == ARTICLE_URL)
    });
    let zh: Vec<&String> = reloaded.iter().filter(|p| p.starts_with("zh-cn/")).collect();
    assert!(!zh.is_empty(), "the zh-CN translation was not reloaded: {reloaded:?}");
    println!("heading renamed in an es-es article: {:.1} ms (reloaded {reloaded:?})", ms(took));

    let toc = work.join("corpus").join(TOC);
    let toc_text = std::fs::read_to_string(&toc).unwrap();
    let (a, b) = (
        "  - name: Información legal\n    href: lync-server-2013-legal-information.md\n",
        "  - name: Accesibilidad para personas con discapacidades\n    href: lync-server-2013-accessibility.md\n",
    );
    let swapped = toc_text.replacen(&format!("{a}{b}"), &format!("{b}{a}"), 1);
    assert_ne!(swapped, toc_text, "the toc entries to swap were not found");
    let mut count = 0;
    let took = save_and_wait(&mut ws, &toc, &swapped, |paths| {
        count = paths.len();
        paths.iter().any(|p| p == "es-es/toc.js")
    });
    println!("toc edit (two entries swapped): {:.1} ms ({count} files reloaded)", ms(took));

    let took = save_and_wait(&mut ws, &ftl, "alert-note = Nota bene\n", |paths| {
        count = paths.len();
        !paths.is_empty()
    });
    println!("Fluent file edit (everything rebuilt): {:.1} ms ({count} files changed)", ms(took));
    println!(
        "resident memory: {:.0} MiB after the first build, {:.0} MiB after 100 edits",
        rss_first as f64 / 1024.0,
        rss_after as f64 / 1024.0
    );
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&work);
}

fn answers(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = write!(s, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let mut buf = [0u8; 12];
    s.read_exact(&mut buf).is_ok()
}

/// Writes `text` to `path` and waits for a reload message that `done` accepts.
fn save_and_wait(ws: &mut Socket, path: &Path, text: &str, mut done: impl FnMut(&[String]) -> bool) -> Duration {
    let t = Instant::now();
    std::fs::write(path, text).unwrap();
    loop {
        let m = next(ws);
        if let Some(paths) = m["reload"].as_array() {
            let paths: Vec<String> = paths.iter().filter_map(|p| p.as_str().map(str::to_owned)).collect();
            if done(&paths) {
                return t.elapsed();
            }
        }
    }
}

fn next(ws: &mut Socket) -> serde_json::Value {
    loop {
        if let tungstenite::Message::Text(t) = ws.read().expect("a message from the server") {
            return serde_json::from_str(t.as_str()).unwrap();
        }
    }
}

/// Resident memory of a process, KiB.
fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap_or("VmRSS: 0 kB");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}
