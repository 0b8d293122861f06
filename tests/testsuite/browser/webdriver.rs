//! A minimal WebDriver client for the browser tests: finds chromium and
//! chromedriver, starts chromedriver on a free port, and speaks HTTP/1.1 + JSON
//! to it over a std `TcpStream` (no browser-automation crate needed).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::PATIENCE;
use crate::support::percent_decode;

// ---------------------------------------------------------------------------
// Finding the programs
// ---------------------------------------------------------------------------

/// Where chromium and chromedriver are.
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

/// The programs, or `None` after printing the skip message; panics under `CI`.
pub fn tools() -> Option<Tools> {
    let chromium = on_path(&["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]);
    let chromedriver = on_path(&["chromedriver"]);
    match (chromium, chromedriver) {
        (Some(chromium), Some(chromedriver)) => Some(Tools { chromium, chromedriver }),
        (chromium, chromedriver) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but chromium ({chromium:?}) or chromedriver ({chromedriver:?}) \
                 is not installed: the browser tests cannot run"
            );
            eprintln!("SKIPPED: chromium/chromedriver not installed");
            None
        }
    }
}

// ---------------------------------------------------------------------------
// A minimal WebDriver client
// ---------------------------------------------------------------------------

/// One HTTP/1.1 exchange with chromedriver on 127.0.0.1; the body is JSON both ways.
pub fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> io::Result<(u16, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::other(format!("bad status line {status_line:?}")))?;
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut bytes = Vec::new();
    match length {
        Some(n) => {
            bytes.resize(n, 0);
            reader.read_exact(&mut bytes)?;
        }
        None => {
            reader.read_to_end(&mut bytes)?;
        }
    }
    let value =
        if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).map_err(io::Error::other)? };
    Ok((status, value))
}

/// A chromedriver process with a scratch folder for the browser it starts (the
/// profile, and `TMPDIR`, where Chromium leaves `org.chromium.*` folders otherwise).
pub struct Driver {
    pub child: Child,
    pub port: u16,
    // Dropped last, after the processes are gone.
    pub scratch: tempfile::TempDir,
}

impl Driver {
    pub fn start(exe: &Path) -> Driver {
        let scratch = tempfile::tempdir().expect("scratch dir");
        std::fs::create_dir(scratch.path().join("tmp")).expect("mkdir tmp");
        // A free port: bind port 0, read it, release it for chromedriver.
        let port = TcpListener::bind(("127.0.0.1", 0)).and_then(|l| l.local_addr()).expect("free port").port();
        let child = Command::new(exe)
            .arg(format!("--port={port}"))
            .env("TMPDIR", scratch.path().join("tmp"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", exe.display()));
        let driver = Driver { child, port, scratch };
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok((200, v)) = http(port, "GET", "/status", None)
                && v["value"]["ready"] == true
            {
                return driver;
            }
            assert!(Instant::now() < deadline, "chromedriver did not become ready on port {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The browser profile, unique to this driver.
    pub fn profile(&self) -> PathBuf {
        self.scratch.path().join("profile")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Normally the session was deleted and Chromium has quit. If not (the delete
        // failed), end the processes started on this driver's profile, since killing
        // chromedriver would leave them running. They are found by their
        // `--user-data-dir`, unique to this driver, and ended by process id; then the
        // scratch folder can go.
        let flag = format!("--user-data-dir={}", self.profile().display());
        let deadline = Instant::now() + Duration::from_secs(5);
        while !leftover_browsers(&flag).is_empty() && Instant::now() < deadline {
            for pid in leftover_browsers(&flag) {
                let _ = Command::new("kill").arg(pid.to_string()).stderr(Stdio::null()).status();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The live processes (Linux `/proc`) with `flag` among their arguments.
pub fn leftover_browsers(flag: &str) -> Vec<u32> {
    let Ok(procs) = std::fs::read_dir("/proc") else { return Vec::new() };
    procs
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse::<u32>().ok()?;
            // A process that has exited (a zombie) has an empty command line.
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            cmdline.split(|b| *b == 0).any(|arg| arg == flag.as_bytes()).then_some(pid)
        })
        .collect()
}

/// How a browser session is set up.
#[derive(Default)]
pub struct Options {
    /// `intl.accept_languages`, which is what `navigator.languages` reports. (In
    /// headless Chromium `--lang` alone does not change `navigator.languages`.)
    pub languages: Option<&'static str>,
    /// Turn JavaScript off (`webkit.webprefs.javascript_enabled: false`).
    pub no_javascript: bool,
}

/// A WebDriver element reference.
#[derive(Clone)]
pub struct Element(pub String);

pub const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Element {
    pub fn json(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }
}

/// A browser session; dropping it quits the browser, then chromedriver.
pub struct Browser {
    pub session: String,
    // Dropped after `Browser::drop` has deleted the session.
    pub driver: Driver,
}

impl Browser {
    pub fn start(tools: &Tools, options: Options) -> Browser {
        let driver = Driver::start(&tools.chromedriver);
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--window-size=1280,800".to_owned(),
            format!("--user-data-dir={}", driver.profile().display()),
        ];
        let mut prefs = json!({});
        if let Some(languages) = options.languages {
            args.push(format!("--lang={}", languages.split(',').next().unwrap_or(languages)));
            prefs["intl"] = json!({ "accept_languages": languages });
        }
        if options.no_javascript {
            prefs["webkit"] = json!({ "webprefs": { "javascript_enabled": false } });
        }
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": { "implicit": 0, "pageLoad": 20000, "script": 10000 },
            "goog:chromeOptions": {
                "binary": tools.chromium,
                "args": args,
                "prefs": prefs,
            },
        }}});
        let (status, reply) = http(driver.port, "POST", "/session", Some(&capabilities)).expect("new session request");
        assert_eq!(status, 200, "new session: {reply}");
        let session =
            reply["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no sessionId in {reply}")).to_owned();
        Browser { session, driver }
    }

    /// A command on this session; panics on an HTTP or WebDriver error.
    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_cmd(method, path, body).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A command on this session, errors returned.
    pub fn try_cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let path = format!("/session/{}{path}", self.session);
        let (status, mut reply) =
            http(self.driver.port, method, &path, body.as_ref()).map_err(|e| format!("{method} {path}: {e}"))?;
        if status == 200 {
            Ok(reply["value"].take())
        } else {
            Err(format!("{method} {path}: HTTP {status}: {}", reply["value"]["message"]))
        }
    }

    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    /// The current URL, percent-decoded, split into (path without `file://`, hash).
    pub fn location(&self) -> (String, String) {
        self.try_location().unwrap_or_else(|e| panic!("{e}"))
    }

    pub fn try_location(&self) -> Result<(String, String), String> {
        let url = self.try_cmd("GET", "/url", None)?;
        let url = percent_decode(url.as_str().ok_or("no url")?);
        let url = url.strip_prefix("file://").unwrap_or(&url).to_owned();
        Ok(match url.split_once('#') {
            Some((path, hash)) => (path.to_owned(), format!("#{hash}")),
            None => (url, String::new()),
        })
    }

    pub fn title(&self) -> String {
        self.cmd("GET", "/title", None).as_str().expect("title").to_owned()
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page.
    pub fn js(&self, script: &str, args: &[Value]) -> Value {
        self.cmd("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// Runs `script` asynchronously: it calls `arguments[arguments.length - 1]` with the result.
    pub fn js_async(&self, script: &str, args: &[Value]) -> Value {
        self.cmd("POST", "/execute/async", Some(json!({ "script": script, "args": args })))
    }

    /// Presses and releases keys in order, sent to the focused element (WebDriver
    /// key values: `keys::TAB`, `keys::ESCAPE`, …).
    pub fn press(&self, keys: &[&str]) {
        let actions: Vec<Value> = keys
            .iter()
            .flat_map(|k| [json!({ "type": "keyDown", "value": k }), json!({ "type": "keyUp", "value": k })])
            .collect();
        self.cmd(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
    }

    /// Resizes the window so the page's viewport is `width` × `height` CSS pixels.
    pub fn viewport(&self, width: u32, height: u32) {
        for _ in 0..3 {
            let inner = self.js("return [window.innerWidth, window.innerHeight]", &[]);
            let (w, h) = (inner[0].as_i64().unwrap_or(0), inner[1].as_i64().unwrap_or(0));
            if (w, h) == (i64::from(width), i64::from(height)) {
                return;
            }
            let rect = self.cmd("GET", "/window/rect", None);
            let (ow, oh) = (rect["width"].as_i64().unwrap_or(0), rect["height"].as_i64().unwrap_or(0));
            self.cmd(
                "POST",
                "/window/rect",
                Some(json!({ "width": ow + i64::from(width) - w, "height": oh + i64::from(height) - h })),
            );
        }
    }

    /// A real pointer click at a point of the viewport (CSS pixels).
    pub fn click_at(&self, x: i64, y: i64) {
        let actions = json!([
            { "type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y },
            { "type": "pointerDown", "button": 0 },
            { "type": "pointerUp", "button": 0 },
        ]);
        self.cmd(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" }, "actions": actions }] })),
        );
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        let b64 = self.cmd("GET", "/screenshot", None);
        base64_decode(b64.as_str().expect("base64 screenshot"))
    }

    pub fn find(&self, css: &str) -> Element {
        let v = self.cmd("POST", "/element", Some(json!({ "using": "css selector", "value": css })));
        Element(v[ELEMENT_KEY].as_str().expect("element id").to_owned())
    }

    pub fn find_all(&self, css: &str) -> Vec<Element> {
        let v = self.cmd("POST", "/elements", Some(json!({ "using": "css selector", "value": css })));
        v.as_array()
            .expect("element list")
            .iter()
            .map(|e| Element(e[ELEMENT_KEY].as_str().expect("element id").to_owned()))
            .collect()
    }

    /// A real click (WebDriver scrolls the element into view and clicks its centre).
    pub fn click(&self, e: &Element) {
        self.cmd("POST", &format!("/element/{}/click", e.0), Some(json!({})));
    }

    pub fn text(&self, e: &Element) -> String {
        let v = self.cmd("GET", &format!("/element/{}/text", e.0), None);
        v.as_str().expect("text").to_owned()
    }

    pub fn attribute(&self, e: &Element, name: &str) -> Option<String> {
        let v = self.cmd("GET", &format!("/element/{}/attribute/{name}", e.0), None);
        v.as_str().map(str::to_owned)
    }

    pub fn property(&self, e: &Element, name: &str) -> Value {
        self.cmd("GET", &format!("/element/{}/property/{name}", e.0), None)
    }

    pub fn displayed(&self, e: &Element) -> bool {
        self.cmd("GET", &format!("/element/{}/displayed", e.0), None) == true
    }

    /// Waits until `check` returns `Ok`; its last `Err` is the failure message.
    pub fn wait<T>(&self, what: &str, mut check: impl FnMut(&Browser) -> Result<T, String>) -> T {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match check(self) {
                Ok(v) => return v,
                Err(last) if Instant::now() > deadline => {
                    panic!("timed out waiting for {what}; last seen: {last}")
                }
                Err(_) => std::thread::sleep(Duration::from_millis(25)),
            }
        }
    }

    /// Waits until a page whose path ends with `rel` is loaded; returns its hash
    /// (percent-decoded, with the `#`, or empty).
    pub fn wait_for_page(&self, rel: &str) -> String {
        // A command may fail while the page is being replaced: that is "not yet".
        self.wait(&format!("page {rel}"), |b| {
            let (path, hash) = b.try_location()?;
            let ready = b.try_cmd(
                "POST",
                "/execute/sync",
                Some(json!({ "script": "return document.readyState", "args": [] })),
            )?;
            if path.ends_with(&format!("/site/{rel}")) && ready == "complete" {
                Ok(hash)
            } else {
                Err(format!("{path}{hash} ({ready})"))
            }
        })
    }

    /// Waits until the sidebar has received the tree from `toc.js`.
    pub fn wait_for_sidebar(&self) {
        self.wait("the sidebar tree", |b| {
            let n = b.js("return document.querySelectorAll('#sidebar a[data-p]').length", &[]);
            if n.as_u64().unwrap_or(0) > 0 { Ok(()) } else { Err(format!("{n} links")) }
        });
    }
}

/// WebDriver key values.
pub mod keys {
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const SPACE: &str = "\u{E00D}";
    pub const END: &str = "\u{E010}";
    pub const HOME: &str = "\u{E011}";
    pub const LEFT: &str = "\u{E012}";
    pub const UP: &str = "\u{E013}";
    pub const RIGHT: &str = "\u{E014}";
    pub const DOWN: &str = "\u{E015}";
}

/// Standard base64 (WebDriver screenshots), padding and line breaks tolerated.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Deleting the session quits Chromium; chromedriver is killed afterwards.
        let _ = http(self.driver.port, "DELETE", &format!("/session/{}", self.session), None);
    }
}
