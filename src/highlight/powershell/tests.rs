//! The native tokenizer against the grammar: on the corpus and on generated lines.

use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use syntect::parsing::ParseState;
use syntect::util::LinesWithEndings;

use super::{Ops, Tokenizer};
use crate::config::RawHighlight;
use crate::highlight::{Highlighter, detect};

/// The grammar's ops for each line of `code`.
fn grammar_ops(h: &Highlighter, code: &str) -> Vec<Ops> {
    let syntax = h.find("powershell").expect("the PowerShell grammar");
    let mut state = ParseState::new(syntax);
    LinesWithEndings::from(code).map(|l| state.parse_line(l, &h.syntaxes).expect("parses")).collect()
}

/// Asserts native == grammar when the tokenizer accepts `code`; whether it did.
fn check(h: &Highlighter, t: &Tokenizer, code: &str) -> bool {
    let Some(native) = t.block_ops(code) else { return false };
    let grammar = grammar_ops(h, code);
    assert_eq!(native.len(), grammar.len(), "line count of {code:?}");
    for ((n, g), line) in native.iter().zip(&grammar).zip(LinesWithEndings::from(code)) {
        assert_eq!(n, g, "line {line:?} of {code:?}");
    }
    true
}

#[test]
fn known_lines_are_accepted_and_equal() {
    let (h, t) = (Highlighter::new(&RawHighlight::default()), Tokenizer::new());
    for code in [
        "Get-CsUser -Identity \"sip:kenmyer@litwareinc.com\" | Set-CsUser -Enabled $True\n",
        "Get-CsArchivingPolicy -Identity global\n",
        "Set-CsX -Identity 'site:Redmond' -Value 5 -Path C:\\Logs\\x.txt -Pool pool-a1.contoso # note\n",
        "$x = $null, $_, 35; Test-X -f 5 -In 3 -ceq 2 -not\n\nGet-X ## end",
        "Remove-X default where-x C:\\ -Confirm:$false -Pool atl-cs-001.contoso.net\n",
        "Get-X | Where-Object {$_.A.B -eq 1} | Set-X -Name <name> -Server srv.contoso.com\n",
        "Write-X \"a $x.Name b $_ $True@c.com $y\"\n",
        "Get-Y [-Domain <FQDN>] [-Confirm [<SwitchParameter>]] [-Size 2]\n",
        "$a.Name = Test-X -Filter {\n  A -eq 'b'\n}\n",
        // Hashtables: keys, nested script blocks and hashtables, one spread over lines.
        "Set-X -Route @{Add=$TCPRoute} -T @{Add= \"sip:a@b.com\",\"x\"; Remove = 'y'} @{in=1; b={c=1}; d=@{e=2}}\n",
        "$pathmap = @{\n\"A:B\"=\"C:\\CsData\";\"B\"=\"C:\\Logs\"\n}\nInstall-X -Map $pathmap\n",
        // Parentheses, members after them, method calls, `$(…)`.
        "$t = (Get-CsTenant -Filter {Name -eq \"a\"}).TenantId; $s.Update(); (x).where\n",
        "foreach ($u in $users) {$u.Name} -List($a.Identity) $p = ([Byte[]] $(Get-Content -Path \"C:\\a.jpg\"))\n",
        // `@name` (the grammar's splatted variables) in addresses.
        "Move-CsUser -Identity user@contoso.com -Target sip:a1@b.com <username>@contoso.com -MobileUser1@x.net\n",
        // Numbers: size suffixes, decimals, times, GUIDs, MAC addresses, dates, signs, exponents.
        "New-X -Identity 10Mb_Link -Size 10MB -Ip 192.168.0.240 -At 14.00:00:00 -N -5 -Tel tel:+14255550150 2E\n",
        "-Id 00000004-0000-0ff1-ce00-000000000000 -Mac 0A-23-CD-16-AA-2E -Date 6/1/2012 -U _.IPAddress 1.x E.164\n",
        // URLs and other words with `/`, `*`, `+`; a `.` before `/`.
        "-Url https://webdir.online.lync.com/Autodiscover/x.svc/root ./SysPrep.PS1 site:* *.contoso.net a+b\n",
        // Cmdlets inside and before other words; `static` and `hidden` standing alone.
        "Set-CsCdrConfiguration-EnablePurging; Web-Request-Monitor, Web-Static-Content -Static; Move-X.ps1\n",
        // Lone and compound operators, `%` and `?`, a line continuation.
        "- EnableHotdesking \"a\"-B $AG-Support $i++ $x += 1 %{$_} | ?{$_} %TEMP%\\x Get-X `\n -Y\n",
        // Redirections, types, variables with scopes of their own.
        "<Int32> [<Int32>] [-A 4>] [<hh:mm:ss>] [-LineUri tel:+1425] [<a[b]>] $pwd.Path \"$host $OFS\" $<x>\n",
        // Strings and block comments over several lines; `$` in single quotes.
        "Get-X \"a\nb $c\" 'd\n$e' <# f #> g <#\nh\n#> i <#>\n",
        // Words that begin a definition only at the start of a line; `using` alone.
        "Get-X -Name Workflow -Type function -Note using x\n",
    ] {
        assert!(check(&h, &t, code), "{code:?}");
    }
    for code in [
        "a-1.d\n",
        "[Parameter()]\n",
        "\"$x:y\"\n",
        "$env:X\n",
        "\"$(1)\"\n",
        "a.exe.x\n",
        "#requires -Version 3\n",
        "<# .SYNOPSIS\n",
        "@(1)\n",
        "@'\nx\n'@\n",
        "0x1F 1e5d\n",
        "\"a `n\"\n",
        "--% x\n",
        "function f {}\n",
        "using namespace x\n",
        "@{a.b=1}\n",
        "$x..5\n",
        "C:\\Get-X\n",
    ] {
        assert!(t.block_ops(code).is_none(), "{code:?}");
    }
}

/// The code blocks of the Markdown files under `dir`.
fn code_blocks(dir: &Path, out: &mut Vec<(bool, String)>) {
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("readable Markdown");
        let (mut code, mut tagged, mut inside) = (String::new(), false, false);
        for event in Parser::new(&text) {
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    inside = true;
                    code.clear();
                    tagged =
                        matches!(kind, CodeBlockKind::Fenced(info) if info.to_ascii_lowercase().contains("powershell"));
                }
                Event::Text(t) if inside => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    inside = false;
                    out.push((tagged || detect::looks_like_powershell(&code), code.clone()));
                }
                _ => {}
            }
        }
    }
}

#[test]
fn corpus_blocks_equal_the_grammar() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/lync-2013");
    if !root.is_dir() {
        eprintln!("skipped: no corpus at {}", root.display());
        return;
    }
    let mut blocks = Vec::new();
    for locale in ["zh-CN", "es-es"] {
        code_blocks(&root.join(locale), &mut blocks);
    }
    let (h, t) = (Highlighter::new(&RawHighlight::default()), Tokenizer::new());
    let mut seen = HashSet::new();
    let (mut accepted, mut total, mut ps_lines, mut ps_accepted_lines, mut all_accepted) = (0, 0, 0, 0, 0);
    for (powershell, code) in blocks {
        if !seen.insert(code.clone()) {
            continue;
        }
        total += 1;
        let lines = LinesWithEndings::from(&code).count();
        let ok = check(&h, &t, &code);
        all_accepted += usize::from(ok);
        if powershell {
            ps_lines += lines;
            if ok {
                accepted += 1;
                ps_accepted_lines += lines;
            }
        }
    }
    eprintln!(
        "distinct blocks: {total}, accepted {all_accepted}; PowerShell-looking: {accepted} blocks accepted, \
         {ps_accepted_lines} of {ps_lines} lines"
    );
    // The fast path must keep taking nearly all of the corpus (every line when last measured):
    // a grammar update that makes it refuse more would otherwise pass unseen.
    assert!(ps_accepted_lines * 100 >= ps_lines * 97, "only {ps_accepted_lines} of {ps_lines} lines accepted");
}

/// One highlighter and tokenizer for all generated cases (loading the grammars takes a while).
static SHARED: LazyLock<(Highlighter, Tokenizer)> =
    LazyLock::new(|| (Highlighter::new(&RawHighlight::default()), Tokenizer::new()));

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        "(Get|Set|New|Remove|Move|Where|Foo)-(Cs)?[A-Z][a-z]{0,6}[0-9]?",
        "(Get|Set)-[A-Z][a-z]{0,4}[0-9]?(-[A-Za-z]{1,4}|\\.(ps1|exe|com|Bat|x)|[.:/\\\\][a-z]{1,3})",
        "-[A-Za-z]{1,8}[0-9]?(:\\$x)?",
        "-[A-Za-z]{1,4}[0-9_][A-Za-z0-9]{0,3}",
        "-(eq|ine|cin|is|isnot|as|join|not|band|f|in|like|static|hidden|replace|using)",
        "-( |[0-9.]{1,3}[a-z]?|=|-)",
        "\"[a-z :@.$`#'-]{0,10}\"",
        "\"[a-z :@.-]{0,4}(\\$(x|_|true|null|host|pwd|ofs|args|[a-z]{1,4}[0-9]?)?[ .:@a-z\"(<^]{0,3}){1,3}\"",
        "'[a-z :@.\"#$-]{0,10}'",
        "[\"'][a-z $]{0,6}",
        "\\$(true|False|null|_|host|Host|args|pwd|this|ofs|OFS|ErrorActionPreference|x|_x|[A-Za-z_][A-Za-z0-9_]{0,5})(\\.[A-Za-z0-9]{0,3}){0,2}",
        "[$@]([ <\"'(:{]|[a-z]{1,3}(:|\\.[a-z]{1,3})?)",
        "[a-z]{1,4}@[a-z]{1,4}(\\.[a-z]{1,3}){0,2}",
        "(ForEach|where|Tee|Sort)-Object[s]?",
        "[0-9]{1,4}",
        "[-+]?[0-9_]{0,3}(\\.[0-9_]{0,3})?([kmgtpKMGTP][bB]|[dDmMuUlLeEfFxX_]|[a-z]{1,2})?([._][A-Za-z0-9]{1,3})?",
        "[0-9]{1,3}(Mb_Link|:[0-9]{2}|\\.[0-9]{1,3}\\.[0-9]{1,3})",
        "[|,=;<>{}\\[\\]()]",
        "@\\{|\\}|\\(|\\)",
        "[A-Za-z_][A-Za-z0-9_]{0,4}[ ]?=[ ]?",
        "\\)\\.[A-Za-z]{1,5}|\\.(where|foreach|x|5)",
        "\\[(-[A-Za-z]{1,6} )?<[A-Za-z0-9. ]{0,8}>\\]",
        "[A-Za-z][A-Za-z0-9_]{0,5}([:\\\\.-]{1,2}[A-Za-z0-9][a-z0-9]{0,4}){0,3}(\\.(com|exe|Bat|net))?",
        "[a-z]{1,3}-[0-9]{1,3}\\.(d|ul|kb|e5|net|lu|mkb|x)",
        "([A-Za-z0-9_]{1,3}[-./*+:\\\\]{1,2}){1,4}[A-Za-z0-9_]{0,2}",
        "https?://[a-z.]{1,10}(/[a-z0-9.]{0,5}){0,3}",
        "[a-z]{0,3}[-.:/+*](static|hidden|in|where|foreach|data|class|function)[-.:]?",
        "[A-Za-z]{0,3}[0-9]{0,2}[1-7]>[>&]?",
        "_[a-z0-9._]{0,3}",
        "(in|default|where|exit|using|class|function|workflow|data|static) ",
        "#( [a-z.]{0,8})?",
        "[%?!&`*/+.-]=?",
        "<#( ?[a-z.]{0,4})?|#>|>>|<<|[<>]#?",
        "[.>:/*+-]?[A-Za-z_][A-Za-z0-9_]{0,3}\\.(com|exe|Bat|cmd|ps1|x)([.:/-][a-z0-9]{1,3})?",
        "\\$\\(|\\)\\.|\\)",
        "[0-9]{1,2}\\.?[eE][0-9_]?[dDmMkKxX]?[bB]?",
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec((token(), prop_oneof![Just(" "), Just(""), Just("  "), Just("\t")]), 0..8)
        .prop_map(|parts| parts.into_iter().map(|(t, sep)| t + sep).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10000))]
    #[test]
    fn generated_lines_equal_the_grammar(lines in prop::collection::vec(line(), 1..4), last_newline in any::<bool>()) {
        let mut code = lines.join("\n");
        if last_newline {
            code.push('\n');
        }
        check(&SHARED.0, &SHARED.1, &code);
    }
}
