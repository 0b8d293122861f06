//! Builds in parts on the command line: `polybook manifest` and the part options of
//! `polybook build` (`--manifest FILE` with `--locale TAG [--shard I/N | --search-from
//! DIR]`, `--root` or `--compare`).

use std::path::Path;
use std::sync::Arc;

use polybook::manifest::Manifest;
use polybook::pipeline::{self, Part, PartBuild};
use polybook::{Config, Error};

use crate::cli::{BookArgs, Cli};
use polybook::report::{Style, count};

/// `polybook manifest`: writes the manifest to `output`, or to standard output.
pub fn write_manifest(dir: &Path, output: Option<&Path>, cli: &Cli, style: Style) -> Result<u8, Error> {
    let config = crate::load_book(dir)?;
    let (manifest, report) = pipeline::manifest(config)?;
    crate::print_diagnostics(&report, cli, style, report.errors() > 0);
    let json = manifest.to_json();
    match output {
        Some(path) => {
            std::fs::write(path, json).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
            if !cli.quiet {
                say!("Manifest of {} written to {}", count(manifest.pages.len(), "page", "pages"), path.display());
            }
        }
        None => out!("{json}"),
    }
    Ok(u8::from(report.errors() > 0))
}

/// The book and the part to build of it, from `--manifest` and its companions.
pub fn part(
    args: &BookArgs,
    manifest: &Path,
    shard: Option<&str>,
    root: bool,
    compare: bool,
    search: bool,
) -> Result<(Config, Option<PartBuild>), Error> {
    let config = crate::load_book(&args.dir)?;
    let part = match (args.locale.as_slice(), root, compare) {
        ([], true, false) => Part::Root,
        ([], false, true) => Part::Compare,
        ([tag], false, false) => {
            let wanted = polybook::locale::LocaleTag::parse(tag).map_err(Error::Usage)?;
            let locale = config.locales.iter().position(|l| l.tag == wanted).ok_or_else(|| {
                let tags: Vec<&str> = config.locales.iter().map(|l| l.tag.as_str()).collect();
                Error::Usage(format!("--locale {tag}: not a locale of this book ({})", tags.join(", ")))
            })?;
            if search {
                if !config.search.enabled {
                    return Err(Error::Usage(
                        "--search-from: search is off in book.toml ([search] enabled = false)".into(),
                    ));
                }
                Part::Search { locale }
            } else {
                let (shard, shards) = match shard {
                    Some(s) => parse_shard(s)?,
                    None => (1, 1),
                };
                Part::Locale { locale, shard, shards }
            }
        }
        _ => {
            return Err(Error::Usage(
                "with --manifest, name the part to build: one --locale TAG (and --shard I/N or --search-from DIR), --root or --compare"
                    .into(),
            ));
        }
    };
    let manifest = Manifest::read(manifest, &config)?;
    Ok((config, Some((part, Arc::new(manifest)))))
}

/// `I/N` with 1 ≤ I ≤ N.
fn parse_shard(s: &str) -> Result<(u32, u32), Error> {
    let parsed =
        s.split_once('/').and_then(|(i, n)| Some((i.trim().parse::<u32>().ok()?, n.trim().parse::<u32>().ok()?)));
    match parsed {
        Some((i, n)) if (1..=n).contains(&i) => Ok((i, n)),
        _ => Err(Error::Usage(format!("--shard {s}: expected I/N with 1 ≤ I ≤ N, e.g. --shard 2/4"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_one_based_fractions() {
        assert_eq!(parse_shard("2/4").unwrap(), (2, 4));
        assert_eq!(parse_shard("1/1").unwrap(), (1, 1));
        for bad in ["0/4", "5/4", "x/2", "3", "1/0"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }
}
