//! The harness: copy a fixture book to a temporary folder, build it with the
//! real binary, and read pages back with an HTML parser.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// The fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures")
}

/// The shared corpus, or `None` (the test then skips with a message).
pub fn corpus_book() -> Option<PathBuf> {
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/lync-2013");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/lync-2013");
    if corpus.join("zh-CN").is_dir() && corpus.join("es-es").is_dir() {
        Some(book)
    } else {
        eprintln!("SKIPPED: the corpus ../shared/corpus/lync-2013 is absent; corpus tests did not run");
        None
    }
}

/// A book in a temporary folder.
pub struct Book {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
}

impl Book {
    /// Copies fixture `name`.
    pub fn fixture(name: &str) -> Book {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixtures().join(name), dir.path());
        Book { dir }
    }

    /// The repository's sample book (book.toml, `content/`, `i18n/`).
    pub fn sample() -> Book {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for part in ["content", "i18n"] {
            copy_dir(&repo.join(part), &dir.path().join(part));
        }
        std::fs::copy(repo.join("book.toml"), dir.path().join("book.toml")).expect("copy book.toml");
        Book { dir }
    }

    /// An empty book folder, to be filled by the test.
    pub fn empty() -> Book {
        Book { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// The book folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file into the book (creating folders).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, contents).expect("write");
        self
    }

    /// Runs `polybook <args…>` in the book folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_polybook"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run polybook");
        Run { output }
    }

    /// `polybook build`, asserting it succeeds.
    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        assert!(run.code() == 0, "build failed:\n{}", run.stderr());
        run
    }

    /// The built site folder.
    pub fn site(&self) -> PathBuf {
        self.root().join("site")
    }

    /// Parses a built page.
    pub fn page(&self, rel: &str) -> Page {
        Page::open(&self.site().join(rel))
    }
}

/// The result of running the binary.
pub struct Run {
    /// Raw output.
    pub output: Output,
}

impl Run {
    /// Exit code.
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    /// Standard output as text.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
}

/// A parsed HTML page.
pub struct Page {
    /// Where it is.
    pub path: PathBuf,
    /// The document.
    pub html: Html,
}

impl Page {
    /// Reads and parses a file.
    pub fn open(path: &Path) -> Page {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Page { path: path.to_path_buf(), html: Html::parse_document(&text) }
    }

    /// Elements matching a CSS selector.
    pub fn select(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let sel = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
        self.html.select(&sel).collect()
    }

    /// The one element matching `css`.
    pub fn one(&self, css: &str) -> scraper::ElementRef<'_> {
        let found = self.select(css);
        assert_eq!(found.len(), 1, "{css} in {}: {} matches", self.path.display(), found.len());
        found[0]
    }

    /// An attribute of the one element matching `css`.
    pub fn attr(&self, css: &str, name: &str) -> String {
        self.one(css).value().attr(name).unwrap_or_else(|| panic!("{css} has no {name}")).to_owned()
    }

    /// Resolves a relative URL found in this page to a file path (fragment dropped).
    pub fn target(&self, href: &str) -> PathBuf {
        let path = href.split('#').next().unwrap_or("");
        let decoded = percent_decode(path);
        self.path.parent().expect("parent").join(decoded)
    }
}

/// Minimal percent-decoding for URLs the build wrote.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Text of an element.
pub fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text().collect()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
