//! Unwrapping: hard-wrapped lines become one text (a paragraph, list item, note), joined with
//! a space, across a line-end hyphen (see [`super::hyphens`]) or inside a broken URL; and a
//! paragraph cut by a page break is mended when its last line does not end a sentence.

use super::hyphens::{self, Hyphen, Vocabulary};
use super::{Ann, AnnKind, Dumped, RawBlock, Sep, SrcLine, Unit};
use crate::read::MarkKind;
use crate::report::{Action, Report};

const PASS: &str = "unwrap";

/// What joining needs to know about the whole article.
pub(crate) struct Ctx<'a> {
    pub profile: &'a crate::profile::Profile,
    pub vocab: &'a Vocabulary,
    pub dumps: &'a [Dumped],
    pub width: usize,
}

/// How two lines are glued.
enum Glue {
    Space,
    Nothing,
    /// Drop this many bytes at the end of the text so far (a hyphen that was a line break).
    Drop(usize),
}

/// True if the token is (the start of) a URL.
pub(crate) fn is_url(token: &str) -> bool {
    let t = token
        .trim_start_matches(['(', '[', '<', '“', '"'])
        .to_lowercase();
    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www.")
}

fn url_part(token: &str) -> &str {
    token.trim_start_matches(['(', '[', '<', '“', '"'])
}

/// Joins lines into one text, recording each hyphen and URL decision; `what` names the
/// result in the report (`paragraph`, `note 3`).
pub(crate) fn unit(lines: &[SrcLine], what: &str, ctx: &Ctx, report: &mut Report) -> Unit {
    let mut u = Unit {
        span: super::span_of(lines),
        ..Default::default()
    };
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim_end();
        if i > 0 && !u.text.is_empty() {
            let prev_no = lines[i - 1].no;
            match glue(&u.text, text, ctx, (prev_no, line.no), report) {
                Glue::Space => u.text.push(' '),
                Glue::Nothing => {}
                Glue::Drop(n) => {
                    let keep = u.text.len().saturating_sub(n);
                    if u.text.is_char_boundary(keep) {
                        u.text.truncate(keep);
                    }
                    for a in &mut u.anns {
                        a.end = a.end.min(keep);
                    }
                    u.anns.retain(|a| a.start < a.end);
                }
            }
        }
        let offset = u.text.len();
        u.starts.push((offset, line.no, line.page));
        u.text.push_str(text);
        for m in &line.marks {
            if m.start >= m.end
                || m.end > text.len()
                || !text.is_char_boundary(m.start)
                || !text.is_char_boundary(m.end)
            {
                continue;
            }
            let kind = match &m.kind {
                MarkKind::Superscript => AnnKind::Superscript,
                MarkKind::Emphasis => AnnKind::Emphasis,
                MarkKind::Strong => AnnKind::Strong,
                MarkKind::Link(uri) => AnnKind::Link(uri.clone()),
            };
            u.anns.push(Ann {
                start: offset + m.start,
                end: offset + m.end,
                kind,
            });
        }
    }
    if lines.len() > 1 {
        report.record(
            PASS,
            Action::Joined,
            Some((u.span.first_line, u.span.last_line)),
            format!("{} wrapped lines -> one {what}", lines.len()),
        );
    }
    u
}

/// Longest URL continued across lines (8,000 bytes: what RFC 9110 asks every client to
/// support). Longer, a line-wrapped "URL" is not one; stopping there keeps the joins linear on
/// hostile input (each URL join compares the URL so far).
const MAX_URL_BYTES: usize = 8_000;

fn glue(prev: &str, next: &str, ctx: &Ctx, nos: (u32, u32), report: &mut Report) -> Glue {
    let last = prev.rsplit(char::is_whitespace).next().unwrap_or("");
    let first = next.split_whitespace().next().unwrap_or("");
    let lines = Some(nos);
    if let Some(stripped) = prev.strip_suffix('\u{ad}') {
        report.record(
            PASS,
            Action::Joined,
            lines,
            format!("soft hyphen: `{last}` + `{first}`"),
        );
        return Glue::Drop(prev.len() - stripped.len());
    }
    if prev.ends_with("\u{ad}\u{2010}") {
        report.record(
            PASS,
            Action::Joined,
            lines,
            format!("soft hyphen: `{last}` + `{first}`"),
        );
        return Glue::Drop("\u{ad}\u{2010}".len());
    }
    if is_url(last) && last.len() <= MAX_URL_BYTES && !last.ends_with("...") && !last.ends_with('…')
    {
        if let Some(g) = url_glue(url_part(last), first, ctx, lines, report) {
            return g;
        }
    }
    if hyphens::ends_in_hyphen(prev) && !is_url(last) {
        let head = &last[..last.len() - 1];
        return match hyphens::decide(head, first, ctx.vocab) {
            Hyphen::Keep(why) => {
                report.record(
                    "hyphens",
                    Action::Kept,
                    lines,
                    format!("`{last}` + `{first}`: {why}"),
                );
                Glue::Nothing
            }
            Hyphen::Join(why) => {
                report.record(
                    "hyphens",
                    Action::Joined,
                    lines,
                    format!("`{last}` + `{first}`: {why}"),
                );
                Glue::Drop(1)
            }
        };
    }
    // A hyphen attached to a symbol (`5′-` / `GAAAG`): a hyphen, not a break between words.
    let mut rev = prev.chars().rev();
    if rev.next() == Some('-') && rev.next().is_some_and(|c| !c.is_whitespace()) {
        report.record(
            "hyphens",
            Action::Kept,
            lines,
            format!("`{last}` + `{first}`: a hyphen after a symbol"),
        );
        return Glue::Nothing;
    }
    let unspaced_dash = |s: &str, rev: bool| {
        let mut cs: Box<dyn Iterator<Item = char>> = if rev {
            Box::new(s.chars().rev())
        } else {
            Box::new(s.chars())
        };
        matches!(cs.next(), Some('—' | '–')) && cs.next().is_some_and(|c| !c.is_whitespace())
    };
    if unspaced_dash(prev, true) || unspaced_dash(next, false) {
        return Glue::Nothing;
    }
    Glue::Space
}

/// A URL at a line end continued on the next line: the link targets decide whether it
/// continues and whether a hyphen at the break belongs to it.
fn url_glue(
    last: &str,
    first: &str,
    ctx: &Ctx,
    lines: Option<(u32, u32)>,
    report: &mut Report,
) -> Option<Glue> {
    let first = first.trim_end_matches(['.', ',', ';', ':', ')', ']', '”', '"', '\'']);
    if first.is_empty() {
        return None;
    }
    let targets = || ctx.dumps.iter().map(|d| d.uri.as_str());
    let whole = format!("{last}{first}");
    if targets().any(|t| t.starts_with(&whole)) {
        report.record(
            "links",
            Action::Joined,
            lines,
            format!("URL broken across lines `{last}` + `{first}` (link target confirms)"),
        );
        return Some(Glue::Nothing);
    }
    if let Some(head) = last.strip_suffix('-') {
        let without = format!("{head}{first}");
        if targets().any(|t| t.starts_with(&without)) {
            report.record(
                "hyphens",
                Action::Joined,
                lines,
                format!("URL broken across lines `{last}` + `{first}`: the hyphen was a line break (link target confirms)"),
            );
            return Some(Glue::Drop(1));
        }
    }
    let open_end = last.ends_with(['-', '/', '.', '_', '=', '?', '&', '#', '~']);
    let looks_continued = first.contains('/') && !first.starts_with(char::is_uppercase);
    if open_end || looks_continued {
        let note = if last.ends_with('-') {
            "; the hyphen is kept as printed"
        } else {
            ""
        };
        report.record(
            "links",
            Action::Joined,
            lines,
            format!(
                "URL broken across lines `{last}` + `{first}` (no link target to confirm{note})"
            ),
        );
        return Some(Glue::Nothing);
    }
    None
}

/// The line ends a sentence (after closing quotes, brackets, note marks).
pub(crate) fn ends_sentence(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(|c: char| "”’\"')]*†".contains(c));
    let t = match t.trim_end_matches(|c: char| c.is_ascii_digit()) {
        s if s.ends_with(['.', '?', '!']) => s,
        _ => t,
    };
    t.ends_with(['.', '?', '!', ':', '…'])
}

fn starts_lower(text: &str) -> bool {
    text.trim_start_matches(|c: char| !c.is_alphanumeric())
        .starts_with(char::is_lowercase)
}

/// Does `next` (first line after a page break) continue `prev` (the page's last line)?
pub(crate) fn continues(prev: &str, next: &str, width: usize) -> bool {
    if super::marker(next).is_some() {
        return false;
    }
    if ends_sentence(prev) {
        // The measure broke the line: the next page's first word would not have fitted after
        // it, so the paragraph did not end there, even at a full stop.
        return broken_by_measure(prev, next, width);
    }
    let full = prev.chars().count() * 5 >= width * 4;
    starts_lower(next) || full
}

/// The line is as full as the column allows: one more word (the next line's first) would
/// have run past the measured width.
fn broken_by_measure(line: &str, next: &str, width: usize) -> bool {
    let n = line.trim().chars().count();
    let w = next
        .split_whitespace()
        .next()
        .map_or(0, |w| w.chars().count());
    n + 1 + w > width
}

/// Mends blocks cut by a page break: the page's last line does not end a sentence and the
/// next page's first line starts lower-case (or the last line is a full line). A display
/// block that repeats the body (a pull quote set at the top of the page) does not continue
/// the paragraph; the paragraph continues after it.
pub(crate) fn join_across_pages(
    blocks: Vec<RawBlock>,
    width: usize,
    report: &mut Report,
) -> Vec<RawBlock> {
    let texts: Vec<String> = blocks.iter().map(|b| block_text(&b.lines)).collect();
    let repeats = super::pullquotes::Repeats::new(&texts);
    let measure = Measure::new(&blocks);
    let mut out: Vec<RawBlock> = Vec::new();
    let mut held: Option<RawBlock> = None;
    for (i, b) in blocks.into_iter().enumerate() {
        let joins = match (b.before, out.last(), held.as_ref()) {
            (Sep::Page, Some(prev), None) => first_and_last(prev, &b)
                .is_some_and(|(p, n)| continues(&p.text, &n.text, width) || measure.runs_on(p, n)),
            // After a held display block, only a lower-case start proves continuation.
            (_, Some(prev), Some(_)) => first_and_last(prev, &b)
                .is_some_and(|(p, n)| continues(&p.text, &n.text, width) && starts_lower(&n.text)),
            _ => false,
        };
        // A display block is set apart by its type; text in the paragraph's own type (PDF)
        // that a pull quote repeats is the paragraph going on. A lower-case start continues
        // the sentence: it is the paragraph, even when a pull quote elsewhere repeats it.
        let same_type = out
            .last()
            .and_then(|prev| first_and_last(prev, &b))
            .and_then(|(p, n)| Some((p.style.as_ref()?, n.style.as_ref()?)))
            .is_some_and(|(p, n)| (p.size - n.size).abs() < 0.5 && p.italic == n.italic);
        let lower = b.lines.first().is_some_and(|l| starts_lower(&l.text));
        if joins && held.is_none() && !lower && repeats.repeats(i) && !same_type {
            held = Some(b);
            continue;
        }
        if let (true, Some(prev)) = (joins, out.last_mut()) {
            if let (Some(p), Some(n)) = (prev.lines.last(), b.lines.first()) {
                let over = held
                    .as_ref()
                    .map(|h| format!(" and the display block at line {}", h.span().first_line))
                    .unwrap_or_default();
                report.record(
                    PASS,
                    Action::Joined,
                    Some((p.no, n.no)),
                    format!(
                        "text runs across the break between pages {} and {}{over}: `{}` / `{}`",
                        p.page,
                        n.page,
                        tail(&p.text),
                        head(&n.text)
                    ),
                );
            }
            prev.lines.extend(b.lines);
            out.extend(held.take());
            continue;
        }
        out.extend(held.take());
        out.push(b);
    }
    out.extend(held);
    out
}

/// The widest line of each type size (PDF): the measure of the text column.
struct Measure(Vec<(f32, f32)>);

impl Measure {
    fn new(blocks: &[RawBlock]) -> Measure {
        let mut m: Vec<(f32, f32)> = Vec::new();
        for s in blocks
            .iter()
            .flat_map(|b| &b.lines)
            .filter_map(|l| l.style.as_ref())
        {
            match m.iter().position(|(size, _)| (size - s.size).abs() < 0.5) {
                Some(k) => m[k].1 = m[k].1.max(s.width),
                None if m.len() < 64 => m.push((s.size, s.width)),
                None => {}
            }
        }
        Measure(m)
    }

    /// A PDF's page ends on a full line whose text goes on at the same left edge, in the
    /// same type, on the next page, and the next page's first word would not have fitted:
    /// the line was broken by the measure, not by the paragraph's end, even after a full stop.
    fn runs_on(&self, prev: &SrcLine, next: &SrcLine) -> bool {
        let (Some(p), Some(n)) = (prev.style.as_ref(), next.style.as_ref()) else {
            return false;
        };
        let size = p.size.max(0.1);
        let Some(&(_, measure)) = self.0.iter().find(|(s, _)| (s - p.size).abs() < 0.5) else {
            return false;
        };
        if (p.size - n.size).abs() >= 0.5
            || (p.x - n.x).abs() > 0.5 * size
            || (p.bold, p.italic) != (n.bold, n.italic)
            || super::lists::marker(&next.text).is_some()
        {
            return false;
        }
        let word = next
            .text
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        // Surely too wide at its own line's average letter width, less a margin (a long word,
        // a DNA sequence, a URL); or, on a
        // line already near full, too wide at a generous 0.6 em (a capital W is 0.94 em).
        let per_char = n.width / next.text.trim().chars().count().max(1) as f32;
        let surely = word as f32 * (0.85 * per_char).max(0.4 * size);
        let likely = (word as f32 * 0.6 + 0.25) * size;
        p.width + surely > measure || (p.width >= 0.8 * measure && p.width + likely > measure)
    }
}

fn first_and_last<'a>(
    prev: &'a RawBlock,
    next: &'a RawBlock,
) -> Option<(&'a SrcLine, &'a SrcLine)> {
    Some((prev.lines.last()?, next.lines.first()?))
}

fn block_text(lines: &[SrcLine]) -> String {
    lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn tail(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    words[words.len().saturating_sub(3)..].join(" ")
}

fn head(s: &str) -> String {
    s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &str) -> Vec<SrcLine> {
        t.lines()
            .enumerate()
            .map(|(i, l)| SrcLine::text(1, i as u32 + 10, l))
            .collect()
    }

    fn join(t: &str, corpus: &str, uris: &[&str]) -> (String, Report) {
        let dumps: Vec<Dumped> = uris
            .iter()
            .map(|u| Dumped {
                uri: u.to_string(),
                page: 1,
                line: 0,
                used: false,
            })
            .collect();
        let all = lines(&format!("{corpus}\n{t}"));
        let vocab = Vocabulary::new(&all, &dumps);
        let profile = crate::profile::Profile::default();
        let ctx = Ctx {
            profile: &profile,
            vocab: &vocab,
            dumps: &dumps,
            width: 80,
        };
        let mut r = Report::default();
        (unit(&lines(t), "paragraph", &ctx, &mut r).text, r)
    }

    #[test]
    fn a_hyphen_after_a_symbol_joins_without_a_space() {
        let (t, _) = join("added to the 5′-\nend of the primer", "", &[]);
        assert_eq!(t, "added to the 5′-end of the primer");
    }

    #[test]
    fn real_hyphens_are_kept_without_a_space() {
        let (t, r) = join(
            "aspects of re-\nglobalization: Sino",
            "driver of re-globalization, this",
            &[],
        );
        assert_eq!(t, "aspects of re-globalization: Sino");
        assert_eq!(r.of(Action::Kept).count(), 1);
    }

    #[test]
    fn broken_word_joins_when_the_article_has_it_whole() {
        let (t, _) = join("the inter-\nnational order", "an international body", &[]);
        assert_eq!(t, "the international order");
    }

    #[test]
    fn ambiguous_hyphen_is_kept_and_reported() {
        let (t, r) = join("a self-\nmade plan", "", &[]);
        assert_eq!(t, "a self-made plan");
        assert!(r.of(Action::Kept).any(|c| c.detail.contains("ambiguous")));
    }

    #[test]
    fn urls_are_rejoined_with_or_without_their_hyphen() {
        let u = "https://www.e-ir.info/2013/11/14/does-it/";
        let (t, _) = join(
            "2013. https://www.e-\nir.info/2013/11/14/does-it/ (last",
            "",
            &[u],
        );
        assert_eq!(t, format!("2013. {u} (last"));
        // The dump proves this hyphen was only a line break.
        let (t, r) = join(
            "see https://x.org/global-\nization/ now",
            "",
            &["https://x.org/globalization/"],
        );
        assert_eq!(t, "see https://x.org/globalization/ now");
        assert!(r
            .of(Action::Joined)
            .any(|c| c.detail.contains("was a line break")));
        // No target: a slug hyphen is kept as printed.
        let (t, _) = join(
            "see http://x.org/the-case-of-\nsino-russian/ (last",
            "",
            &[],
        );
        assert_eq!(t, "see http://x.org/the-case-of-sino-russian/ (last");
    }

    #[test]
    fn hyphens_after_primes_and_digits_stay_glued() {
        assert_eq!(
            join("forward 5′-\nGAAAGGC-3′ and", "", &[]).0,
            "forward 5′-GAAAGGC-3′ and"
        );
        assert_eq!(
            join("the EBP-\n2::GFP comets", "", &[]).0,
            "the EBP-2::GFP comets"
        );
        assert_eq!(join("(see above)-\nlike", "", &[]).0, "(see above)-like");
        // A spaced hyphen is a dash between words.
        assert_eq!(join("words -\nand more", "", &[]).0, "words - and more");
    }

    #[test]
    fn dashes_and_soft_hyphens() {
        assert_eq!(join("nationalism—\nwith", "", &[]).0, "nationalism—with");
        assert_eq!(join("Länder –\ndie", "", &[]).0, "Länder – die");
        assert_eq!(join("glob\u{ad}\nalization", "", &[]).0, "globalization");
    }

    #[test]
    fn a_full_pdf_line_runs_on_across_the_page_even_after_a_full_stop() {
        let styled = |page: u32, no: u32, t: &str, width: f32| {
            let mut l = SrcLine::text(page, no, t);
            l.style = Some(crate::read::LineStyle {
                x: 72.0,
                width,
                size: 12.0,
                ..Default::default()
            });
            l
        };
        let blocks = || {
            vec![
                RawBlock {
                    lines: vec![
                        styled(
                            1,
                            1,
                            "Eukaryotes evolved in a world filled with bacteria and",
                            420.0,
                        ),
                        styled(
                            1,
                            2,
                            "may have exerted critical influences on animal evolution.",
                            412.0,
                        ),
                    ],
                    before: Sep::Start,
                },
                RawBlock {
                    lines: vec![styled(
                        2,
                        3,
                        "Choanoflagellates, microscopic eukaryotes that",
                        260.0,
                    )],
                    before: Sep::Page,
                },
            ]
        };
        let out = join_across_pages(blocks(), 80, &mut Report::default());
        assert_eq!(out.len(), 1, "the next word would not have fitted");
        let mut short = blocks();
        short[0].lines[1].style.as_mut().unwrap().width = 300.0;
        let out = join_across_pages(short, 80, &mut Report::default());
        assert_eq!(out.len(), 2, "a short last line ends the paragraph");
    }

    #[test]
    fn a_pull_quote_at_the_top_of_the_page_does_not_continue_the_paragraph() {
        let mk = |lines: &[(&str, u32, u32)], before: Sep| RawBlock {
            lines: lines
                .iter()
                .map(|(t, no, page)| SrcLine::text(*page, *no, t))
                .collect(),
            before,
        };
        let blocks = vec![
            mk(&[("Economic nationalism harms the states that practice it by intensifying the re-", 1, 1), ("globalization of the world economy via the emergence of new trade zones. In this", 2, 1)], Sep::Start),
            mk(&[("Economic nationalism harms the states that practice it by intensifying the", 3, 2), ("re-globalization of the world economy...", 4, 2)], Sep::Page),
            mk(&[("regard, the new leadership of the Commission faces the challenge.", 5, 2)], Sep::Blank),
        ];
        let out = join_across_pages(blocks, 80, &mut Report::default());
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].lines.len(), 3);
        assert_eq!(out[0].lines[2].no, 5);
        assert_eq!(out[1].lines[0].no, 3);
    }

    #[test]
    fn page_break_evidence() {
        assert!(continues(
            "the world economy via new zones. In this",
            "regard, the new",
            80
        ));
        assert!(!continues(
            "the end of the paragraph.",
            "regard, the new",
            80
        ));
        assert!(!continues("EU-US Dissonance", "In this context", 80));
        assert!(continues(
            "a long line that fills the whole measure of the text column and then goes",
            "On",
            80
        ));
        // A full line ends a sentence at the foot of the page: the next word would not have
        // fitted, so the paragraph goes on; a short one ends it.
        assert!(continues(
            "independent of KLCs, suggestive of a similar mode of action in nonneuronal cells.",
            "Taken together, our analyses",
            80
        ));
        assert!(!continues(
            "subjects research; no ethical approval was required.",
            "Building on previous work",
            80
        ));
        assert!(ends_sentence("the Chinese initiative.4"));
        assert!(ends_sentence("the US and EU.*"));
        assert!(!ends_sentence("elections of 2019"));
    }
}
