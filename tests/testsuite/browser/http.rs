//! A static file server for the browser tests that need HTTP (search: browsers load
//! no modules or index files from `file://`). It serves a built site under a prefix
//! (`/docs/`), as a site deployed in a subfolder is, with the content types a
//! common static server gives. Std `TcpListener`, one thread per connection.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::support::percent_decode;

/// A running server; stopped when dropped.
pub struct StaticServer {
    port: u16,
    prefix: &'static str,
    stop: Arc<AtomicBool>,
}

impl StaticServer {
    /// Serves `root` at `http://127.0.0.1:<port><prefix>` (`prefix` starts and ends with `/`).
    pub fn start(root: &Path, prefix: &'static str) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("local address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let (root, stopped) = (root.to_path_buf(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                std::thread::spawn(move || respond(stream, &root, prefix));
            }
        });
        StaticServer { port, prefix, stop }
    }

    /// The URL of a file of the site.
    pub fn url(&self, rel: &str) -> String {
        format!("http://127.0.0.1:{}{}{rel}", self.port, self.prefix)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn respond(mut stream: TcpStream, root: &Path, prefix: &str) {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // The headers are read and ignored.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let file: Option<PathBuf> = path
        .strip_prefix(prefix)
        .filter(|rel| !rel.split('/').any(|seg| seg == ".."))
        .map(|rel| root.join(rel))
        .map(|p| if p.is_dir() { p.join("index.html") } else { p });
    let (status, body, kind) = match file.as_deref().map(std::fs::read) {
        Some(Ok(body)) => ("200 OK", body, content_type(file.as_deref().unwrap_or(root))),
        _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}
