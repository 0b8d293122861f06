//! `polybook check`: every check kind (positive and negative), the JSON format,
//! exit codes, `--strict` and `[check]` levels.

use crate::support::Book;

fn problems() -> Book {
    Book::fixture("problems")
}

/// The JSON diagnostics of `polybook check --format json`.
fn json(book: &Book, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let run = book.run(&args);
    let items = run.stdout().lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    (run.code(), items)
}

fn find<'a>(items: &'a [serde_json::Value], kind: &str, file_end: &str) -> Vec<&'a serde_json::Value> {
    items.iter().filter(|d| d["kind"] == kind && d["file"].as_str().unwrap().ends_with(file_end)).collect()
}

#[test]
fn each_kind_is_found_where_it_is() {
    let book = problems();
    let (code, items) = json(&book, &[]);
    assert_eq!(code, 0, "warnings do not fail a normal check");
    let expect = [
        ("broken-link", "links.md", 7, 13),
        ("broken-fragment", "links.md", 10, 27),
        ("missing-image", "links.md", 12, 18),
        ("link-outside-book", "links.md", 13, 11),
        ("absolute-path", "links.md", 14, 12),
        ("broken-link", "links.md", 15, 14),
        ("malformed-asset-id", "dates.md", 3, 1),
        ("bad-date", "dates.md", 4, 1),
        ("unterminated-fence", "fence.md", 9, 1),
        ("toc-missing-file", "toc.yml", 6, 9),
    ];
    for (kind, file, line, column) in expect {
        let found = find(&items, kind, file);
        assert!(
            found.iter().any(|d| d["line"] == line && d["column"] == column),
            "{kind} at {file}:{line}:{column} not in {found:?}"
        );
    }
    // Both files of a duplicate asset id are named.
    let dup = find(&items, "duplicate-asset-id", "good.md");
    assert_eq!(dup.len(), 1);
    assert!(dup[0]["message"].as_str().unwrap().contains("duplicate.md"));
    assert_eq!(items.len(), expect.len() + 1, "{items:#?}");
}

#[test]
fn valid_links_and_anchors_are_not_reported() {
    let book = problems();
    let (_, items) = json(&book, &[]);
    for d in &items {
        let msg = d["message"].as_str().unwrap();
        assert!(!msg.contains("section-one") && !msg.contains("legacy-anchor") && !msg.contains("#links"), "{d}");
    }
    // The good page has no diagnostic.
    assert!(
        items.iter().all(|d| !d["file"].as_str().unwrap().ends_with("good.md") || d["kind"] == "duplicate-asset-id")
    );
}

#[test]
fn hints_help() {
    let book = problems();
    let (_, items) = json(&book, &[]);
    let near = find(&items, "broken-link", "links.md").into_iter().find(|d| d["line"] == 7).unwrap();
    assert_eq!(near["hint"], "did you mean `good.md`?");
    let other_locale = find(&items, "broken-link", "links.md").into_iter().find(|d| d["line"] == 15).unwrap();
    assert!(other_locale["hint"].as_str().unwrap().contains("only in fr"));
}

#[test]
fn json_fields_are_stable() {
    let book = problems();
    let (_, items) = json(&book, &[]);
    for d in &items {
        let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["column", "file", "hint", "kind", "line", "message", "severity"], "{d}");
        assert_eq!(d["severity"], "warning");
    }
}

#[test]
fn human_format_is_like_a_compiler() {
    let book = problems();
    let run = book.run(&["check"]);
    let err = run.stderr();
    assert!(err.contains("warning[broken-link]: link target `goood.md` does not exist"), "{err}");
    assert!(err.contains("--> content/en/links.md:7:13"), "{err}");
    assert!(err.contains("7 | [near miss](goood.md)"), "{err}");
    assert!(err.contains("  |             ^^^^^^^^"), "{err}");
    assert!(err.contains("= hint: did you mean `good.md`?"), "{err}");
    assert!(err.contains("     2 broken-link"), "{err}");
    assert!(!err.contains('\x1b'), "no colours when not on a terminal");
    assert!(!book.site().exists(), "check writes nothing");
}

#[test]
fn strict_and_levels_decide_the_exit_code() {
    let book = problems();
    assert_eq!(book.run(&["check", "--strict"]).code(), 1);
    // Deny one kind: errors exit 1 even without --strict.
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write("book.toml", format!("{toml}\n[check]\nbad-date = \"deny\"\n"));
    let (code, items) = json(&book, &[]);
    assert_eq!(code, 1);
    assert_eq!(find(&items, "bad-date", "dates.md")[0]["severity"], "error");
    // Allow every kind present: clean, even with --strict.
    let allow: String = [
        "broken-link",
        "broken-fragment",
        "missing-image",
        "link-outside-book",
        "absolute-path",
        "malformed-asset-id",
        "bad-date",
        "unterminated-fence",
        "toc-missing-file",
        "duplicate-asset-id",
    ]
    .iter()
    .map(|k| format!("{k} = \"allow\"\n"))
    .collect();
    book.write("book.toml", format!("{toml}\n[check]\n{allow}"));
    let (code, items) = json(&book, &["--strict"]);
    assert_eq!((code, items.len()), (0, 0), "{items:?}");
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let book = problems();
    book.write("book.toml", "[book]\ntitle = \"x\"\ndefault-locale = \"en\"\ncolour = 1\n[locales.en]\nname = \"E\"\ncontent = \"content/en\"\n");
    let run = book.run(&["check"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("book.toml"), "{}", run.stderr());
    assert!(run.stderr().contains("colour"), "{}", run.stderr());
    assert_eq!(book.run(&["check", "--no-such-flag"]).code(), 2);
    assert_eq!(Book::empty().run(&["check"]).code(), 2);
    assert_eq!(problems().run(&["check", "--locale", "de"]).code(), 2);
    let themed = problems();
    let toml = std::fs::read_to_string(themed.root().join("book.toml")).unwrap();
    themed.write("book.toml", format!("{toml}\n[highlight]\ndark-theme = \"Pitch Black\"\n"));
    let run = themed.run(&["build"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("unknown highlight theme `Pitch Black`"), "{}", run.stderr());
}

#[test]
fn status_reports_coverage() {
    let book = Book::fixture("bilingual");
    let run = book.run(&["status", "--format", "json"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout()).unwrap();
    let es = rows.iter().find(|r| r["lang"] == "es-ES").unwrap();
    let zh = rows.iter().find(|r| r["lang"] == "zh-CN").unwrap();
    assert_eq!((es["translated"].as_u64(), es["missing"].as_u64()), (Some(2), Some(1)));
    assert_eq!(es["missing_list"][0]["path"], "guide/only-zh.md");
    assert_eq!(
        (zh["translated"].as_u64(), zh["only_here"].as_u64(), zh["machine"].as_u64()),
        (Some(2), Some(1), Some(3))
    );
    // zh first-steps has ms.date 2014 while the es-ES reference says 2017: stale.
    assert_eq!(zh["stale"].as_u64(), Some(1));
    assert_eq!(zh["stale_list"][0]["path"], "guide/first-steps.md");
    let table = book.run(&["status"]).stdout();
    assert!(table.lines().next().unwrap().contains("translated"), "{table}");
    // The dashboard page lists the same, linked.
    book.build();
    let dash = book.page("status.html");
    assert!(!dash.select("a[href=\"zh-cn/guide/only-zh.html\"]").is_empty());
}

/// Valid CommonMark that looks like trouble produces no diagnostic.
#[test]
fn no_false_positives_on_valid_commonmark() {
    let book = Book::empty();
    book.write(
        "book.toml",
        "[book]\ntitle = \"V\"\ndefault-locale = \"en\"\n[locales.en]\nname = \"E\"\ncontent = \"content\"\ntoc = \"toc.yml\"\n",
    );
    book.write("content/toc.yml", "- name: A\n  href: a.md\n- name: Other page\n  href: sub/other page.md\n");
    book.write(
        "content/sub/other page.md",
        "---\ntitle: O\nms:assetid: 30000000-0000-0000-0000-000000000002\n---\n# Other\n\n## Über uns\n",
    );
    book.write("content/sub/images/a (1).png", [0x89, b'P', b'N', b'G']);
    book.write(
        "content/a.md",
        concat!(
            "---\ntitle: A\nms:assetid: 30000000-0000-0000-0000-000000000001\nms.date: 2020-02-29\n---\n",
            "# A\n\n",
            "Code spans are not links: `[x](missing.md)` and ``![i](missing.png)``.\n\n",
            "    [indented](missing.md) is code too\n\n",
            "~~~\n[fenced](missing.md)\n~~~\n\n",
            "[angle](<sub/other page.md>) [title](sub/other%20page.md \"T\") [ref][r] [collapsed][]\n\n",
            "[r]: sub/other%20page.md#über-uns\n[collapsed]: #a\n\n",
            "![img](<sub/images/a (1).png>) <https://example.com/x.md> <mail@example.com> [ext](http://example.com/missing.md)\n\n",
            "<a href=\"sub/other%20page.md\">html</a> <a href=\"#a\">top</a> <a name=\"here\"></a> [here](#here)\n\n",
            "Escaped \\[not](a link).\n",
        ),
    );
    let run = book.run(&["check", "--format", "json", "--strict"]);
    assert_eq!(run.code(), 0, "{}{}", run.stdout(), run.stderr());
    assert_eq!(run.stdout(), "");
}

#[test]
fn output_into_a_closed_pipe_does_not_panic() {
    // `polybook status | head -1`, `polybook check --format json | head`: the reader goes away.
    let book = problems();
    for args in [&["-v", "status"][..], &["check", "--format", "json"], &["check"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_polybook"))
            .args(args)
            .current_dir(book.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn polybook");
        drop(child.stdout.take());
        if args == ["check"] {
            // Human diagnostics go to stderr: close that instead, keep stdout.
            drop(child.stderr.take());
        }
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {:?}", out.status);
    }
}
