//! Detection of PowerShell in untagged code blocks.
//!
//! The Lync Server docs hold thousands of code blocks without an info string (indented
//! blocks and bare fences). Most are Lync Server Management Shell commands, but many are
//! cmdlet output (`Identity : Global`), XML, registry files, SQL, URLs or `cmd.exe`
//! commands. [`looks_like_powershell`] tells them apart without a regex engine: every
//! non-blank line casts a vote (PowerShell, plain or neutral) and the block is PowerShell
//! when it has at least one PowerShell vote and no more plain votes than PowerShell ones.
//!
//! PowerShell votes come from cmdlets (`Verb-Noun` with an approved verb) at the start of a
//! line or after a pipe, `$variables`, `-Parameter` lines, script keywords, `.ps1`
//! invocations, here-string openers and backtick continuations. Plain votes come from
//! `Name : value` output and `Cmdlet : message` error records, `Label: value` lines, table
//! rulers, bare URLs, XML tags, registry lines, native commands and prose. Comments,
//! here-string bodies and everything else are neutral.

use super::powershell::words::{self, OBJECT_VERBS};

/// Aliases that commonly follow a pipe in PowerShell but not in `cmd.exe`.
#[rustfmt::skip]
const PIPE_ALIASES: &[&str] = &["%", "?", "foreach", "where", "select", "sort", "fl", "ft", "gm"];

/// Well-known `cmd.exe` built-ins and native tools that take `/switch` arguments.
#[rustfmt::skip]
const NATIVE_COMMANDS: &[&str] = &[
    "bitsadmin", "cd", "certutil", "copy", "del", "dir", "dnscmd", "findstr", "gpupdate",
    "iisreset", "ipconfig", "ldifde", "md", "mkdir", "msiexec", "net", "netsh", "netstat",
    "notepad", "nslookup", "ping", "reg", "robocopy", "runas", "sc", "setspn", "tracert",
    "w32tm", "xcopy",
];

/// File extensions that make the first word of a line a native program.
#[rustfmt::skip]
const NATIVE_EXTENSIONS: &[&str] = &[".exe", ".msi", ".msc", ".bat", ".cmd", ".com"];

/// True when an untagged code block reads as PowerShell (Lync Server Management Shell cmdlets, scripts).
#[must_use]
pub fn looks_like_powershell(code: &str) -> bool {
    let (mut ps, mut plain) = (0u32, 0u32);
    let mut mode = Mode::Code;
    for line in code.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (vote, next) = mode.step(line);
        mode = next;
        match vote {
            Vote::Ps => ps += 1,
            Vote::Plain => plain += 1,
            Vote::Neutral => {}
        }
    }
    ps > 0 && ps >= plain
}

/// The cmdlet names (`Verb-Noun` with an approved verb) anywhere in `text`, prose or
/// code, in order of appearance: language-independent marks of what a passage is about.
pub fn cmdlets(text: &str) -> impl Iterator<Item = &str> {
    // From dash to dash (memchr): a cmdlet is the identifier run before a dash, an
    // approved verb, and the run after it. Identifiers are ASCII, so a byte of a
    // multi-byte character is never part of one, and every position found is a
    // character boundary.
    let bytes = text.as_bytes();
    let mut dashes = memchr::memchr_iter(b'-', bytes);
    let mut next_from = 0;
    std::iter::from_fn(move || {
        for dash in dashes.by_ref() {
            if dash < next_from {
                continue;
            }
            // The whole identifier run ending at the dash, not glued to a dash before it.
            let start = bytes[..dash].iter().rposition(|&b| !is_ident_byte(b)).map_or(0, |k| k + 1);
            if start == dash || (start > 0 && bytes[start - 1] == b'-') {
                continue;
            }
            let verb = &text[start..dash];
            if !verb.bytes().all(|b| b.is_ascii_alphabetic()) || !is_verb(verb) {
                continue;
            }
            let noun_len = ident_run(&bytes[dash + 1..]);
            if bytes.get(dash + 1).is_some_and(u8::is_ascii_alphabetic) && bytes.get(dash + 1 + noun_len) != Some(&b'-')
            {
                next_from = dash + 1 + noun_len;
                return Some(&text[start..next_from]);
            }
        }
        None
    })
}

/// How one line weighs in the decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Vote {
    Ps,
    Plain,
    Neutral,
}

/// Multi-line constructs whose inner lines must not be judged on their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Code,
    /// Inside a here-string opened with `@"` or `@'` (the byte is the quote).
    HereString(u8),
    /// Inside a `<# ... #>` block comment.
    BlockComment,
}

impl Mode {
    /// Votes on a trimmed, non-blank line and returns the mode for the next line.
    fn step(self, line: &str) -> (Vote, Mode) {
        match self {
            Mode::HereString(q) if line.as_bytes()[0] == q && line[1..].starts_with('@') => (Vote::Ps, Mode::Code),
            Mode::HereString(_) => (Vote::Neutral, self),
            Mode::BlockComment if line.contains("#>") => (Vote::Neutral, Mode::Code),
            Mode::BlockComment => (Vote::Neutral, self),
            Mode::Code if line.starts_with("<#") && !line.contains("#>") => (Vote::Neutral, Mode::BlockComment),
            Mode::Code => match here_string_quote(line) {
                Some(q) => (Vote::Ps, Mode::HereString(q)),
                None => (classify_line(line), Mode::Code),
            },
        }
    }
}

/// The quote byte when the line opens a here-string (`$x = @"`).
fn here_string_quote(line: &str) -> Option<u8> {
    match line.as_bytes() {
        [.., b'@', q @ (b'"' | b'\'')] => Some(*q),
        _ => None,
    }
}

/// Votes on one trimmed, non-blank line outside here-strings and block comments.
fn classify_line(line: &str) -> Vote {
    let line = strip_prompt(line);
    if line.is_empty() || line.starts_with('#') || line.starts_with("<#") {
        Vote::Neutral
    } else if is_property_line(line) {
        Vote::Plain
    } else if is_powershell_line(line) {
        Vote::Ps
    } else if is_plain_line(line) {
        Vote::Plain
    } else {
        Vote::Neutral
    }
}

/// Drops a `PS C:\>` prompt so the command after it is judged.
fn strip_prompt(line: &str) -> &str {
    match line.strip_prefix("PS ").and_then(|rest| rest.find('>').map(|i| &rest[i + 1..])) {
        Some(command) => command.trim_start(),
        None => line,
    }
}

// ---------------------------------------------------------------------------------------
// PowerShell evidence
// ---------------------------------------------------------------------------------------

/// True for a line that only PowerShell would contain.
fn is_powershell_line(line: &str) -> bool {
    let line = line.strip_prefix("- ").unwrap_or(line); // stray list bullet
    starts_with_variable(line)
        || starts_with_parameter(line)
        || starts_with_keyword(line)
        || starts_with_command(line)
        || pipes_into_command(line)
        || invokes_script(line)
        || line.ends_with(" `")
}

/// `$x = ...`, `$_.Name`, `$(...)`, `${x}`, and the docs' placeholder `$<variableName>`.
fn starts_with_variable(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next() == Some('$')
        && chars.next().is_some_and(|c| c.is_alphabetic() || matches!(c, '_' | '{' | '(' | '$' | '<'))
}

/// `-Identity "Ken Myer"`, `-Confirm:$False`, `[-Force <SwitchParameter>]`.
fn starts_with_parameter(line: &str) -> bool {
    let rest = line.strip_prefix('[').unwrap_or(line);
    let Some(rest) = rest.strip_prefix('-') else {
        return false;
    };
    let name_len = ident_len(rest);
    rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && match rest.as_bytes().get(name_len) {
            None | Some(b' ' | b'\t' | b']') => true,
            Some(b':') => !rest[name_len + 1..].starts_with([' ', '\t']),
            _ => false,
        }
}

/// `if (`, `foreach (`, `else {`, `function Get-Thing {`, ...
fn starts_with_keyword(line: &str) -> bool {
    let word_len = line.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(line.len());
    let (word, rest) = line.split_at(word_len);
    let rest = rest.trim_start();
    let word = word.to_ascii_lowercase();
    match word.as_str() {
        "if" | "elseif" | "foreach" | "for" | "while" | "switch" | "param" => rest.starts_with('('),
        "else" | "try" | "finally" | "do" | "begin" | "process" => rest.is_empty() || rest.starts_with('{'),
        "catch" => rest.is_empty() || rest.starts_with(['{', '[']),
        "function" | "filter" => is_function_header(rest),
        "return" | "throw" => rest.starts_with(['$', '"']),
        _ => false,
    }
}

/// The part after `function`: a name, optional `(params)`, then `{` or nothing.
fn is_function_header(rest: &str) -> bool {
    let name_len = rest.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
    let tail = rest[name_len..].trim_start();
    name_len > 0 && (tail.is_empty() || tail.starts_with('{') || tail.starts_with('('))
}

/// A cmdlet (or a `Verb -Noun` typo) where a command starts: after `(`, `&` or `.`.
fn starts_with_command(line: &str) -> bool {
    let line = line.trim_start_matches(['(', '&', ' ']);
    let line = line.strip_prefix(". ").unwrap_or(line);
    cmdlet_at(line).is_some() || is_split_cmdlet(line)
}

/// `Stop -CsWindowsService ...`: an approved verb, a space, then a dash glued to a name.
fn is_split_cmdlet(line: &str) -> bool {
    let verb_len = line.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(line.len());
    let rest = &line[verb_len..];
    is_verb(&line[..verb_len]) && rest.starts_with(" -") && rest[2..].starts_with(|c: char| c.is_ascii_uppercase())
}

/// `... | Grant-CsVoicePolicy`, `... | Select-Object`, `... | % {`.
fn pipes_into_command(line: &str) -> bool {
    line.match_indices('|').any(|(i, _)| {
        let next = line[i + 1..].trim_start();
        cmdlet_at(next).is_some() || is_pipe_alias(next)
    })
}

/// A PowerShell alias as the first word of `text`.
fn is_pipe_alias(text: &str) -> bool {
    let end = text.find([' ', '{', '(']).unwrap_or(text.len());
    PIPE_ALIASES.iter().any(|a| a.eq_ignore_ascii_case(&text[..end]))
}

/// `exchucutil.ps1`, `./SysPrep.PS1 -SetupFolder D:\Setup`, `"C:\...\Deploy.ps1" -Arg x`,
/// `C:\Program Files\...\DeployReports.ps1 -Arg x`: a script path where the command starts.
fn invokes_script(line: &str) -> bool {
    let command = line.strip_prefix("& ").unwrap_or(line);
    let command = command.strip_prefix('"').unwrap_or(command);
    let lower = command.to_ascii_lowercase();
    let Some(end) = lower.find(".ps1") else {
        return false;
    };
    let path = &command[..end];
    let ends_path = matches!(lower.as_bytes().get(end + 4), None | Some(b' ' | b'"' | b'\''));
    // A path with spaces must be rooted (C:\Program Files), so prose naming a script is not one.
    let path_like = !path.contains(' ') || is_rooted_path(path);
    ends_path && path_like && !path.contains(['"', '|', '$']) && !path.contains(" -")
}

/// `C:\...`, `\\server\...`, `.\...`, `./...`, `%ProgramFiles%\...`.
fn is_rooted_path(path: &str) -> bool {
    let b = path.as_bytes();
    matches!(b, [d, b':', b'\\', ..] if d.is_ascii_alphabetic())
        || path.starts_with("\\\\")
        || path.starts_with(".\\")
        || path.starts_with("./")
        || path.starts_with('%')
}

/// The length of the `Verb-Noun` cmdlet name at the start of `text`, if there is one and
/// it is not an error record (`Get-CsUser : Cannot find...`).
fn cmdlet_at(text: &str) -> Option<usize> {
    let verb_len = text.find(|c: char| !c.is_ascii_alphabetic())?;
    if !is_verb(&text[..verb_len]) || !text[verb_len..].starts_with('-') {
        return None;
    }
    let noun = &text[verb_len + 1..];
    let noun_len = ident_len(noun);
    let after = &noun[noun_len..];
    let good_start = noun.starts_with(|c: char| c.is_ascii_alphabetic());
    let good_end = after.is_empty() || after.starts_with([' ', '\t', '(', ')', '|', ';', '{', '}', '-']);
    (good_start && good_end && !is_error_record(after)).then_some(verb_len + 1 + noun_len)
}

/// `Cmdlet : message` is how PowerShell prints an error, not a command.
fn is_error_record(after_name: &str) -> bool {
    let rest = after_name.trim_start();
    after_name.len() > rest.len() && rest.starts_with(':') && !rest.starts_with("::")
}

fn is_verb(word: &str) -> bool {
    words::is_verb(word) || OBJECT_VERBS.iter().any(|v| v.eq_ignore_ascii_case(word))
}

/// The length of the leading run of identifier characters (ASCII letters, digits, `_`).
fn ident_len(text: &str) -> usize {
    ident_run(text.as_bytes())
}

/// [`ident_len`] over bytes (identifier characters are ASCII, so the two agree).
fn ident_run(bytes: &[u8]) -> usize {
    bytes.iter().position(|&b| !is_ident_byte(b)).unwrap_or(bytes.len())
}

/// An identifier character: an ASCII letter, digit or `_`.
fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

// ---------------------------------------------------------------------------------------
// Plain-text evidence
// ---------------------------------------------------------------------------------------

/// `Identity       : Global` (Format-List output) and `Get-CsUser : error` records.
fn is_property_line(line: &str) -> bool {
    let name_len = line.find(|c: char| !(c.is_alphanumeric() || " _-.()".contains(c))).unwrap_or(line.len());
    let (name, rest) = line.split_at(name_len);
    name.starts_with(|c: char| c.is_alphabetic() || c == '-')
        && name.ends_with([' ', '\t'])
        && rest.starts_with(':')
        && (rest.len() == 1 || rest[1..].starts_with([' ', '\t']))
}

/// True for a line that reads as output, data, markup, a native command or prose.
fn is_plain_line(line: &str) -> bool {
    is_label_line(line)
        || is_table_ruler(line)
        || is_bare_url(line)
        || is_markup_tag(line)
        || is_registry_line(line)
        || is_native_command(line)
        || is_prose(line)
}

/// `User Aor: sip:...`, `Database Name:rtcxds`, `WARNING: ...`, `Description:`.
fn is_label_line(line: &str) -> bool {
    let name_len = line.find(|c: char| !(c.is_alphanumeric() || " _()".contains(c))).unwrap_or(line.len());
    let (name, rest) = line.split_at(name_len);
    name.chars().count() >= 2
        && name.starts_with(char::is_alphabetic)
        && rest.starts_with(':')
        && !rest[1..].starts_with(['\\', '/', ':'])
}

/// `----  --------` under a table header.
fn is_table_ruler(line: &str) -> bool {
    line.bytes().filter(|&b| b == b'-').count() >= 3 && line.bytes().all(|b| matches!(b, b'-' | b' ' | b'\t' | b'='))
}

fn is_bare_url(line: &str) -> bool {
    (line.starts_with("http://") || line.starts_with("https://")) && !line.contains(char::is_whitespace)
}

/// `<?xml ...?>`, `</Tag>`, `<Tag attr="x">`, `<Tag/>`, `<!-- -->`.
fn is_markup_tag(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('<') else {
        return false;
    };
    rest.starts_with(['?', '!', '/'])
        || (rest.starts_with(|c: char| c.is_ascii_alphabetic())
            && (line.contains("</") || line.ends_with("/>") || line.contains("=\"")))
}

/// `[HKEY_LOCAL_MACHINE\...]`, `"Name"=dword:00000001`.
fn is_registry_line(line: &str) -> bool {
    line.starts_with("[HKEY_") || line.contains("\"=dword:") || line.contains("\"=hex:")
}

/// `netsh ...`, `dir /b`, `setup.exe /x`, `Bootstrapper /Setup`.
fn is_native_command(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("").trim_matches('"');
    let lower = first.to_ascii_lowercase();
    NATIVE_COMMANDS.contains(&lower.as_str())
        || NATIVE_EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
        || line.split_whitespace().skip(1).any(is_slash_switch)
}

/// `/b`, `/Setup`, `/server:pool01` — but not `/path/to/file`.
fn is_slash_switch(word: &str) -> bool {
    word.strip_prefix('/')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic()) && !rest.contains('/'))
}

/// A sentence: mostly plain words, or CJK text outside quotes.
fn is_prose(line: &str) -> bool {
    if line.starts_with(['"', '\'']) {
        return false;
    }
    let cjk = line.chars().filter(|&c| is_cjk(c)).count();
    let (mut words, mut total) = (0, 0);
    for token in line.split_whitespace() {
        total += 1;
        let core = token.trim_end_matches([',', '.', ';', ':', '?', '!', ')']).trim_start_matches('(');
        if !core.is_empty() && core.chars().all(|c| c.is_alphabetic() || c == '\'') {
            words += 1;
        }
    }
    cjk >= 4 || (words >= 6 && words * 4 >= total * 3)
}

fn is_cjk(c: char) -> bool {
    matches!(
        c,
        '\u{3040}'..='\u{30ff}' // kana
            | '\u{3400}'..='\u{4dbf}' // CJK extension A
            | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
            | '\u{ac00}'..='\u{d7af}' // hangul
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: bool) {
        assert_eq!(looks_like_powershell(input), expected, "block:\n{input}");
    }

    fn check_all(cases: &[(&str, bool)]) {
        for &(input, expected) in cases {
            check(input, expected);
        }
    }

    #[test]
    fn finds_cmdlet_names_in_prose_and_code() {
        let text = "运行 Test-CsPstnOutboundCall cmdlet，然后 Get-CsUser|Where-Object {$_.x}; not Get-Cs-Thing, Set-, re-Get-X, Foo-Bar";
        let found: Vec<&str> = cmdlets(text).collect();
        assert_eq!(found, ["Test-CsPstnOutboundCall", "Get-CsUser", "Where-Object"]);
        assert_eq!(cmdlets("").count(), 0);
    }

    #[test]
    fn verb_lookup_is_the_verb_list() {
        for verb in words::VERBS.iter().chain(OBJECT_VERBS) {
            let capitalised = format!("{}{}", verb[..1].to_uppercase(), &verb[1..]);
            assert!(is_verb(verb) && is_verb(&verb.to_uppercase()) && is_verb(&capitalised), "{verb}");
        }
        for word in ["", "Gets", "Ge", "ConvertFromX", "Convert_From", "获取", "ForEachs"] {
            assert!(!is_verb(word), "{word}");
        }
    }

    /// The first form of [`cmdlets`]: every identifier run, left to right.
    fn cmdlets_by_runs(text: &str) -> Vec<&str> {
        let bytes = text.as_bytes();
        let (mut i, mut out) = (0, Vec::new());
        while i < bytes.len() {
            let start = i;
            let word = ident_run(&bytes[i..]);
            if word == 0 {
                i += 1;
                continue;
            }
            let after_word = i + word;
            let boundary = start == 0 || !(is_ident_byte(bytes[start - 1]) || bytes[start - 1] == b'-');
            i = after_word;
            if !boundary || bytes.get(after_word) != Some(&b'-') {
                continue;
            }
            let verb = &text[start..after_word];
            if !verb.bytes().all(|b| b.is_ascii_alphabetic())
                || !words::VERBS.iter().chain(OBJECT_VERBS).any(|v| v.eq_ignore_ascii_case(verb))
            {
                continue;
            }
            let noun_len = ident_run(&bytes[after_word + 1..]);
            if bytes.get(after_word + 1).is_some_and(u8::is_ascii_alphabetic)
                && bytes.get(after_word + 1 + noun_len) != Some(&b'-')
            {
                i = after_word + 1 + noun_len;
                out.push(&text[start..i]);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn cmdlets_from_dashes_are_those_of_every_run(
            text in proptest::string::string_regex("((Get|set|ConvertFrom|Foo|x|_|9|Cs|User|-|--| |。|é|\\$)){0,14}").unwrap()
        ) {
            proptest::prop_assert_eq!(cmdlets(&text).collect::<Vec<_>>(), cmdlets_by_runs(&text));
        }
    }

    #[test]
    fn single_cmdlets() {
        check_all(&[
            ("Get-CsUser -Identity \"kenmyer@litwareinc.com\"\n", true),
            ("Enable-CsTopology\n", true),
            ("get-csuser | select SipAddress\n", true),
            ("Start-cswindowsservice -verbose\n", true),
            ("(Get-CsUser).Count\n", true),
            ("Set-CsQoEConfiguration-EnablePurging -KeepQoEDataForDays 20\n", true),
        ]);
    }

    #[test]
    fn variables_pipes_and_script_blocks() {
        check_all(&[
            ("$x = (Get-CsTenant).TenantId\nSet-CsTenantPublicProvider -Tenant $x\n", true),
            ("\"Ken Myer\", \"David Longmire\" | Get-CsUser | Select-Object SipAddress\n", true),
            ("foreach ($user in $users)\n{\nUpdate-CsUserData -UserFilter $user\n}\n", true),
            ("if ($exch -eq $null)\n{\n    New-CsPartnerApplication -Identity x\n}\nelse\n{\n}\n", true),
            ("Get-CsSite | ForEach-Object { $_.Identity }\n", true),
            ("$<variableName> = New-CsClsProvider -Name <provider component>\n", true),
        ]);
    }

    #[test]
    fn fragments_syntax_and_typos() {
        check_all(&[
            ("-Identity \"Ken Myer\"\n", true),
            ("-Confirm:$False\n", true),
            ("-UnassignedUser\n", true),
            ("Disable-CsAdDomain [-Domain <Fqdn>] [-Force <SwitchParameter>]\n[-GlobalCatalog <Fqdn>]\n", true),
            ("Uninstall -CsMirrorDatabase -DatabaseType User -verbose\n", true),
            ("- Set-ItemProperty $a -Name sTimeFormat -Value \"x\"\n", true),
        ]);
    }

    #[test]
    fn scripts_comments_here_strings_and_continuations() {
        check_all(&[
            ("exchucutil.ps1\n", true),
            ("./SysPrep.PS1 -SetupFolder D:\\Setup\n", true),
            ("C:\\Program Files\\Lync\\DeployReports.ps1 -storedUserName \"x\"\n", true),
            ("\"C:\\Program Files\\Scripts\\Configure-App.ps1 -Url 'https://x' -Type Lync\"\n", true),
            ("# 获取所有用户\nGet-CsUser\n", true),
            ("<#\nLong comment\n#>\nGet-CsPool\n", true),
            ("$xml = @\"\n<root a=\"1\">\n  <b c=\"2\"/>\n</root>\n\"@\n", true),
            ("Set-CsPinSendCAWelcomeMail -UserUri x `\n[-Credential <cred>]\n", true),
            ("PS C:\\> Get-CsUser\n", true),
        ]);
    }

    #[test]
    fn output_and_errors_are_plain() {
        check_all(&[
            ("Identity : Global\n", false),
            ("Identity         : Global\nEnforcePhoneLock : True\nPhoneLockTimeout : 00:10:00\n", false),
            ("Count    Name\n-----    ----\n  267    POLYCOM, CX700\n", false),
            ("Invoke-CsPoolFailOver : This Front-end pool is specified in\ntopology as the next hop.\n", false),
            ("User Aor: sip:katarina@contoso.com\nDisplay Name: Katarina Larsson\nUM Enabled: True\n", false),
            ("WARNING: Move operation failed.\nMove-CsConferenceDirectory : Unable to cast COM object.\n", false),
            ("Confirm\nAre you sure you want to perform this action?\n", false),
        ]);
    }

    #[test]
    fn data_and_markup_are_plain() {
        check_all(&[
            ("https://atl-cs-001.litwareinc.com/mcx/mcxservice.svc\n", false),
            ("<?xml version=\"1.0\"?>\n<customStates xmlns=\"http://x\">\n</customStates>\n", false),
            ("<Link token=\"Self\" href=\"https://x/root/user\"/>\n", false),
            ("[HKEY_CURRENT_USER\\Software\\Microsoft\\Office\\Lync]\n\"EnableSkypeUI\"=hex:00,00\n", false),
            ("SELECT nodeName as ChatRoom\n  FROM tblChat\n  ORDER BY ChatMessages DESC\n", false),
            ("{\"AccessLocation\":\"External\",\"Root\":{}}\n", false),
            ("Meet-ext.geolb.contoso.com\n     Pool1ExternalWebFQDN.contoso.com\n", false),
            ("C:\\Program Files\\Microsoft Lync Server 2013\\Deployment\n", false),
            ("\\s*\\(?\\s*\\d\\d\\d\\s*\\)?\n", false),
        ]);
    }

    #[test]
    fn native_commands_and_prose_are_plain() {
        check_all(&[
            ("netsh interface ipv4 show excludedportrange protocol=tcp\n", false),
            ("dir\n", false),
            ("dir /b\n", false),
            ("setup.exe /x\n", false),
            ("Netstat -ano | findstr 5269\n", false),
            ("SEFAUtil.exe /server:pool01 sip:katarina@contoso.com /enablegrouppickup:199\n", false),
            ("MsTurnPing -ServerRole AudioVideoEdgeServer\n", false),
            ("Run the Uninstall-CsMirrorDatabase cmdlet to remove databases that are paired.\n", false),
            ("Then run the script C:\\Scripts\\Setup.ps1 on every server in the pool.\n", false),
            ("- ItemProperty 在步骤3中记下的 \"设置-$a 名称\" <值。 上方> \"\n", false),
            ("", false),
            ("# just a comment\n", false),
        ]);
    }

    #[test]
    fn mixed_blocks_follow_the_majority() {
        check_all(&[
            (
                "Para ver información sobre todas sus rutas de voz, escriba el siguiente comando:\n\n    \
                 Get-CsDeviceUpdateConfiguration\n\nIdentity       : Global\nMaxLogFileSize : 1024000\n",
                false,
            ),
            (
                "$credentials = Get-Credential\n   User name:  testuser1@contoso.com\n   Password:   ********\n\
                 Test-CsDialInConferencing -UserCredential $credentials\n",
                true,
            ),
        ]);
    }
}
