//! Builds in parts: `polybook manifest`, then `build --manifest` per locale, per
//! shard and for the root; the parts' folders copied together equal a full build,
//! file by file and byte for byte.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::Book;

/// Every file under `dir`: path relative to it → contents.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The bilingual fixture with a static folder and a `copy` entry, so every kind of
/// file a part may write is there (side-by-side views included).
fn book() -> Book {
    let book = Book::fixture("bilingual");
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    let toml = toml.replace("[output]\n", "[output]\nstatic = \"static\"\n").replace(
        "toc = \"guide/toc/toc.yml\"\n\n[locales.zh-CN]",
        "toc = \"guide/toc/toc.yml\"\ncopy = [\"guide/images\"]\n\n[locales.zh-CN]",
    );
    book.write("book.toml", toml);
    book.write("static/robots.txt", "User-agent: *\n");
    book
}

fn manifest(book: &Book) {
    let run = book.run(&["manifest", "--output", "manifest.json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
}

#[test]
fn parts_copied_together_equal_the_full_build() {
    let book = book();
    book.build();
    let full = files(&book.site());
    manifest(&book);
    let parts: [&[&str]; 5] = [
        &["--locale", "es-es"],
        &["--locale", "zh-CN", "--shard", "1/2"],
        &["--locale", "zh-cn", "--shard", "2/2"],
        &["--root"],
        &["--compare"],
    ];
    let mut merged: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (n, part) in parts.iter().enumerate() {
        let dest = format!("parts/{n}");
        let mut args = vec!["build", "--manifest", "manifest.json", "--dest", &dest];
        args.extend_from_slice(part);
        let run = book.run(&args);
        assert_eq!(run.code(), 0, "{part:?}: {}", run.stderr());
        assert!(!run.stderr().contains("stale-manifest"), "{}", run.stderr());
        let written = files(&book.root().join(&dest));
        assert!(!written.is_empty(), "{part:?} wrote nothing");
        for (path, bytes) in written {
            if let Some(other) = merged.insert(path.clone(), bytes.clone()) {
                assert_eq!(other, bytes, "two parts wrote different {path}");
            }
        }
    }
    // A locale built in one part gets its search index; a locale split into shards
    // gets none from them (each has only some of its pages): its index is a part of
    // its own, read from the pages the shards wrote, copied into one folder.
    assert!(merged.keys().any(|k| k.starts_with("es-es/search-index/")), "the es-es part wrote its index");
    assert!(!merged.keys().any(|k| k.starts_with("zh-cn/search-index/")), "a shard wrote an index");
    for (path, bytes) in files(&book.root().join("parts/1")).into_iter().chain(files(&book.root().join("parts/2"))) {
        book.write(&format!("zh-shards/{path}"), bytes);
    }
    let run = book.run(&[
        "build",
        "--manifest",
        "manifest.json",
        "--locale",
        "zh-CN",
        "--search-from",
        "zh-shards",
        "--dest",
        "parts/5",
    ]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let index = files(&book.root().join("parts/5"));
    assert!(!index.is_empty() && index.keys().all(|k| k.starts_with("zh-cn/search-index/")), "{:?}", index.keys());
    merged.extend(index);
    let missing: Vec<&String> = full.keys().filter(|k| !merged.contains_key(*k)).collect();
    let extra: Vec<&String> = merged.keys().filter(|k| !full.contains_key(*k)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing {missing:?}, extra {extra:?}");
    for (path, bytes) in full.iter().filter(|(k, _)| merged.contains_key(*k)) {
        assert!(merged[path] == *bytes, "{path} differs from the full build's");
    }
    assert!(full.contains_key("robots.txt") && full.contains_key("sitemap.xml") && full.contains_key("status.html"));
    assert!(full.keys().any(|k| k.starts_with("compare/")), "the fixture has side-by-side views");
}

#[test]
fn shards_split_a_locale_and_only_the_first_writes_its_home() {
    let book = book();
    manifest(&book);
    let pages = |dest: &str| {
        files(&book.root().join(dest)).into_keys().filter(|k| k.starts_with("zh-cn/guide/")).collect::<Vec<_>>()
    };
    for (shard, dest) in [("1/2", "one"), ("2/2", "two")] {
        let run =
            book.run(&["build", "--manifest", "manifest.json", "--locale", "zh-CN", "--shard", shard, "--dest", dest]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
    }
    let (one, two) = (pages("one"), pages("two"));
    assert!(!one.is_empty() && !two.is_empty(), "{one:?} {two:?}");
    assert!(one.iter().all(|p| !two.contains(p)), "shards overlap: {one:?} {two:?}");
    assert!(book.root().join("one/zh-cn/index.html").is_file());
    assert!(!book.root().join("two/zh-cn/index.html").exists());
    assert!(!book.root().join("one/index.html").exists(), "the root is the root part's");
}

#[test]
fn a_part_says_when_its_files_differ_from_the_manifest() {
    let book = book();
    manifest(&book);
    let page = "content/es-es/guide/primeros-pasos.md";
    let text = std::fs::read_to_string(book.root().join(page)).unwrap();
    book.write(page, text.replace("# ", "# Nuevo ")); // headings change: other parts saw the old ones
    let run = book.run(&["build", "--manifest", "manifest.json", "--locale", "es-es", "--dest", "es"]);
    assert_eq!(run.code(), 0);
    let err = run.stderr();
    assert!(err.contains("warning[stale-manifest]") && err.contains("primeros-pasos.md"), "{err}");
}

#[test]
fn part_options_are_checked() {
    let book = book();
    manifest(&book);
    for (args, expected) in [
        (&["build", "--manifest", "manifest.json"][..], "name the part to build"),
        (&["build", "--manifest", "manifest.json", "--locale", "es-es", "--shard", "3/2"][..], "--shard 3/2"),
        (&["build", "--manifest", "manifest.json", "--locale", "fr-FR"][..], "not a locale of this book"),
        (&["build", "--manifest", "missing.json", "--root"][..], "cannot read it"),
        (&["build", "--manifest", "book.toml", "--root"][..], "not a polybook manifest"),
        (&["build", "--shard", "1/2"][..], "--manifest"),
        (&["build", "--manifest", "manifest.json", "--search-from", "x"][..], "--locale"),
        (
            &["build", "--manifest", "manifest.json", "--locale", "zh-CN", "--search-from", "nowhere"][..],
            "shards were copied into",
        ),
    ] {
        let run = book.run(args);
        assert_eq!(run.code(), 2, "{args:?}");
        assert!(run.stderr().contains(expected), "{args:?}: {}", run.stderr());
    }
}
