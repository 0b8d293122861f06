//! Measures `highlight::detect::looks_like_powershell` against the hand-labelled blocks in
//! `tests/fixtures/untagged-blocks.txt` (real untagged code blocks from the zh-CN and es-es
//! Lync Server 2013 docs) and fails if precision or recall of the `ps` class drops below the
//! figures the detector reached when the fixture was written.

use polybook::highlight::detect::looks_like_powershell;

/// Measured 1.000 on the fixture when it was written, rounded down to 2 decimals.
const PRECISION_FLOOR: f64 = 1.00;
/// Measured 1.000 on the fixture when it was written, rounded down to 2 decimals.
const RECALL_FLOOR: f64 = 1.00;

const FIXTURE: &str = include_str!("fixtures/untagged-blocks.txt");

/// One labelled block of the fixture.
struct Record<'a> {
    /// The header line without the leading `==> `, e.g. `ps | zh-CN/LyncServer/x.md:12`.
    header: &'a str,
    is_ps: bool,
    text: String,
}

/// Parses `#! ` comment lines, then records of a `==> LABEL | LOCATION` header followed by
/// the block's text up to the next header or the end of the file.
fn parse_fixture(src: &str) -> Vec<Record<'_>> {
    let mut records: Vec<Record> = Vec::new();
    for line in src.split_inclusive('\n') {
        if let Some(header) = line.strip_prefix("==> ") {
            records.push(parse_header(header.trim_end_matches(['\n', '\r'])));
        } else if let Some(record) = records.last_mut() {
            record.text.push_str(line);
        } else {
            assert!(line.starts_with("#! ") || line.trim_end() == "#!", "stray line before the first record: {line:?}");
        }
    }
    records
}

fn parse_header(header: &str) -> Record<'_> {
    let (label, location) = header.split_once(" | ").unwrap_or_else(|| panic!("bad header: {header:?}"));
    assert!(location.contains(".md:"), "bad location in header: {header:?}");
    let is_ps = match label {
        "ps" => true,
        "plain" => false,
        other => panic!("unknown label {other:?} in header: {header:?}"),
    };
    Record { header, is_ps, text: String::new() }
}

#[test]
fn fixture_is_well_formed() {
    let records = parse_fixture(FIXTURE);
    let plain = records.iter().filter(|r| !r.is_ps).count();
    assert!(records.len() >= 150, "only {} records", records.len());
    assert!(plain >= 40, "only {plain} plain records");
    for locale in ["zh-CN/", "es-es/"] {
        assert!(records.iter().any(|r| r.header.contains(locale)), "no {locale} records");
    }
    for r in &records {
        assert!(!r.text.trim().is_empty(), "empty block: {}", r.header);
    }
}

#[test]
fn powershell_detection_precision_and_recall() {
    let records = parse_fixture(FIXTURE);
    let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
    let mut misses = Vec::new();
    for r in &records {
        let predicted = looks_like_powershell(&r.text);
        match (predicted, r.is_ps) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => {}
        }
        if predicted != r.is_ps {
            misses.push(format!("  predicted {}: ==> {}", if predicted { "ps" } else { "plain" }, r.header));
        }
    }
    let precision = ratio(tp, tp + fp);
    let recall = ratio(tp, tp + fn_);
    println!("{} blocks: tp {tp}, fp {fp}, fn {fn_}", records.len());
    println!("precision {precision:.3} (floor {PRECISION_FLOOR}), recall {recall:.3} (floor {RECALL_FLOOR})");
    println!("misclassified: {}", misses.len());
    for m in &misses {
        println!("{m}");
    }
    assert!(precision >= PRECISION_FLOOR, "precision {precision:.3} < {PRECISION_FLOOR}");
    assert!(recall >= RECALL_FLOOR, "recall {recall:.3} < {RECALL_FLOOR}");
}

/// `num / den`, or 1.0 when there is nothing to measure.
fn ratio(num: u32, den: u32) -> f64 {
    if den == 0 { 1.0 } else { f64::from(num) / f64::from(den) }
}
