//! The HTTP side of `polybook serve` (axum): files from memory with their content
//! types, the locale's 404 page, refusal of paths that climb out, and the live-reload
//! WebSocket at `/__polybook/ws`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use polybook::incremental::Output;
use tokio::sync::broadcast;

/// Where served pages connect for reload messages.
pub const SOCKET_PATH: &str = "/__polybook/ws";

/// Added before `</body>` of served pages.
const CLIENT: &str = include_str!("client.js");

/// The site as served: the last good files.
#[derive(Default)]
pub struct Served {
    /// Site path → file.
    pub files: HashMap<String, Output>,
    /// The locales' URL segments (for their 404 pages).
    pub segments: Vec<String>,
    /// Folders copied files may come from (content folders, static folder), canonical.
    pub roots: Vec<PathBuf>,
    /// The current problems, as the JSON message sent to pages (`{"errors": …}`).
    pub status: String,
}

/// What the handlers share with the rebuilding thread.
pub struct Shared {
    /// The site.
    pub site: RwLock<Served>,
    /// Messages to open pages.
    pub events: broadcast::Sender<String>,
}

/// The router: the socket, then every other path as a file of the site.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new().route(SOCKET_PATH, get(socket)).fallback(file).with_state(shared)
}

async fn socket(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    ws.on_upgrade(move |socket| talk(socket, shared))
}

async fn talk(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut events = shared.events.subscribe();
    let status = shared.site.read().expect("invariant: no panic under the lock").status.clone();
    if socket.send(Message::Text(status.into())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(text) => if socket.send(Message::Text(text.into())).await.is_err() { break },
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => break,
            },
            incoming = socket.recv() => if !matches!(incoming, Some(Ok(_))) { break },
        }
    }
}

/// Why a request path is refused.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused;

/// The site path a request path names: percent-decoded once; refused when it, or
/// its decoding once or twice more, climbs (`..`), or holds a backslash or a NUL.
pub fn site_path(raw: &str) -> Result<String, Refused> {
    let raw = raw.split(['?', '#']).next().unwrap_or("");
    let decode = |s: &str| percent_decode_str(s).decode_utf8().map(|c| c.into_owned()).map_err(|_| Refused);
    let once = decode(raw)?;
    let twice = decode(&once).unwrap_or_default();
    let thrice = decode(&twice).unwrap_or_default();
    for form in [raw, &once, &twice, &thrice] {
        if form.contains(['\\', '\0']) || form.split('/').any(|seg| seg == "..") {
            return Err(Refused);
        }
    }
    let mut path = once.trim_start_matches('/').to_owned();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Ok(path)
}

/// The content type of a site path, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        // Anything else: bytes.
        _ => "application/octet-stream",
    }
}

fn respond(status: StatusCode, kind: &str, body: Vec<u8>) -> Response {
    let mut r = (status, body).into_response();
    let headers = r.headers_mut();
    headers.insert(header::CONTENT_TYPE, kind.parse().expect("invariant: a valid header value"));
    headers.insert(header::CACHE_CONTROL, "no-store".parse().expect("invariant: a valid header value"));
    r
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let Ok(path) = site_path(uri.path()) else {
        return respond(StatusCode::BAD_REQUEST, "text/plain; charset=utf-8", b"refused: the path climbs out".to_vec());
    };
    let site = shared.site.read().expect("invariant: no panic under the lock");
    if let Some(found) = site.files.get(&path) {
        return match body_of(found, &site.roots) {
            Ok(body) => respond(StatusCode::OK, content_type(&path), with_client(&path, body)),
            Err(status) => respond(status, "text/plain; charset=utf-8", status.to_string().into_bytes()),
        };
    }
    // A folder without its slash: relative links need it.
    if site.files.contains_key(&format!("{path}/index.html")) {
        let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
        let to = format!("/{path}/");
        r.headers_mut().insert(header::LOCATION, to.parse().unwrap_or_else(|_| "/".parse().expect("valid")));
        return r;
    }
    let first = path.split('/').next().unwrap_or("");
    let not_found = if path.contains('/') && site.segments.iter().any(|s| s == first) {
        format!("{first}/404.html")
    } else {
        "404.html".to_owned()
    };
    let body = site.files.get(&not_found).and_then(|f| body_of(f, &site.roots).ok()).unwrap_or_default();
    respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", with_client(&not_found, body))
}

/// The bytes of a file; a copied file is read from its source, refused when it has
/// become a symbolic link or lies outside the book's folders.
fn body_of(file: &Output, roots: &[PathBuf]) -> Result<Vec<u8>, StatusCode> {
    match file {
        Output::Text(text) => Ok(text.as_bytes().to_vec()),
        Output::Bytes(bytes) => Ok(bytes.to_vec()),
        Output::Copy(from) => {
            if !inside(from, roots) {
                return Err(StatusCode::FORBIDDEN);
            }
            std::fs::read(from).map_err(|_| StatusCode::NOT_FOUND)
        }
    }
}

/// `path` is a regular file (not a symbolic link) whose real location lies in one of `roots`.
fn inside(path: &Path, roots: &[PathBuf]) -> bool {
    let plain = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
    plain && std::fs::canonicalize(path).is_ok_and(|real| roots.iter().any(|r| real.starts_with(r)))
}

/// A page with the live-reload client before its last `</body>` (or at its end).
fn with_client(path: &str, mut body: Vec<u8>) -> Vec<u8> {
    if !content_type(path).starts_with("text/html") {
        return body;
    }
    let at = body.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(body.len());
    let script = format!("<script>{CLIENT}</script>\n");
    body.splice(at..at, script.bytes());
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_are_refused_in_every_encoding() {
        assert_eq!(site_path("/"), Ok("index.html".into()));
        assert_eq!(site_path("/es-es/"), Ok("es-es/index.html".into()));
        assert_eq!(site_path("/es-es/a%20b.html?x=1"), Ok("es-es/a b.html".into()));
        for bad in
            ["/../book.toml", "/es-es/../../x", "/%2e%2e/x", "/%2E%2E%2Fx", "/%252e%252e/x", "/a%5c..%5cb", "/a%00"]
        {
            assert_eq!(site_path(bad), Err(Refused), "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.wasm"), "application/wasm");
        assert_eq!(content_type("es-es/search-index/terms/00ff.json"), "application/json");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
    }

    #[test]
    fn the_client_goes_before_the_last_body_end() {
        let out = String::from_utf8(with_client("a.html", b"<body>x</body></html>".to_vec())).unwrap();
        assert!(out.starts_with("<body>x<script>") && out.ends_with("</script>\n</body></html>"), "{out}");
        assert_eq!(with_client("a.css", b"x".to_vec()), b"x");
    }
}
