//! The real corpus (`../shared/corpus/lync-2013`), built once per test run into a
//! temporary folder (on tmpfs when there is one). Skipped, with a message, when
//! the corpus is absent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use polybook::diagnostics::Kind;
use polybook::{BuildOptions, BuildReport, Config};

use crate::support::{Page, corpus_book, text};

struct Built {
    report: BuildReport,
    site: PathBuf,
    _dir: tempfile::TempDir,
}

fn built() -> Option<&'static Built> {
    static BUILT: OnceLock<Option<Built>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let book = corpus_book()?;
            let shm = Path::new("/dev/shm");
            let dir = if shm.is_dir() { tempfile::tempdir_in(shm) } else { tempfile::tempdir() }.expect("temp dir");
            let mut config = Config::load(&book).expect("examples/lync-2013/book.toml loads");
            config.dest = dir.path().join("site");
            let report =
                polybook::build(config, &BuildOptions { write: true, ..Default::default() }).expect("corpus builds");
            Some(Built { report, site: dir.path().join("site"), _dir: dir })
        })
        .as_ref()
}

#[test]
fn builds_every_article_with_zero_errors() {
    let Some(b) = built() else { return };
    assert_eq!(b.report.report.errors(), 0);
    let pages: BTreeMap<&str, usize> = b.report.pages_per_locale.iter().map(|(l, n)| (l.as_str(), *n)).collect();
    assert_eq!(pages["zh-CN"], 1974);
    assert_eq!(pages["es-ES"], 1914);
    assert_eq!(b.report.translations_linked, 1911);
    let counts = b.report.report.counts_by_kind();
    eprintln!("corpus warnings by kind: {counts:?}");
    // The corpus's real problems: images its authors never committed (zh-CN), and
    // articles no toc lists (the zh-CN-only cmdlet reference pages, mostly).
    assert!(counts.keys().all(|k| matches!(k, Kind::MissingImage | Kind::NotInToc)), "{counts:?}");
}

#[test]
fn at_most_one_percent_of_internal_links_are_unresolved() {
    let Some(b) = built() else { return };
    let (resolved, unresolved) = b.report.links;
    assert!(resolved > 10_000, "{resolved}");
    assert!(unresolved * 100 <= resolved + unresolved, "{unresolved} of {}", resolved + unresolved);
}

#[test]
fn seed_article_is_cross_linked() {
    let Some(b) = built() else { return };
    let name = "LyncServer/lync-server-2013-first-steps-before-you-start-migrating-users-from-lync-online-to-lync-on-premises.html";
    let es = Page::open(&b.site.join("es-es").join(name));
    let href = es.attr(".lang-switch a[hreflang=zh-CN]", "href");
    assert!(es.target(&href).is_file());
    assert_eq!(es.attr("html", "lang"), "es-ES");
    assert!(!es.select("pre.code[data-lang=powershell] .hl-function").is_empty());
}

#[test]
fn hub_index_redirects_into_the_guide() {
    let Some(b) = built() else { return };
    let hub = Page::open(&b.site.join("es-es/Hub/index.html"));
    let target = hub.attr("link[rel=canonical]", "href");
    assert_eq!(target, "../LyncServer/microsoft-lync-server-2013.html");
    assert!(hub.target(&target).is_file());
}

#[test]
fn pages_do_not_carry_the_navigation_tree() {
    let Some(b) = built() else { return };
    let toc = std::fs::metadata(b.site.join("zh-cn/toc.js")).unwrap().len();
    assert!(toc > 100_000, "the tree is in toc.js ({toc} bytes)");
    let mut sizes: Vec<u64> = walkdir::WalkDir::new(b.site.join("zh-cn/LyncServer"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.metadata().unwrap().len())
        .collect();
    sizes.sort_unstable();
    let median = sizes[sizes.len() / 2];
    assert!(median < toc / 4, "median page {median} B vs toc {toc} B");
}

/// Every block the hand-labelled set calls PowerShell is highlighted as PowerShell in the built site.
#[test]
fn labelled_powershell_blocks_are_highlighted() {
    let Some(b) = built() else { return };
    let fixture =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/untagged-blocks.txt"))
            .unwrap();
    let mut pages: BTreeMap<PathBuf, Page> = BTreeMap::new();
    let mut checked = 0;
    for record in fixture.split("\n==> ").skip(1) {
        let (header, code) = record.split_once('\n').unwrap_or((record, ""));
        let (label, place) = header.split_once(" | ").unwrap();
        if label.trim() != "ps" {
            continue;
        }
        let (path, _line) = place.trim().rsplit_once(':').unwrap();
        let (locale, rel) = path.split_once('/').unwrap();
        let html = b.site.join(locale.to_lowercase()).join(rel.replace(".md", ".html"));
        let page = pages.entry(html.clone()).or_insert_with(|| Page::open(&html));
        let code = code.trim_end_matches('\n');
        let found = page.select("pre.code").into_iter().find(|pre| text(pre).trim_end_matches('\n') == code);
        let pre = found.unwrap_or_else(|| panic!("{place}: block not found in {}", html.display()));
        assert_eq!(pre.value().attr("data-lang"), Some("powershell"), "{place}");
        checked += 1;
    }
    assert!(checked >= 150, "{checked}");
}
