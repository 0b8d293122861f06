//! Makes a synthetic guide N times the size of a real one, to measure how a build
//! scales: `cargo run --release --example scale -- BOOK_DIR COPIES OUT_DIR`.
//!
//! Every locale of the book is copied COPIES times, copy k into `c<k>/` of the locale's
//! folder, with the folder structure kept, so relative links, images and tocs stay
//! consistent inside each copy. Each copy gets fresh asset ids (the same in every
//! locale, so translations stay linked): the last eight hex digits of `ms:assetid`
//! are XORed with k. The copies' tocs are all listed in the new book.toml. Images
//! and other files are copied once and hard-linked into the other copies (the input
//! stays small; the build still copies them into each copy's output folder).

use std::path::{Path, PathBuf};

use polybook::Config;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [book, copies, out] = args.as_slice() else {
        eprintln!("usage: scale BOOK_DIR COPIES OUT_DIR");
        std::process::exit(2);
    };
    let copies: u32 = copies.parse().unwrap_or_else(|_| {
        eprintln!("COPIES must be a whole number");
        std::process::exit(2)
    });
    let config = Config::load(Path::new(book)).unwrap_or_else(|e| {
        eprintln!("error: {e}");
        std::process::exit(2)
    });
    let out = PathBuf::from(out);
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("remove the previous output");
    }
    let mut toml = format!(
        "# A synthetic guide: {copies} copies of {}, made by examples/scale.rs.\n[book]\ntitle = \"{} ×{copies}\"\n\
         default-locale = \"{}\"\n",
        config.title,
        config.title,
        config.default_locale().tag.as_str()
    );
    let mut files = 0usize;
    for loc in &config.locales {
        let dest = out.join("content").join(loc.tag.as_str());
        for entry in walkdir::WalkDir::new(&loc.content).sort_by_file_name() {
            let entry = entry.expect("walk the content");
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&loc.content).expect("inside the content");
            let is_page = rel.extension().is_some_and(|e| e == "md");
            let text = is_page.then(|| std::fs::read_to_string(entry.path()).expect("read a page"));
            let mut first: Option<PathBuf> = None;
            for k in 0..copies {
                let target = dest.join(format!("c{k}")).join(rel);
                std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
                match &text {
                    Some(text) => std::fs::write(&target, fresh_asset_id(text, k)).expect("write a page"),
                    None => match &first {
                        Some(f) if std::fs::hard_link(f, &target).is_ok() => {}
                        _ => {
                            std::fs::copy(entry.path(), &target).expect("copy a file");
                        }
                    },
                }
                first.get_or_insert(target);
                files += 1;
            }
        }
        let tocs: Vec<String> = (0..copies)
            .flat_map(|k| {
                loc.tocs.iter().map(move |t| {
                    let rel = t.strip_prefix(&loc.content).expect("toc inside the content");
                    format!("\"c{k}/{}\"", rel.to_string_lossy().replace('\\', "/"))
                })
            })
            .collect();
        toml.push_str(&format!(
            "\n[locales.{}]\nname = \"{}\"\ncontent = \"content/{}\"\ntoc = [{}]\n",
            loc.tag.as_str(),
            loc.name,
            loc.tag.as_str(),
            tocs.join(", ")
        ));
    }
    toml.push_str(&format!("\n[links]\nasset-id-key = \"{}\"\n", config.asset_id_key));
    std::fs::write(out.join("book.toml"), toml).expect("write book.toml");
    eprintln!("{} files in {copies} copies written to {}", files, out.display());
}

/// The page with its `ms:assetid` made unique to copy `k` (copy 0 keeps its ids).
fn fresh_asset_id(text: &str, k: u32) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches('\u{feff}');
        match trimmed.strip_prefix("ms:assetid:") {
            Some(id) if k > 0 => {
                let id = id.trim();
                let (head, tail) = id.split_at(id.len().saturating_sub(8));
                match u32::from_str_radix(tail, 16) {
                    Ok(n) => out.push_str(&format!(
                        "{}ms:assetid: {head}{:08x}\n",
                        &line[..line.len() - trimmed.len()],
                        n ^ k
                    )),
                    Err(_) => out.push_str(line),
                }
            }
            _ => out.push_str(line),
        }
    }
    out
}
