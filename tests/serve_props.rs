//! Property test of `polybook serve`'s incremental engine: random sequences of edits
//! (text, headings, links, titles, front matter, broken front matter and fences,
//! files added and removed, toc entries, an image, the static folder) applied to a
//! small two-locale book, each followed by `Engine::apply` on the paths touched.
//! After every step, every output file of the engine must equal, byte for byte,
//! what a fresh full build (`pipeline::build` into a temporary folder) writes.
//!
//! `cargo test --test serve_props` runs 16 sequences; `PROPTEST_CASES=500 cargo test
//! --release --test serve_props` runs longer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polybook::Config;
use polybook::incremental::{Engine, Output};
use polybook::pipeline::{self, BuildOptions};
use proptest::prelude::*;

const LOCALES: [&str; 2] = ["es-es", "zh-CN"];
const NAMES: [&str; 5] = ["a.md", "b.md", "c.md", "sub/d.md", "sub/e.md"];

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(16);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// One edit of the book.
#[derive(Debug, Clone)]
enum Edit {
    /// Writes a page (created if absent): front matter and body.
    Page { locale: usize, name: usize, front: Front, body: Vec<usize> },
    /// Removes a page.
    Remove { locale: usize, name: usize },
    /// Rewrites a locale's toc: these pages, in this order, the first ones nested under the first.
    Toc { locale: usize, entries: Vec<usize>, nested: bool },
    /// Rewrites the image's bytes.
    Image { locale: usize, bytes: u8 },
    /// Rewrites a static file.
    Static { text: u8 },
}

#[derive(Debug, Clone)]
struct Front {
    title: Option<usize>,
    toc_title: Option<usize>,
    asset: Option<usize>,
    machine: bool,
    date: Option<usize>,
    redirect: bool,
    broken: bool,
}

const TITLES: [&str; 3] = ["Inicio", "Guía", "概述"];
const DATES: [&str; 2] = ["07/23/2014", "2015-01-02"];

/// Pieces a body is made of.
const PIECES: &[&str] = &[
    "Some text.\n\n",
    "# Title heading\n\n",
    "## Section one\n\n",
    "## Section two\n\n",
    "### Detail\n\n",
    "## 安装\n\n",
    "[to a](a.md)\n\n",
    "[to b](../b.md)\n\n",
    "[to c section](c.md#section-one)\n\n",
    "[to d](sub/d.md)\n\n",
    "[to e by name](e)\n\n",
    "[missing](nothing.md)\n\n",
    "![image](img.png)\n\n",
    "![image](../img.png)\n\n",
    "```powershell\nGet-CsUser\n```\n\n",
    "```ps\nunclosed fence\n",
    "> [!NOTE]\n> Noted.\n\n",
    "<a name=\"anchor\"></a>\n\n",
];

fn front() -> impl Strategy<Value = Front> {
    (
        proptest::option::of(0..TITLES.len()),
        proptest::option::of(0..TITLES.len()),
        proptest::option::of(0..4usize),
        any::<bool>(),
        proptest::option::of(0..DATES.len()),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(title, toc_title, asset, machine, date, redirect, broken)| Front {
            title,
            toc_title,
            asset,
            machine,
            date,
            redirect,
            broken,
        })
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => (0..2usize, 0..NAMES.len(), front(), prop::collection::vec(0..PIECES.len(), 0..6))
            .prop_map(|(locale, name, front, body)| Edit::Page { locale, name, front, body }),
        1 => (0..2usize, 0..NAMES.len()).prop_map(|(locale, name)| Edit::Remove { locale, name }),
        2 => (0..2usize, prop::collection::vec(0..NAMES.len(), 0..5), any::<bool>())
            .prop_map(|(locale, entries, nested)| Edit::Toc { locale, entries, nested }),
        1 => (0..2usize, any::<u8>()).prop_map(|(locale, bytes)| Edit::Image { locale, bytes }),
        1 => any::<u8>().prop_map(|text| Edit::Static { text }),
    ]
}

fn page_text(front: &Front, body: &[usize]) -> String {
    let mut s = String::from("---\n");
    if front.broken {
        s.push_str("title: [unclosed\n");
    }
    if let Some(t) = front.title {
        s.push_str(&format!("title: {}\n", TITLES[t]));
    }
    if let Some(t) = front.toc_title {
        s.push_str(&format!("TOCTitle: {} nav\n", TITLES[t]));
    }
    if let Some(a) = front.asset {
        s.push_str(&format!("ms:assetid: {a}\n"));
    }
    s.push_str(if front.machine { "ms.translationtype: MT\n" } else { "ms.translationtype: HT\n" });
    if let Some(d) = front.date {
        s.push_str(&format!("ms.date: {}\n", DATES[d]));
    }
    if front.redirect {
        s.push_str("redirect_url: a\n");
    }
    s.push_str("---\n");
    for &p in body {
        s.push_str(PIECES[p]);
    }
    s
}

fn toc_text(entries: &[usize], nested: bool) -> String {
    let mut s = String::new();
    for (k, &e) in entries.iter().enumerate() {
        let indent = if nested && k > 0 { "    " } else { "" };
        if nested && k == 1 {
            s.push_str("  items:\n");
        }
        s.push_str(&format!("{indent}- name: Entry {k}\n{indent}  href: {}\n", NAMES[e]));
    }
    if s.is_empty() { "[]\n".into() } else { s }
}

/// Writes the starting book.
fn start(root: &Path) {
    let w = |rel: &str, text: &[u8]| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "book.toml",
        b"[book]\ntitle = \"Props\"\ndefault-locale = \"es-es\"\n\n\
          [locales.es-es]\nname = \"Espa\xc3\xb1ol\"\ncontent = \"content/es-es\"\ntoc = \"toc.yml\"\n\n\
          [locales.zh-CN]\nname = \"\xe4\xb8\xad\xe6\x96\x87\"\ncontent = \"content/zh-CN\"\ntoc = \"toc.yml\"\n\n\
          [output]\nsite-url = \"https://docs.example.com/\"\nstatic = \"static\"\n",
    );
    let plain = Front {
        title: Some(0),
        toc_title: None,
        asset: Some(1),
        machine: false,
        date: Some(0),
        redirect: false,
        broken: false,
    };
    for loc in LOCALES {
        w(&format!("content/{loc}/a.md"), page_text(&plain, &[1, 2, 3, 7, 12]).as_bytes());
        let other = Front { asset: Some(2), title: Some(1), ..plain.clone() };
        w(&format!("content/{loc}/b.md"), page_text(&other, &[2, 6, 8]).as_bytes());
        w(&format!("content/{loc}/img.png"), b"\x89PNG one");
        w(&format!("content/{loc}/toc.yml"), toc_text(&[0, 1], false).as_bytes());
    }
    w("static/robots.txt", b"User-agent: *\n");
}

/// Applies an edit on disk; returns the paths touched.
fn apply(root: &Path, edit: &Edit) -> Vec<PathBuf> {
    let content = |l: usize| root.join("content").join(LOCALES[l]);
    match edit {
        Edit::Page { locale, name, front, body } => {
            let p = content(*locale).join(NAMES[*name]);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, page_text(front, body)).unwrap();
            vec![p]
        }
        Edit::Remove { locale, name } => {
            let p = content(*locale).join(NAMES[*name]);
            let _ = std::fs::remove_file(&p);
            vec![p]
        }
        Edit::Toc { locale, entries, nested } => {
            let p = content(*locale).join("toc.yml");
            std::fs::write(&p, toc_text(entries, *nested)).unwrap();
            vec![p]
        }
        Edit::Image { locale, bytes } => {
            let p = content(*locale).join("img.png");
            std::fs::write(&p, [0x89, b'P', b'N', b'G', *bytes]).unwrap();
            vec![p]
        }
        Edit::Static { text } => {
            let p = root.join("static/robots.txt");
            std::fs::write(&p, format!("User-agent: *\nDisallow: /{text}\n")).unwrap();
            vec![p]
        }
    }
}

/// Every file of a folder, by `/`-separated relative path.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn engine_files(engine: &Engine) -> BTreeMap<String, Vec<u8>> {
    engine
        .outputs()
        .iter()
        .map(|(path, out)| {
            let bytes = match out {
                Output::Text(t) => t.as_bytes().to_vec(),
                Output::Bytes(b) => b.to_vec(),
                Output::Copy(from) => std::fs::read(from).unwrap(),
            };
            (path.clone(), bytes)
        })
        .collect()
}

/// The engine's site equals a full build's, file by file (its search index too, built
/// again as serve does once edits pause).
fn same_as_a_build(root: &Path, engine: &Engine, step: &str) -> Result<(), TestCaseError> {
    let dest = tempfile::tempdir().unwrap();
    let mut config = Config::load(root).unwrap();
    config.dest = dest.path().join("site");
    pipeline::build(config, &BuildOptions { write: true, ..Default::default() }).unwrap();
    let built = files_in(&dest.path().join("site"));
    let served = engine_files(engine);
    let only_built: Vec<&String> = built.keys().filter(|k| !served.contains_key(*k)).collect();
    let only_served: Vec<&String> = served.keys().filter(|k| !built.contains_key(*k)).collect();
    prop_assert!(
        only_built.is_empty() && only_served.is_empty(),
        "{step}: only built {only_built:?}, only served {only_served:?}"
    );
    for (path, bytes) in &built {
        if served[path] != *bytes {
            let diff = String::from_utf8_lossy(&served[path]).into_owned();
            let want = String::from_utf8_lossy(bytes).into_owned();
            prop_assert!(false, "{step}: {path} differs\n--- served\n{diff}\n--- built\n{want}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn serve_never_drifts_from_a_full_build(edits in prop::collection::vec(edit(), 1..10)) {
        let book = tempfile::tempdir().unwrap();
        let root = book.path().to_path_buf();
        start(&root);
        let loader_root = root.clone();
        let mut engine = Engine::new(Box::new(move || Config::load(&loader_root))).unwrap();
        same_as_a_build(&root, &engine, "first build")?;
        for (k, edit) in edits.iter().enumerate() {
            let paths = apply(&root, edit);
            engine.apply(&paths).unwrap();
            // As serve does once edits pause.
            engine.reindex().unwrap();
            same_as_a_build(&root, &engine, &format!("step {k}: {edit:?}"))?;
        }
    }
}

/// Only the files whose bytes changed are announced: a text edit names its page alone.
#[test]
fn a_text_edit_announces_its_page_alone() {
    let book = tempfile::tempdir().unwrap();
    let root = book.path().to_path_buf();
    start(&root);
    let loader_root = root.clone();
    let mut engine = Engine::new(Box::new(move || Config::load(&loader_root))).unwrap();
    let p = root.join("content/es-es/b.md");
    let text = std::fs::read_to_string(&p).unwrap().replace("[to a]", "[back to a]");
    std::fs::write(&p, text).unwrap();
    let update = engine.apply(std::slice::from_ref(&p)).unwrap();
    assert_eq!(update.changed, ["compare/es-es/b.html", "es-es/b.html"], "the page and its side-by-side view");
    assert!(!update.full);
    // The search index follows once edits pause.
    assert!(engine.index_stale());
    let index = engine.reindex().unwrap();
    assert!(!index.is_empty() && index.iter().all(|p| p.starts_with("es-es/search-index/")), "{index:?}");
    assert!(!engine.index_stale());
    // A heading renamed (its id changes) reaches the translation's switcher.
    let text = std::fs::read_to_string(&p).unwrap().replace("## Section one", "## Section renamed");
    std::fs::write(&p, text).unwrap();
    let update = engine.apply(std::slice::from_ref(&p)).unwrap();
    assert_eq!(update.changed, ["compare/es-es/b.html", "es-es/b.html", "zh-cn/b.html"]);
    // Saved unchanged: nothing.
    assert!(engine.apply(&[p]).unwrap().changed.is_empty());
}
