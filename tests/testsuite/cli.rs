//! The command line's words: summary lines with correct plurals, what `--strict`
//! and `--quiet` print, configuration errors, help texts and the README agreeing.

use std::collections::BTreeSet;

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

/// `polybook <args…>` run anywhere (for help texts).
fn polybook(args: &[&str]) -> String {
    let run = Book::empty().run(args);
    assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
    run.stdout()
}

/// The long flags (`--name`) in a text.
fn long_flags(text: &str) -> BTreeSet<String> {
    text.match_indices("--")
        .filter(|(at, _)| !text[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '-'))
        .map(|(at, _)| {
            let name: String = text[at + 2..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '-').collect();
            format!("--{name}")
        })
        .filter(|f| f.len() > 2)
        .collect()
}

/// The flags a help text offers: the first long flag of each option line.
fn offered(help: &str) -> BTreeSet<String> {
    help.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| long_flags(l.split("  ").next().unwrap_or(l)).into_iter().next())
        .collect()
}

/// The README's Commands block, line by line.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("## Commands").expect("a Commands section")..];
    let block = section.split("```").nth(1).expect("a code block in the Commands section");
    block.lines().map(str::to_owned).collect()
}

#[test]
fn every_flag_of_every_help_is_in_the_readme_and_no_other() {
    let readme = readme_commands();
    // The flags of every line that starts so (a command may have several forms).
    let flags_of = |start: &str| {
        let lines: Vec<&String> = readme.iter().filter(|l| l.starts_with(start)).collect();
        assert!(!lines.is_empty(), "the README's Commands block has no `{start}` line:\n{}", readme.join("\n"));
        lines.into_iter().flat_map(|l| long_flags(l)).collect::<BTreeSet<String>>()
    };
    let every = flags_of("every command:");
    let top = polybook(&["--help"]);
    let mut readme_flags: BTreeSet<String> = every.clone();
    readme_flags.extend(flags_of("polybook --version"));
    assert!(offered(&top).is_subset(&readme_flags), "top-level flags {:?} vs README {readme_flags:?}", offered(&top));
    let commands: Vec<&str> = top
        .split("Commands:")
        .nth(1)
        .expect("a Commands list")
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 6, "{commands:?}");
    for command in commands {
        let help = polybook(&[command, "--help"]);
        let own = flags_of(&format!("polybook {command} "));
        let documented: BTreeSet<String> = own.union(&every).cloned().collect();
        let offered = offered(&help);
        let missing: Vec<_> = offered.difference(&documented).collect();
        assert!(missing.is_empty(), "`{command} --help` offers {missing:?}, the README's Commands block does not");
        let unknown: Vec<_> = own.difference(&offered).collect();
        assert!(unknown.is_empty(), "the README gives `{command}` {unknown:?}, its --help does not");
    }
}

#[test]
fn each_help_speaks_of_its_own_command() {
    let check = polybook(&["check", "--help"]);
    assert!(check.contains("Any warning fails the check"), "{check}");
    assert!(!check.contains("nothing is written"), "{check}");
    let status = polybook(&["status", "--help"]);
    assert!(!status.contains("per line") && !status.contains("check"), "{status}");
    assert!(status.contains("missing and each stale page"), "{status}");
    let serve = polybook(&["serve", "--help"]);
    assert!(!offered(&serve).contains("--strict"), "serve has no --strict: {serve}");
    assert!(!offered(&serve).contains("--verbose"), "serve prints nothing more with --verbose: {serve}");
    // Hidden there, still accepted.
    let book = Book::fixture("bilingual");
    assert_eq!(book.run(&["status", "--quiet"]).code(), 0);
}

#[test]
fn strict_says_why_it_failed_even_when_quiet() {
    let book = one_of_each();
    for quiet in [false, true] {
        let mut args = vec!["check", "--strict"];
        args.extend(quiet.then_some("-q"));
        let run = book.run(&args);
        assert_eq!(run.code(), 1, "{args:?}");
        let err = run.stderr();
        assert!(err.starts_with("warning[broken-link]: link target `b.md` does not exist\n"), "{args:?}:\n{err}");
        let last = err.lines().last().unwrap();
        assert!(
            last.starts_with("checked 2 pages") && last.ends_with(" s; --strict: warnings fail the check"),
            "{last}"
        );
    }
    // Without --strict the same check passes, and -q prints nothing.
    let run = book.run(&["check", "-q"]);
    assert_eq!((run.code(), run.stderr().as_str()), (0, ""));
    let run = book.run(&["check"]);
    assert!(!run.stderr().contains("--strict"), "{}", run.stderr());
    // build --strict -q: the warning and why nothing was written.
    let run = book.run(&["build", "--strict", "-q"]);
    assert_eq!(run.code(), 1);
    let err = run.stderr();
    assert!(err.starts_with("warning[broken-link]"), "{err}");
    assert_eq!(
        err.lines().last(),
        Some("error: the build failed with --strict (0 errors, 1 warning): the site was not written")
    );
    assert!(!book.site().exists());
}

/// `one_of_each` with `old` replaced by `new` in book.toml.
fn with_config(old: &str, new: &str) -> Book {
    let book = one_of_each();
    let path = book.root().join("book.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(old));
    std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
    book
}

#[test]
fn configuration_errors_come_before_the_build_in_one_shape() {
    // A wrong type (found by the TOML parser) and an unknown theme (found by polybook)
    // look alike: a diagnostic pointing into book.toml, exit code 2, nothing built.
    let cases = [
        (
            with_config("title = \"One\"", "title = 1"),
            vec![
                "error: invalid type: integer `1`, expected a string",
                " --> book.toml:2:9",
                "  |",
                "2 | title = 1",
                "  |         ^",
            ],
        ),
        (
            with_config("title = \"One\"", "title = \"One\"\ntheme = \"nope\""),
            vec![
                "error: unknown theme `nope`",
                " --> book.toml:3:9",
                "  |",
                "3 | theme = \"nope\"",
                "  |         ^^^^^^",
                "  |",
                "  = hint: the built-in theme is `default`; a theme of the book needs the folder themes/nope/templates/",
            ],
        ),
    ];
    for (book, expected) in cases {
        let run = book.run(&["build"]);
        assert_eq!(run.code(), 2);
        let err = run.stderr();
        assert_eq!(err.lines().collect::<Vec<_>>(), expected, "{err}");
        assert!(err.ends_with("^\n") || err.ends_with("/\n"), "no blank line after the last thing said: {err:?}");
        assert!(!book.site().exists());
    }
    // A refused destination too is said before `Building…`.
    let book = one_of_each();
    let run = book.run(&["build", "--dest", "."]);
    assert_eq!(run.code(), 2);
    let err = run.stderr();
    assert!(err.starts_with("error: refusing to write the site to "), "{err}");
    assert!(err.ends_with(": it is the book folder or contains it\n") && err.lines().count() == 1, "{err}");
}

#[test]
fn each_diagnostic_is_followed_by_one_blank_line() {
    let book = one_of_each();
    book.write(
        "en/a.md",
        "---\ntitle: A\nms:assetid: 7d9c2d1a-0000-4000-8000-000000000001\n---\n\nSee [b](b.md) and [c](c.md).\n",
    );
    let run = book.run(&["check"]);
    let err = run.stderr();
    let blocks: Vec<&str> = err.split("\n\n").collect();
    assert_eq!(blocks.len(), 3, "two diagnostics of one file, then counts and summary:\n{err}");
    assert!(blocks[0].starts_with("warning[broken-link]: link target `b.md`"), "{err}");
    assert!(blocks[1].starts_with("warning[broken-link]: link target `c.md`"), "{err}");
    assert!(blocks[1].ends_with("  = hint: did you mean `a.md`?"), "a hint closes the diagnostic:\n{err}");
    assert!(blocks[2].starts_with("     2 broken-link\nchecked 2 pages"), "{err}");
    assert!(!err.contains("\n\n\n"), "{err}");
}

/// The README's example book.toml.
fn readme_book_toml() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("## book.toml").expect("a book.toml section")..];
    let block = section.split("```toml\n").nth(1).expect("a toml block");
    block.split("```").next().unwrap().to_owned()
}

#[test]
fn the_readmes_book_toml_builds_in_the_sample_book_and_names_the_folders_it_needs() {
    let book = Book::sample();
    book.write("book.toml", readme_book_toml());
    let run = book.run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 0, "warnings only: {}", run.stdout());
    let missing: Vec<serde_json::Value> = run
        .stdout()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|d| d["kind"] != "broken-link")
        .collect();
    assert_eq!(missing.len(), 2, "{missing:#?}");
    assert!(missing.iter().all(|d| d["kind"] == "missing-copy-source" && d["severity"] == "warning"));
    assert!(missing[0]["file"].as_str().unwrap().ends_with("content/es-es/downloads"), "{missing:#?}");
    assert!(missing[0]["hint"].as_str().unwrap().contains("remove `downloads` from `copy` of locale es-ES"));
    assert!(missing[1]["file"].as_str().unwrap().ends_with("static"), "{missing:#?}");
    assert!(missing[1]["hint"].as_str().unwrap().contains("remove `static` from [output]"));
    // With the two folders the README's comments name, nothing is missing.
    book.write("content/es-es/downloads/tools.zip", "zip").write("static/robots.txt", "User-agent: *");
    let run = book.run(&["build"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(!run.stderr().contains("missing-copy-source"), "{}", run.stderr());
    assert!(book.site().join("robots.txt").is_file() && book.site().join("es-es/downloads/tools.zip").is_file());
}

#[test]
fn the_readme_lists_every_diagnostic_kind_with_its_level() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("Kinds (default level in brackets):").expect("the list of kinds");
    let list = &readme[start..start + readme[start..].find("\n\n").unwrap()];
    // `a`, `b` [warn], `c` [allow]: each kind takes the level of the next bracket.
    let mut levels = std::collections::BTreeMap::new();
    let mut pending = Vec::new();
    for (i, piece) in list.split('`').enumerate() {
        if i % 2 == 1 {
            pending.push(piece.to_owned());
        } else if let Some(level) = piece.split_once('[').and_then(|(_, rest)| rest.split_once(']')).map(|(l, _)| l) {
            levels.extend(pending.drain(..).map(|name| (name, level.to_owned())));
        }
    }
    for kind in polybook::diagnostics::Kind::all() {
        let level = format!("{:?}", kind.default_level()).to_lowercase();
        assert_eq!(levels.get(kind.name()), Some(&level), "`{}` in the README's list of kinds", kind.name());
    }
}
