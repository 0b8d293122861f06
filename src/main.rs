//! The `polybook` binary: parses the command line, runs the library, prints
//! diagnostics and a summary, and maps the outcome to an exit code
//! (0 ok, 1 content errors, 2 usage or configuration errors).

/// `print!` to stdout, quietly stopping when the reader has gone (`polybook status | head`).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!`, without panicking when stderr is a closed pipe.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `eprint!`, without panicking when stderr is a closed pipe.
macro_rules! say_text {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod cli;
mod parts;
mod serve;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use polybook::diagnostics::Report;
use polybook::pipeline::{self, BuildOptions, BuildReport};
use polybook::report::{self, Style, count};
use polybook::{Config, Error};

use cli::{BookArgs, Cli, ColorChoice, Command, Format};

/// mimalloc instead of the system allocator: the page stage allocates many small
/// strings on two threads at once (measured in BENCHMARKS.md). Its 2.x line: on the
/// corpus it holds a quarter less memory than 3.x (95 against 124 MiB at the peak)
/// for the same or slightly less time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_huge_pages();
    let cli = match cli::parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let style = Style { color: use_color(cli.color) };
    match run(&cli, style) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            say_text!("{}", report::fatal(&e, &std::env::current_dir().unwrap_or_default(), style));
            ExitCode::from(e.exit_code())
        }
    }
}

/// Asks Linux for ordinary 4 KiB pages, not transparent huge pages: a build's memory
/// lives for well under a second, where a huge page is 2 MiB zeroed on first touch
/// even when a few KiB of it are used. On the corpus: peak memory 91 -> 76 MiB, and
/// 1-3 % less time (15 alternating runs), most on virtual machines where first
/// touching memory is dear. Nothing else changes; elsewhere this does nothing.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and touches no memory of
    // this process; its result (an error on kernels without it) is deliberately ignored.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn run(cli: &Cli, style: Style) -> Result<u8, Error> {
    match &cli.command {
        Command::Build { book, dest, strict, open, manifest, shard, root, compare, search_from } => {
            let (mut config, part) = match manifest {
                Some(file) => parts::part(book, file, shard.as_deref(), *root, *compare, search_from.is_some())?,
                None => (load_config(book)?, None),
            };
            if let Some(d) = dest {
                config.dest = std::path::absolute(d).unwrap_or_else(|_| d.clone());
            }
            let dest = config.dest.clone();
            // Everything that can be refused is refused before the build is announced.
            config.check_destination()?;
            if !cli.quiet {
                say!("Building {} ({})…", config.title, count(config.locales.len(), "locale", "locales"));
            }
            let search_from = search_from.as_ref().map(|d| std::path::absolute(d).unwrap_or_else(|_| d.clone()));
            let options = BuildOptions { write: true, strict: *strict, part, search_from };
            let result = match pipeline::build(config, &options) {
                Err(Error::Strict(report)) => {
                    print_diagnostics(&report, cli, style, true);
                    return Err(Error::Strict(report));
                }
                other => other?,
            };
            let failing = result.report.errors() > 0;
            print_diagnostics(&result.report, cli, style, failing);
            if !cli.quiet || failing {
                say!("{}", summary(&result, "built"));
            }
            if !cli.quiet {
                if cli.verbose {
                    say!("{}", timings(&result));
                }
                say!("Site written to {}", dest.join("index.html").display());
            }
            if *open {
                open_in_browser(&dest.join("index.html"));
            }
            Ok(u8::from(failing))
        }
        Command::Manifest { dir, output } => parts::write_manifest(dir, output.as_deref(), cli, style),
        Command::Check { book, strict, format } => {
            let config = load_config(book)?;
            let result = pipeline::build(config, &BuildOptions::default())?;
            let strict_fails = *strict && result.report.warnings() > 0;
            let failing = result.report.errors() > 0 || strict_fails;
            let cwd = std::env::current_dir().unwrap_or_default();
            match format {
                Format::Json => out!("{}", report::json_lines(&result.report, &cwd)),
                Format::Human => {
                    print_diagnostics(&result.report, cli, style, failing);
                    // Quiet hides progress, never why the command failed.
                    if !cli.quiet || failing {
                        let mut line = summary(&result, "checked");
                        if strict_fails {
                            line.push_str("; --strict: warnings fail the check");
                        }
                        say!("{line}");
                    }
                }
            }
            Ok(u8::from(failing))
        }
        Command::Status { dir, format } => {
            let config = Config::load(dir)?;
            let book = pipeline::prepare(config);
            let rows = polybook::status::coverage(&book);
            match format {
                Format::Json => {
                    out!("{}\n", serde_json::to_string_pretty(&rows).expect("invariant: serialisable"))
                }
                Format::Human => {
                    out!("{}", polybook::status::table(&rows));
                    if cli.verbose {
                        for r in &rows {
                            for m in &r.missing_list {
                                out!("{}: missing {} ({} exists)\n", r.lang, m.path, m.lang);
                            }
                            for s in &r.stale_list {
                                out!("{}: stale {} ({})\n", r.lang, s.path, s.reason);
                            }
                        }
                    }
                }
            }
            Ok(0)
        }
        Command::Init { dir } => {
            let written = polybook::init::init(dir)?;
            if !cli.quiet {
                for f in &written {
                    say!("  created {}", dir.join(f).display());
                }
                say!("New book in {}. Build it with: polybook build {}", dir.display(), dir.display());
            }
            Ok(0)
        }
        Command::Serve { book, port, bind, open } => {
            load_config(book)?;
            let args = BookArgs { dir: book.dir.clone(), locale: book.locale.clone() };
            let options = serve::Options { bind: *bind, port: *port, open: *open, quiet: cli.quiet, style };
            serve::serve(Box::new(move || load_config(&args)), options)
        }
    }
}

fn load_config(args: &BookArgs) -> Result<Config, Error> {
    let mut config = load_book(&args.dir)?;
    if !args.locale.is_empty() {
        config.retain_locales(&args.locale)?;
    }
    Ok(config)
}

/// The book's configuration, with a hint when the folder holds no book.
pub(crate) fn load_book(dir: &Path) -> Result<Config, Error> {
    if !dir.join(polybook::config::CONFIG_FILE).exists() {
        return Err(Error::Usage(format!(
            "no book.toml in {}; create a book with `polybook init {}`",
            dir.display(),
            dir.display()
        )));
    }
    Config::load(dir)
}

/// The diagnostics (with `--verbose`, the notes too); with `--quiet`, only when they
/// make the command fail.
pub(crate) fn print_diagnostics(report: &Report, cli: &Cli, style: Style, failing: bool) {
    if cli.quiet && !failing {
        return;
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    if cli.verbose {
        say_text!("{}", report::notes(report, &cwd, style));
    }
    say_text!("{}", report::human(report, &cwd, style));
}

/// One line: pages per locale, translations linked, links, errors and warnings, time.
pub fn summary(r: &BuildReport, verb: &str) -> String {
    let pages: Vec<String> = r.pages_per_locale.iter().map(|(l, n)| format!("{l} {n}")).collect();
    format!(
        "{verb} {} ({}), {} linked, {} ({} unresolved), {}, {} in {:.2} s",
        count(r.pages_per_locale.iter().map(|(_, n)| n).sum::<usize>(), "page", "pages"),
        pages.join(", "),
        count(r.translations_linked, "translation", "translations"),
        count(r.links.0 + r.links.1, "link", "links"),
        r.links.1,
        count(r.report.errors(), "error", "errors"),
        count(r.report.warnings(), "warning", "warnings"),
        r.timings.total.as_secs_f64()
    )
}

fn timings(r: &BuildReport) -> String {
    let t = &r.timings;
    let langs: Vec<String> = r.code_languages.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let s = |d: std::time::Duration| d.as_secs_f64();
    let search = r.search.as_ref().map_or_else(String::new, |st| {
        let locales: Vec<String> = st
            .locales
            .iter()
            .map(|l| {
                format!(
                    "{} {} pages, {} terms, {} files, {:.1} MB, reading pages {:.3} s (CPU), writing {:.3} s",
                    l.dir.trim_end_matches('/'),
                    l.pages,
                    l.terms,
                    l.files,
                    l.bytes as f64 / 1e6,
                    s(l.adding),
                    s(l.building)
                )
            })
            .collect();
        format!("\nsearch: {} (finishing {:.3} s)", locales.join("; "), s(st.finish))
    });
    format!(
        "timings: load {:.3} s, prepare {:.3} s, pages {:.3} s (CPU: markdown {:.3} s incl. highlighting {:.3} s \
         with {} blocks from cache, templates {:.3} s, writing {:.3} s), site {:.3} s, write {:.3} s ({} files)\n\
         code blocks: {}{search}",
        s(t.load),
        s(t.prepare),
        s(t.pages),
        s(t.markdown_cpu),
        s(t.highlight_cpu),
        t.highlight_cache_hits,
        s(t.render_cpu),
        s(t.write_cpu),
        s(t.site),
        s(t.write),
        r.files_written,
        langs.join(", ")
    )
}

/// Asks the desktop to open the site; where there is none (a server, a container), says
/// where the site is instead of printing the opener's own errors.
fn open_in_browser(path: &Path) {
    open_url(&format!("file://{}", path.display()));
}

/// Asks the desktop to open `url`; says where to go when no browser can be opened.
fn open_url(url: &str) {
    use std::process::Stdio;
    let opener: PathBuf =
        ["xdg-open", "open"].iter().map(PathBuf::from).find(|p| which(p)).unwrap_or_else(|| PathBuf::from("xdg-open"));
    let child = std::process::Command::new(&opener)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let opened = child.is_ok_and(|mut c| {
        // An opener that fails does so at once; one still running has started a browser.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        loop {
            match c.try_wait() {
                Ok(Some(status)) => break status.success(),
                Ok(None) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(50))
                }
                Ok(None) => break true,
                Err(_) => break false,
            }
        }
    });
    if !opened {
        say!("No browser could be opened here: open {url} in one.");
    }
}

fn which(program: &Path) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}
