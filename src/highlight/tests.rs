use super::*;

fn highlighter() -> Highlighter {
    Highlighter::new(&RawHighlight::default())
}

#[test]
fn tagged_powershell_gets_classes() {
    let b = highlighter().highlight(Some("Powershell"), "Get-CsUser -Identity $x | Set-CsUser\n");
    assert_eq!(b.language, "powershell");
    assert!(b.html.contains("hl-support hl-function"), "{}", b.html);
    assert!(b.html.contains("hl-variable"), "{}", b.html);
}

#[test]
fn unknown_tags_are_plain_and_escaped() {
    let b = highlighter().highlight(Some("klingon"), "<tlhIngan> & Hol\n");
    assert_eq!(b.language, "plain");
    assert_eq!(b.unknown_tag.as_deref(), Some("klingon"));
    assert!(b.html.contains("&lt;tlhIngan&gt; &amp; Hol"));
}

#[test]
fn untagged_output_stays_plain() {
    let b = highlighter().highlight(None, "Identity : Global\nEnabled  : True\n");
    assert_eq!(b.language, "plain");
}

#[test]
fn untagged_cmdlets_are_detected() {
    let b = highlighter().highlight(None, "Get-CsArchivingPolicy -Identity global\n");
    assert_eq!(b.language, "powershell");
}

#[test]
fn detection_can_be_turned_off() {
    let h = Highlighter::new(&RawHighlight { detect: false, ..RawHighlight::default() });
    assert_eq!(h.highlight(None, "Get-CsUser\n").language, "plain");
}

#[test]
fn console_prompts_are_split() {
    assert_eq!(split_prompt("PS C:\\> Get-CsUser\n"), Some(("PS C:\\> ", "Get-CsUser\n", "powershell")));
    assert_eq!(split_prompt("C:\\Tools> dir\n"), Some(("C:\\Tools> ", "dir\n", "batch")));
    assert_eq!(split_prompt("$ ls\n"), Some(("$ ", "ls\n", "bash")));
    assert_eq!(split_prompt("output line\n"), None);
    let b = highlighter().highlight(Some("console"), "PS C:\\> Get-CsUser\nresult\n");
    assert!(b.html.contains("hl-prompt"));
    assert!(b.html.contains("hl-output"));
}

#[test]
fn grammars_for_corpus_languages_exist() {
    let h = highlighter();
    for l in ["powershell", "batch", "xml", "bash", "json", "yaml", "csharp", "sql", "ini"] {
        assert!(h.knows(l), "{l}");
    }
}

#[test]
fn repeated_blocks_come_from_the_cache() {
    let h = highlighter();
    let a = h.highlight(Some("ps1"), "Get-CsUser\n");
    let b = h.highlight(Some("PowerShell"), "Get-CsUser\n");
    assert!(Arc::ptr_eq(&a.html, &b.html));
}

#[test]
fn powershell_parameters_are_one_token() {
    let b = highlighter().highlight(Some("powershell"), "Move-CsConferenceDirectory -Identity 3 -TargetPool \"p\"\n");
    assert!(b.html.contains("<span class=\"hl-variable hl-parameter hl-powershell\">-Identity</span>"), "{}", b.html);
    assert!(b.html.contains("<span class=\"hl-variable hl-parameter hl-powershell\">-TargetPool</span>"), "{}", b.html);
    // Comparison operators keep their own scope.
    let b = highlighter().highlight(Some("powershell"), "$_.ServiceID -match \"x\"\n");
    assert!(b.html.contains("hl-comparison hl-powershell\">-match</span>"), "{}", b.html);
}

proptest::proptest! {
    #[test]
    fn escaping_word_by_word_is_escaping_each_character(
        s in proptest::string::string_regex("(a|&|<|>|\"|'|配|é| |xyzw1234){0,40}").unwrap(),
        apostrophe: bool,
    ) {
        let mut expected = s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        if apostrophe {
            expected = expected.replace('\'', "&#39;");
        }
        let mut out = String::from("kept:");
        escape_into(&mut out, &s, apostrophe);
        proptest::prop_assert_eq!(out, format!("kept:{expected}"));
    }
}
