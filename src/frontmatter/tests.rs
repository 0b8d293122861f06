use super::*;

const KEY: &str = "ms:assetid";

fn parse_ok(text: &str) -> (FrontMatter, String, u32) {
    let (fm, body, line, diags) = parse(text, Path::new("p.md"), KEY);
    assert!(diags.is_empty(), "{diags:?}");
    (fm, body.to_owned(), line)
}

fn diag_of(text: &str) -> Diagnostic {
    let (_, _, _, mut diags) = parse(text, Path::new("p.md"), KEY);
    assert_eq!(diags.len(), 1, "{diags:?}");
    diags.remove(0)
}

#[test]
fn reads_corpus_keys() {
    let text = "---\ntitle: 'Lync: 第一步'\nTOCTitle: First steps\nms:assetid: 98245B04-DED4-4186-8DA3-BA1C554B5C39\nms.date: 07/23/2014\nms.translationtype: MT\nms.locfileid: \"34830142\"\n---\n# Body\n";
    let (fm, body, line) = parse_ok(text);
    assert_eq!(fm.title.as_deref(), Some("Lync: 第一步"));
    assert_eq!(fm.toc_title.as_deref(), Some("First steps"));
    assert_eq!(fm.asset_id.as_deref(), Some("98245b04-ded4-4186-8da3-ba1c554b5c39"));
    assert_eq!(fm.date, Some(Date { year: 2014, month: 7, day: 23 }));
    assert_eq!(fm.translation_type.as_deref(), Some("MT"));
    assert_eq!(fm.fields["ms.locfileid"], Json::String("34830142".into()));
    assert_eq!(body, "# Body\n");
    assert_eq!(line, 9);
}

#[test]
fn no_front_matter_is_reported_and_body_kept() {
    let (fm, body, _, diags) = parse("# Hi\n", Path::new("p.md"), KEY);
    assert_eq!(diags[0].kind, Kind::NoFrontMatter);
    assert!(fm.title.is_none());
    assert_eq!(body, "# Hi\n");
}

#[test]
fn unclosed_block_is_reported() {
    assert_eq!(diag_of("---\ntitle: x\n# never closed\n").kind, Kind::UnclosedFrontMatter);
}

#[test]
fn broken_yaml_names_the_line() {
    let d = diag_of("---\ntitle: ok\nbad: [unclosed\nother: 1\n---\nbody\n");
    assert_eq!(d.kind, Kind::InvalidFrontMatter);
    assert!(d.line >= 3, "{d:?}");
}

#[test]
fn tabs_in_yaml_are_reported() {
    let d = diag_of("---\ntitle: x\n\tms.date: 07/23/2014\n---\n");
    assert_eq!(d.kind, Kind::InvalidFrontMatter);
    assert_eq!(d.line, 3);
}

#[test]
fn list_title_is_a_wrong_type() {
    let d = diag_of("---\nms:assetid: 98245b04-ded4-4186-8da3-ba1c554b5c39\ntitle:\n  - a\n  - b\n---\n");
    assert_eq!(d.kind, Kind::InvalidFrontMatter);
    assert_eq!(d.line, 3);
}

#[test]
fn bad_date_is_reported() {
    let d = diag_of("---\nms.date: 13/45/2014\n---\n");
    assert_eq!(d.kind, Kind::BadDate);
    assert_eq!(d.line, 2);
}

#[test]
fn parses_dates() {
    assert_eq!(Date::parse("07/23/2014").unwrap().iso(), "2014-07-23");
    assert_eq!(Date::parse("2019-05-11").unwrap().iso(), "2019-05-11");
    assert_eq!(Date::parse("2019-05-11T10:00:00Z").unwrap().iso(), "2019-05-11");
    assert!(Date::parse("02/30/2014").is_none());
    assert!(Date::parse("soon").is_none());
}

#[test]
fn front_matter_only_file() {
    let (fm, body, _) = parse_ok("---\ntitle: t\n---\n");
    assert_eq!(fm.title.as_deref(), Some("t"));
    assert_eq!(body, "");
}

#[test]
fn first_heading_strips_anchor_tags() {
    assert_eq!(first_heading("x\n# <a name=\"a\"></a>Título\n").as_deref(), Some("Título"));
}

#[test]
fn yaml_messages_use_file_line_numbers() {
    assert_eq!(
        file_lines("at line 2 column 11, while parsing at line 1 column 8"),
        "at line 3 column 11, while parsing at line 2 column 8"
    );
}

#[test]
fn byte_order_mark_inside_the_block_names_its_line() {
    for (text, at) in [
        ("---\ntitle: T\n\u{FEFF}ms:assetid: x\n---\n# Body\n", (3, 1)),
        ("---\n\u{FEFF}title: T\nms:assetid: x\n---\n# Body\n", (2, 1)),
        ("---\ntitle: [T \u{FEFF}\n---\n", (2, 11)),
    ] {
        let d = diag_of(text);
        assert_eq!(d.kind, Kind::InvalidFrontMatter);
        assert_eq!((d.line, d.column), at, "{d:?}");
        assert!(d.message.contains("U+FEFF"), "{}", d.message);
    }
}

#[test]
fn closing_line_at_end_of_file_starts_the_body_on_its_line() {
    assert_eq!(split("---\n\n---").unwrap().body_line, 3);
    assert_eq!(split("---\n\n---\n").unwrap().body_line, 4);
    assert_eq!(split("---\ntitle: T\n...").unwrap().body, "");
}

#[test]
fn empty_file_is_one_diagnostic() {
    for text in ["", "\u{FEFF}", "\n\r\n  \n", "\u{FEFF}\t\n"] {
        let d = diag_of(text);
        assert_eq!((d.kind, d.message.as_str(), d.line), (Kind::NoFrontMatter, "the file is empty", 1), "{text:?}");
    }
    assert!(!is_empty("x") && !is_empty("---\n---\n"));
}
