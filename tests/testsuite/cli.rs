//! The command line's words: summary lines with correct plurals, what `--strict`
//! and `--quiet` print, configuration errors, help texts and the README agreeing.

use crate::support::Book;

/// Two locales with one linked page each; the English page has one broken link.
fn one_of_each() -> Book {
    let book = Book::empty();
    book.write(
        "book.toml",
        "[book]\ntitle = \"One\"\ndefault-locale = \"en\"\n\n\
         [locales.en]\nname = \"English\"\ncontent = \"en\"\n\n\
         [locales.fr]\nname = \"Français\"\ncontent = \"fr\"\n",
    )
    .write("en/a.md", "---\ntitle: A\nms:assetid: 7d9c2d1a-0000-4000-8000-000000000001\n---\n\nSee [b](b.md).\n")
    .write("fr/a.md", "---\ntitle: A fr\nms:assetid: 7d9c2d1a-0000-4000-8000-000000000001\n---\n\nTexte.\n");
    book
}

/// The summary line (`built …`/`checked …`) without its time.
fn summary_line(stderr: &str, verb: &str) -> String {
    let line = stderr.lines().find(|l| l.starts_with(verb)).unwrap_or_else(|| panic!("no `{verb}` line:\n{stderr}"));
    let (kept, time) = line.rsplit_once(" in ").expect("a time");
    assert!(time.ends_with(" s"), "{line}");
    kept.to_owned()
}

#[test]
fn summary_lines_say_one_page_one_translation_one_warning() {
    let book = one_of_each();
    let run = book.run(&["build"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let err = run.stderr();
    assert_eq!(err.lines().next(), Some("Building One (2 locales)…"));
    assert_eq!(
        summary_line(&err, "built "),
        "built 2 pages (en 1, fr 1), 1 translation linked, 1 link (1 unresolved), 0 errors, 1 warning"
    );
    let run = book.run(&["build", "--locale", "en"]);
    let err = run.stderr();
    assert_eq!(err.lines().next(), Some("Building One (1 locale)…"));
    assert_eq!(
        summary_line(&err, "built "),
        "built 1 page (en 1), 0 translations linked, 1 link (1 unresolved), 0 errors, 1 warning"
    );
}
