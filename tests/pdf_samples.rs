//! The PDF reader on the journal's sample printed by several producers: words against the
//! journal's own text export, blocks, superscripts, links, title block, structure roles.

use offprint::read::{pdf, Export, Line, MarkKind, Role};
use offprint::Limits;
use std::path::Path;

fn read(name: &str) -> Export {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pdf::read(&bytes, &path, None, &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn text_export() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/global-e-2960.txt");
    std::fs::read_to_string(path).expect("samples/global-e-2960.txt")
}

/// Words of lines, a line-final hyphen joined to the next line's first word; hyphens are
/// then dropped, as producers differ in where they hyphenate (groff breaks `be-coming`).
fn words<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue = false;
    for line in lines {
        for (k, w) in line.split_whitespace().enumerate() {
            match out.last_mut() {
                Some(last) if glue && k == 0 => last.push_str(w),
                _ => out.push(w.to_owned()),
            }
        }
        glue = line.trim_end().ends_with(['-', '\u{AD}']) && !line.trim().is_empty();
    }
    out.into_iter()
        .map(|w| w.replace(['-', '\u{AD}'], ""))
        .collect()
}

fn body_lines(export: &Export) -> Vec<&Line> {
    export
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| {
            l.style
                .as_ref()
                .is_none_or(|s| s.role != Some(Role::Artifact))
        })
        .collect()
}

/// A line of a page's link dump in the text export: one URI alone.
fn is_uri_dump(l: &str) -> bool {
    l.starts_with("http") && !l.contains(' ')
}

/// Length of the longest common subsequence.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// (words of the text export matched, text words, pdf words).
fn agreement(export: &Export) -> (usize, usize, usize) {
    let txt = text_export();
    // The text export lists each page's link targets after its text: not text of the article.
    let text_lines = txt.lines().filter(|l| !is_uri_dump(l));
    let t = words(text_lines);
    let body = body_lines(export);
    let p = words(body.iter().map(|l| l.text.as_str()));
    (lcs(&t, &p), t.len(), p.len())
}

#[test]
fn chromium_words_match_the_text_export() {
    let export = read("global-e-2960.pdf");
    let (matched, t, p) = agreement(&export);
    let recall = matched as f64 / t as f64;
    eprintln!(
        "chromium: {matched} of {t} text-export words matched in order ({:.2}%), pdf has {p}",
        recall * 100.0
    );
    assert!(recall > 0.99, "recall {recall}");
    // Only the title block (absent from the text export) may be extra.
    assert!(p - matched < 40, "{} extra words", p - matched);
}

#[test]
fn chromium_structure_blocks_superscripts_links() {
    let export = read("global-e-2960.pdf");
    assert_eq!(export.pages.len(), 5);
    assert!(export.info.tagged);
    let all: Vec<&Line> = export.pages.iter().flat_map(|p| &p.lines).collect();
    // Running headers and footers are kept, as artifacts.
    let footers = all
        .iter()
        .filter(|l| l.text.starts_with("Page ") && l.text.ends_with(" of 5"))
        .count();
    assert_eq!(footers, 5);
    assert!(all.iter().filter(|l| l.text.starts_with("Page ")).all(|l| l
        .style
        .as_ref()
        .and_then(|s| s.role)
        == Some(Role::Artifact)));
    // Headings from the structure tree.
    let heading = all
        .iter()
        .find(|l| l.text == "EU-US Dissonance")
        .expect("heading");
    assert!(matches!(
        heading.style.as_ref().and_then(|s| s.role),
        Some(Role::Heading(_))
    ));
    // Note references are superscripts glued to the word before.
    let sups: Vec<&str> = all
        .iter()
        .flat_map(|l| {
            l.marks
                .iter()
                .filter(|m| m.kind == MarkKind::Superscript)
                .map(move |m| &l.text[m.start..m.end])
        })
        .collect();
    assert_eq!(sups, ["1", "2", "3", "4", "5", "6"]);
    // List items from drawn bullets.
    let items = all.iter().filter(|l| l.text.starts_with("- ")).count();
    assert_eq!(items, 4);
    // Blank lines separate blocks, and a block's first line says so.
    let blank_then: Vec<&&Line> = all
        .windows(2)
        .filter(|w| w[0].is_blank() && w[0].style.is_none())
        .map(|w| &w[1])
        .collect();
    assert!(blank_then
        .iter()
        .all(|l| l.style.as_ref().is_some_and(|s| s.starts_block)));
    // Link annotations, in order, and their words marked.
    let links: usize = export.pages.iter().map(|p| p.links.len()).sum();
    assert_eq!(links, 13);
    let linked: Vec<&str> = all
        .iter()
        .flat_map(|l| {
            l.marks
                .iter()
                .filter(|m| matches!(m.kind, MarkKind::Link(_)))
                .map(move |m| &l.text[m.start..m.end])
        })
        .collect();
    assert!(linked.contains(&"View PDF"), "{linked:?}");
    assert!(linked
        .iter()
        .any(|w| w.starts_with("http://www.theasanforum.org/")));
}

#[test]
fn chromium_title_block() {
    let info = read("global-e-2960.pdf").info;
    assert_eq!(
        info.block_title.as_deref(),
        Some("Multipolar Maneuvers: Sino-Russian Collaboration and Competition")
    );
    assert_eq!(info.series.as_deref(), Some("RE-GLOBALIZATION"));
    assert_eq!(info.volume.as_deref(), Some("13"));
    assert_eq!(info.issue.as_deref(), Some("22"));
    assert_eq!(info.date.as_deref(), Some("April 10, 2020"));
    assert_eq!(info.authors, ["Pavel Raus"]);
}

/// Words of the text export found in the PDF regardless of order (groff sets notes as
/// footnotes at the page foot, so the order differs by design).
fn bag_recall(export: &Export) -> f64 {
    let txt = text_export();
    let t = words(txt.lines().filter(|l| !is_uri_dump(l)));
    let body = body_lines(export);
    let mut p = words(body.iter().map(|l| l.text.as_str()));
    p.sort();
    let found = t.iter().filter(|w| p.binary_search(w).is_ok()).count();
    found as f64 / t.len() as f64
}

#[test]
fn libreoffice_words_match_the_text_export() {
    let export = read("global-e-2960.libreoffice.pdf");
    let (matched, t, p) = agreement(&export);
    eprintln!("libreoffice: {matched} of {t} matched in order, pdf has {p}");
    assert!(matched as f64 / t as f64 > 0.99);
}

#[test]
fn groff_words_match_the_text_export() {
    let export = read("global-e-2960.groff.pdf");
    let (matched, t, _) = agreement(&export);
    let bag = bag_recall(&export);
    eprintln!(
        "groff: {matched} of {t} matched in order; {:.2}% found in any order",
        bag * 100.0
    );
    assert!(bag > 0.98, "{bag}");
    assert!(matched as f64 / t as f64 > 0.88);
}

#[test]
fn ghostscript_resave_is_read_without_failing() {
    let export = read("global-e-2960.gs-resaved.pdf");
    let (matched, t, _) = agreement(&export);
    // Its ToUnicode maps are wrong for quotes and dashes; most words still agree.
    eprintln!("gs-resaved: {matched} of {t} matched in order");
    assert!(matched as f64 / t as f64 > 0.8, "{matched}/{t}");
}

/// A variant printed by Chromium (tests/fixtures/pdf-variant.html): another title block,
/// soft hyphens (`&shy;`) taken and not taken as breaks, ActualText, bullets, two notes.
#[test]
fn chromium_variant_soft_hyphens_and_title_block() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf-variant.pdf");
    let bytes = std::fs::read(&path).expect("fixture");
    let export = pdf::read(&bytes, &path, None, &Limits::default()).expect("reads");
    let lines: Vec<&str> = export
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.as_str())
        .collect();
    // A soft hyphen not taken is not text; one taken as a break leaves U+00AD at the line end.
    assert!(
        lines.contains(&"internationalization over\u{AD}"),
        "{lines:#?}"
    );
    assert!(lines.contains(&"whelms everybody"));
    assert!(lines.contains(&"Counterrevolutionary"));
    assert!(!lines.iter().any(|l| l.contains('\u{2010}')));
    let items: Vec<&&str> = lines.iter().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(
        items,
        [&"- First bullet item of the list", &"- Second bullet item"]
    );
    let info = &export.info;
    assert_eq!(
        info.block_title.as_deref(),
        Some("Variant Article on Hyphenation")
    );
    assert_eq!(info.series.as_deref(), Some("Testing Series"));
    assert_eq!(
        (info.volume.as_deref(), info.issue.as_deref()),
        (Some("2"), Some("7"))
    );
    assert_eq!(info.date.as_deref(), Some("March 3, 2021"));
    assert_eq!(info.authors, ["Ada Example", "Bo Sample"]);
}
