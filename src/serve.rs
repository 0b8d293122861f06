//! `polybook serve`: build, serve the site on 127.0.0.1 with a small static file
//! server, rebuild when a file of the book changes (polled once a second), and
//! reload open pages after each rebuild: served HTML pages get a small script that
//! asks `/__polybook/generation` once a second (the files on disk stay as built).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use polybook::pipeline::{self, BuildOptions};
use polybook::{Config, Error};

/// Counts successful builds; pages reload when it changes.
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Where served pages ask for [`GENERATION`].
const GENERATION_PATH: &str = "/__polybook/generation";

/// Added before `</body>` of served pages: reloads the page after a rebuild.
const RELOAD_SCRIPT: &str = "<script>/* polybook serve: live reload */(function () {\n\
  var seen = null;\n\
  function poll() {\n\
    fetch('/__polybook/generation', { cache: 'no-store' })\n\
      .then(function (r) { return r.text(); })\n\
      .then(function (g) { if (seen !== null && g !== seen) { location.reload(); } seen = g; })\n\
      .catch(function () {})\n\
      .then(function () { setTimeout(poll, 1000); });\n\
  }\n\
  poll();\n\
})();</script>\n";

/// Serves until interrupted.
pub fn serve(config: Config, port: u16, quiet: bool) -> Result<u8, Error> {
    let dest = config.dest.clone();
    // What the build reads: not the whole book folder (it may hold `target/` or `.git`).
    let watched: Vec<PathBuf> = ["book.toml", "i18n", "themes"]
        .iter()
        .map(|p| config.root.join(p))
        .chain(config.locales.iter().map(|l| l.content.clone()))
        .chain(config.static_dir.clone())
        .collect();
    // The port first: one in use fails at once, not after the first build.
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| Error::Usage(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let rebuild = {
        let config = config.clone();
        move |verb: &str| match pipeline::build(config.clone(), &BuildOptions { write: true, ..Default::default() }) {
            Ok(r) => {
                GENERATION.fetch_add(1, Ordering::SeqCst);
                if !quiet {
                    say!("{}", crate::summary(&r, verb));
                }
            }
            Err(e) => say!("error: {e}"),
        }
    };
    rebuild("built");
    // The address is the last line before the server waits.
    if !quiet {
        say!("Serving {} on http://127.0.0.1:{port}/ (Ctrl-C to stop)", dest.display());
    }
    let dest_for_watch = dest.clone();
    std::thread::spawn(move || {
        let mut last = newest(&watched, &dest_for_watch);
        loop {
            std::thread::sleep(Duration::from_secs(1));
            let now = newest(&watched, &dest_for_watch);
            if now > last {
                last = now;
                rebuild("rebuilt");
            }
        }
    });
    for stream in listener.incoming().flatten() {
        let dest = dest.clone();
        std::thread::spawn(move || {
            let _ = respond(stream, &dest);
        });
    }
    Ok(0)
}

fn newest(dirs: &[PathBuf], skip: &Path) -> SystemTime {
    dirs.iter()
        .flat_map(|d| walkdir::WalkDir::new(d).into_iter().filter_entry(|e| !e.path().starts_with(skip)).flatten())
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .max()
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

fn respond(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line)?;
    let raw = line.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_encoding::percent_decode_str(raw.split(['?', '#']).next().unwrap_or("/"))
        .decode_utf8_lossy()
        .into_owned();
    if path == GENERATION_PATH {
        let body = GENERATION.load(Ordering::SeqCst).to_string();
        return send(&mut stream, "200 OK", "text/plain; charset=utf-8", body.as_bytes());
    }
    let safe = !path.split('/').any(|seg| seg == "..");
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body, kind) = match std::fs::read(&file) {
        Ok(b) if safe => ("200 OK", b, content_type(&file)),
        _ => ("404 Not Found", std::fs::read(root.join("404.html")).unwrap_or_default(), "text/html; charset=utf-8"),
    };
    let body = if kind.starts_with("text/html") { with_reload_script(body) } else { body };
    send(&mut stream, status, kind, &body)
}

fn send(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)
}

/// The page with [`RELOAD_SCRIPT`] before its last `</body>` (or at its end).
fn with_reload_script(mut html: Vec<u8>) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    html.splice(at..at, RELOAD_SCRIPT.bytes());
    html
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("xml") => "application/xml",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}
