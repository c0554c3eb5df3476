//! Back matter: after the body come the acknowledgement (after a `________` rule, opened by
//! its mark `*`), the `Notes` list, the `Tags` (keywords) and the author's bio line
//! (`Pavel Raus is a graduate student at ...`), which gives the author's name and affiliation.

use super::unwrap::{self, Ctx};
use super::{RawBlock, Sep, SrcLine, Unit};
use crate::model::{Author, Keyword, Metadata};
use crate::profile::Profile;
use crate::report::{Action, Report};

const PASS: &str = "backmatter";

/// The article's parts, as raw blocks.
#[derive(Debug, Default)]
pub(crate) struct Zones {
    pub body: Vec<RawBlock>,
    pub ack: Vec<RawBlock>,
    pub notes: Vec<RawBlock>,
    pub tags: Vec<RawBlock>,
    pub bio: Vec<RawBlock>,
    /// Back-matter text that fits none of the parts (kept, with a warning).
    pub rest: Vec<RawBlock>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Body,
    Ack,
    Notes,
    Tags,
    Bio,
}

/// The block opens with a rule line (`________`).
fn is_rule(b: &RawBlock, p: &Profile) -> bool {
    b.lines.first().is_some_and(|l| p.is_rule(&l.text))
}

fn heading_is(b: &RawBlock, words: &[String]) -> bool {
    b.lines
        .first()
        .is_some_and(|l| Profile::is_one_of(words, &l.text))
}

/// The line opens with an acknowledgement mark glued to a capital (`*We thank`).
fn opens_with_mark(text: &str, p: &Profile) -> bool {
    let mut cs = text.chars();
    cs.next().is_some_and(|c| p.is_ack_mark(c)) && cs.next().is_some_and(char::is_uppercase)
}

/// The bio's author name: 2–5 capitalised words (particles allowed) before a verb.
pub(crate) fn bio_name<'a>(text: &'a str, p: &Profile) -> Option<&'a str> {
    let at = p
        .bio_verbs
        .iter()
        .filter(|v| !v.is_empty())
        .filter_map(|v| text.find(v.as_str()))
        .min()?;
    let name = text[..at].trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let particle = |w: &str| {
        matches!(
            w,
            "van" | "von" | "de" | "da" | "der" | "den" | "di" | "la" | "le" | "bin" | "al"
        )
    };
    let ok = (2..=5).contains(&words.len())
        && words
            .first()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || particle(w))
        && name
            .chars()
            .all(|c| c.is_alphabetic() || " .-'’".contains(c));
    ok.then_some(name)
}

fn is_bio(b: &RawBlock, p: &Profile) -> bool {
    let text = b
        .lines
        .iter()
        .map(|l| l.text.trim())
        .collect::<Vec<_>>()
        .join(" ");
    bio_name(&text, p).is_some()
}

/// A line without a closing period: one keyword (or a comma-separated list).
fn is_tag_line(text: &str, p: &Profile) -> bool {
    // Tags come in any number and length; a sentence (a final stop, or a name and a bio
    // verb) is not one.
    let t = text.trim();
    !t.is_empty() && !t.ends_with(['.', '!', '?']) && bio_name(t, p).is_none()
}

/// A line that opens a part of the back matter even without a blank line before it (text
/// made from a PDF runs everything together): a heading word, a rule, an acknowledgement mark.
fn opens_part(prev: &str, line: &str, p: &Profile) -> bool {
    Profile::is_one_of(&p.notes_headings, line)
        || Profile::is_one_of(&p.tags_headings, line)
        || p.is_rule(line)
        || (opens_with_mark(line, p) && super::unwrap::ends_sentence(prev))
}

/// `Tags: Russia, China` → `Tags` and `Russia, China` (same line number).
fn split_inline_label(line: SrcLine, p: &Profile) -> Vec<SrcLine> {
    let Some((head, rest)) = line
        .text
        .split_once(':')
        .map(|(h, r)| (h.to_string(), r.to_string()))
    else {
        return vec![line];
    };
    if !Profile::is_one_of(&p.tags_headings, &head) || rest.trim().is_empty() {
        return vec![line];
    }
    let mut a = line.clone();
    a.text = head.trim().to_string();
    a.marks.clear();
    let mut b = line;
    b.text = rest.trim().to_string();
    b.marks.clear();
    vec![a, b]
}

/// Cuts blocks before lines that open a back-matter part.
fn cut_at_parts(blocks: Vec<RawBlock>, p: &Profile) -> Vec<RawBlock> {
    let mut out = Vec::new();
    for b in blocks {
        let mut cur = RawBlock {
            lines: Vec::new(),
            before: b.before,
        };
        for line in b.lines.into_iter().flat_map(|l| split_inline_label(l, p)) {
            let prev = cur.lines.last().map(|l| l.text.as_str());
            if prev.is_some_and(|prev| opens_part(prev, &line.text, p)) {
                out.push(std::mem::replace(
                    &mut cur,
                    RawBlock {
                        lines: Vec::new(),
                        before: Sep::Blank,
                    },
                ));
            }
            cur.lines.push(line);
        }
        out.push(cur);
    }
    out
}

/// An acknowledgement without a rule: a block opened by `*`/`†` just before the notes.
fn is_marked_ack(b: &RawBlock, next: Option<&RawBlock>, p: &Profile) -> bool {
    let opens = b.lines.first().is_some_and(|l| opens_with_mark(&l.text, p));
    opens && next.is_none_or(|n| heading_is(n, &p.notes_headings))
}

/// The part a block belongs to, from the part before it: a notes or tags heading (which
/// is removed) opens its part; a block opening with a non-tag line ends the tags (a block
/// that opens with tags and runs into the bio is split by the caller); elsewhere only a bio
/// ends a part.
fn next_zone(b: &mut RawBlock, zone: Zone, last: bool, p: &Profile, report: &mut Report) -> Zone {
    let span = b.span();
    let lines = Some((span.first_line, span.last_line));
    if zone != Zone::Notes && heading_is(b, &p.notes_headings) {
        report.record(
            PASS,
            Action::Recognised,
            lines,
            format!("{:?} starts the notes", b.lines[0].text.trim()),
        );
        b.lines.remove(0);
        return Zone::Notes;
    }
    if zone != Zone::Tags && heading_is(b, &p.tags_headings) {
        report.record(
            PASS,
            Action::Recognised,
            lines,
            format!("{:?} starts the keywords", b.lines[0].text.trim()),
        );
        b.lines.remove(0);
        return Zone::Tags;
    }
    let after_tags =
        zone == Zone::Tags && b.lines.first().is_some_and(|l| !is_tag_line(&l.text, p));
    let may_bio = zone == Zone::Notes || zone == Zone::Ack || (zone == Zone::Body && last);
    if after_tags || (may_bio && is_bio(b, p)) {
        return Zone::Bio;
    }
    zone
}

impl Zones {
    /// Files a block in its part; bio-zone text that is no bio stays in the body, reported.
    fn file(&mut self, zone: Zone, b: RawBlock, p: &Profile, report: &mut Report) {
        match zone {
            Zone::Body => self.body.push(b),
            Zone::Ack => self.ack.push(b),
            Zone::Notes => self.notes.push(b),
            Zone::Tags => self.tags.push(b),
            Zone::Bio if is_bio(&b, p) => self.bio.push(b),
            Zone::Bio => {
                let span = b.span();
                report.record(
                    PASS,
                    Action::Warning,
                    Some((span.first_line, span.last_line)),
                    "back-matter text of no known kind; kept at the end of the body",
                );
                self.rest.push(b)
            }
        }
    }
}

/// Splits the blocks into body and back matter.
pub(crate) fn split(blocks: Vec<RawBlock>, p: &Profile, report: &mut Report) -> Zones {
    let blocks = cut_at_parts(blocks, p);
    let mut z = Zones::default();
    let mut zone = Zone::Body;
    let last = blocks.len().saturating_sub(1);
    let marked_ack: Vec<bool> = (0..blocks.len())
        .map(|i| is_marked_ack(&blocks[i], blocks.get(i + 1), p))
        .collect();
    for (i, mut b) in blocks.into_iter().enumerate() {
        if zone == Zone::Body && marked_ack[i] {
            report.record(
                PASS,
                Action::Recognised,
                Some((b.span().first_line, b.span().first_line)),
                "acknowledgement opened by its mark, before the notes",
            );
            zone = Zone::Ack;
        }
        if zone == Zone::Body && is_rule(&b, p) {
            let no = b.lines[0].no;
            report.record(
                PASS,
                Action::Removed,
                Some((no, no)),
                "rule opening the acknowledgement",
            );
            b.lines.remove(0);
            zone = Zone::Ack;
            if b.lines.is_empty() {
                continue;
            }
        }
        zone = next_zone(&mut b, zone, i == last, p, report);
        // Tags run straight into the bio in text made from a PDF: split them.
        if zone == Zone::Tags {
            let k = b.lines.iter().position(|l| !is_tag_line(&l.text, p));
            if let Some(k) = k.filter(|&k| k > 0) {
                let rest = b.lines.split_off(k);
                let tags = std::mem::replace(
                    &mut b,
                    RawBlock {
                        lines: rest,
                        before: Sep::Start,
                    },
                );
                z.tags.push(tags);
                zone = Zone::Bio;
            }
        }
        if b.lines.is_empty() {
            continue;
        }
        z.file(zone, b, p, report);
    }
    z
}

/// The acknowledgement: its mark (`*`) and its text.
pub(crate) fn acknowledgement(
    blocks: Vec<RawBlock>,
    ctx: &Ctx,
    report: &mut Report,
) -> Option<(Option<String>, Unit)> {
    let mut lines: Vec<_> = blocks.into_iter().flat_map(|b| b.lines).collect();
    let first = lines.first_mut()?;
    let label = first
        .text
        .chars()
        .next()
        .filter(|c| ctx.profile.is_ack_mark(*c));
    if let Some(c) = label {
        super::lists::strip_prefix(first, c.len_utf8());
    }
    let unit = unwrap::unit(&lines, "acknowledgement", ctx, report);
    let label = label.map(String::from);
    report.record(
        PASS,
        Action::Recognised,
        Some((unit.span.first_line, unit.span.last_line)),
        format!(
            "acknowledgement (id ack{})",
            label
                .as_deref()
                .map(|l| format!(", mark {l}"))
                .unwrap_or_default()
        ),
    );
    Some((label, unit))
}

/// A keyword and where it was printed.
#[derive(Debug, Clone)]
pub(crate) struct KeywordDraft {
    pub keyword: Keyword,
    pub line: u32,
    pub page: u32,
}

/// The keywords: one per line, or comma-separated.
pub(crate) fn keywords(blocks: &[RawBlock], report: &mut Report) -> Vec<KeywordDraft> {
    let mut out = Vec::new();
    for line in blocks.iter().flat_map(|b| &b.lines) {
        let text = match super::lists::marker(&line.text) {
            Some((super::lists::Marker::Bullet(_), n)) => line.text.get(n..).unwrap_or(""),
            _ => line.text.as_str(),
        };
        for k in text
            .split([',', ';'])
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            report.record(
                PASS,
                Action::Recognised,
                Some((line.no, line.no)),
                format!("keyword {k:?}"),
            );
            out.push(KeywordDraft {
                keyword: Keyword {
                    text: k.to_string(),
                    uri: None,
                },
                line: line.no,
                page: line.page,
            });
        }
    }
    out
}

/// The author from the bio line: name, given name and surname, bio, affiliation.
/// Returns the blocks that read like a bio but do not name a person: they stay text.
pub(crate) fn author(
    blocks: Vec<RawBlock>,
    evidence: &NameEvidence,
    ctx: &Ctx,
    meta: &mut Metadata,
    report: &mut Report,
) -> Vec<RawBlock> {
    let mut not_bios = Vec::new();
    // The byline's authors, not those the bios below add.
    let byline: Vec<String> = meta.authors.iter().map(|a| a.name.clone()).collect();
    // One bio per block: co-authors each have theirs.
    for b in blocks {
        let text = b
            .lines
            .iter()
            .map(|l| l.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        let why_not =
            bio_name(&text, ctx.profile).and_then(|name| evidence.not_a_person(name, &byline));
        if let Some(why) = why_not {
            let span = b.span();
            report.record(
                PASS,
                Action::Kept,
                Some((span.first_line, span.last_line)),
                format!("not a bio: {why}; kept as text"),
            );
            not_bios.push(b);
            continue;
        }
        one_author(&b.lines, ctx, meta, report);
    }
    not_bios
}

/// What the article says about names: its topics (tags) and its running text. A bio names a
/// person; a phrase the article uses as a topic or in its own text (`European Union is a
/// topic ...`) is not the author.
pub(crate) struct NameEvidence {
    /// Tags, lower case.
    pub topics: Vec<String>,
    /// The body's blocks, lower case.
    pub body: Vec<String>,
}

impl NameEvidence {
    /// The tags and the body's texts, as the passes have them.
    pub(crate) fn of(keywords: &[KeywordDraft], shapes: &mut [super::Shape]) -> Self {
        NameEvidence {
            topics: keywords
                .iter()
                .map(|k| k.keyword.text.to_lowercase())
                .collect(),
            body: shapes
                .iter_mut()
                .flat_map(|s| s.units_mut().into_iter().map(|u| u.text.to_lowercase()))
                .collect(),
        }
    }

    /// Why `name` (from a bio-shaped line) is not the author, if it is not.
    fn not_a_person(&self, name: &str, byline: &[String]) -> Option<String> {
        let lower = name.to_lowercase();
        if !byline.is_empty() {
            // The byline names the authors: the bio must be one of them.
            let surname = |n: &str| n.split_whitespace().last().map(str::to_lowercase);
            let known = byline
                .iter()
                .any(|a| surname(a).is_some_and(|s| lower.split_whitespace().any(|w| w == s)));
            return (!known).then(|| format!("{name:?} is not an author of the byline"));
        }
        if self.topics.contains(&lower) {
            return Some(format!("{name:?} is one of the article's tags"));
        }
        // A block that is only the name (`By Maria Lopez`) is a byline: a person.
        let byline = |b: &String| {
            let t = b.trim();
            t.strip_prefix("by ").unwrap_or(t).trim() == lower
        };
        if self.body.iter().any(byline) {
            return None;
        }
        if self.body.iter().any(|b| contains_phrase(b, &lower)) {
            return Some(format!("{name:?} occurs in the article's own text"));
        }
        None
    }
}

/// `phrase` occurs in `text` as whole words.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

fn one_author(lines: &[SrcLine], ctx: &Ctx, meta: &mut Metadata, report: &mut Report) {
    if lines.is_empty() {
        return;
    }
    let unit = unwrap::unit(lines, "bio", ctx, report);
    let Some(name) = bio_name(&unit.text, ctx.profile) else {
        return;
    };
    let (given, surname) = crate::meta::split_name(name);
    let affiliation = affiliation(&unit.text);
    report.record(
        PASS,
        Action::Recognised,
        Some((unit.span.first_line, unit.span.last_line)),
        format!(
            "author {name:?} from the bio{}",
            affiliation
                .as_deref()
                .map(|a| format!(", affiliation {a:?}"))
                .unwrap_or_default()
        ),
    );
    let a = Author {
        name: name.to_string(),
        given,
        surname,
        bio: Some(unit.text.clone()),
        affiliation,
    };
    match meta.authors.iter_mut().find(|x| x.name == a.name) {
        Some(x) => *x = a,
        None => meta.authors.push(a),
    }
}

/// `... is a student at the X Institute of Y, Country` → `X Institute of Y, Country`.
fn affiliation(bio: &str) -> Option<String> {
    let at = bio.find(" at ")? + 4;
    let rest = bio[at..].trim_start();
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let end = [". ", "; ", " where ", " and is ", " and has "]
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
    let a = rest[..end].trim().trim_end_matches(['.', ',']).trim();
    (!a.is_empty() && a.starts_with(char::is_uppercase)).then(|| a.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(lines: &[&str]) -> RawBlock {
        RawBlock {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| SrcLine::text(1, i as u32 + 1, t))
                .collect(),
            before: Sep::Blank,
        }
    }

    #[test]
    fn zones_in_order() {
        let blocks = vec![
            b(&["Body text."]),
            b(&["________", "*Thanks to all."]),
            b(&["Notes"]),
            b(&["1. A note."]),
            b(&["Tags", "Russia"]),
            b(&["China"]),
            b(&[
                "Pavel Raus is a graduate student at the Institute of",
                "the University of Leipzig, Germany",
            ]),
        ];
        let z = split(blocks, &Profile::default(), &mut Report::default());
        assert_eq!(
            (
                z.body.len(),
                z.ack.len(),
                z.notes.len(),
                z.tags.len(),
                z.bio.len(),
                z.rest.len()
            ),
            (1, 1, 1, 2, 1, 0)
        );
    }

    #[test]
    fn parts_run_together_without_blank_lines() {
        let blocks = vec![b(&[
            "the EU from the 1990s",
            "onwards.",
            "*The author thanks X.",
            "Notes",
            "1. A note.",
            "2. Another",
            "note.",
            "Tags",
            "Russia",
        ])];
        let z = split(blocks, &Profile::default(), &mut Report::default());
        assert_eq!(z.body[0].lines.len(), 2);
        assert_eq!(z.ack[0].lines[0].text, "*The author thanks X.");
        assert_eq!(z.notes[0].lines.len(), 3);
        assert_eq!(z.tags[0].lines.len(), 1);
    }

    #[test]
    fn two_bios_give_two_authors() {
        let z = split(
            vec![
                b(&["Notes"]),
                b(&["1. A note."]),
                b(&["Jane Doe is a professor at the University of X"]),
                b(&["John Roe is a lecturer at Y College"]),
            ],
            &Profile::default(),
            &mut Report::default(),
        );
        let v = crate::clean::hyphens::Vocabulary::default();
        let ctx = Ctx {
            profile: &crate::profile::Profile::default(),
            vocab: &v,
            dumps: &[],
            width: 80,
        };
        let mut m = Metadata::default();
        let ev = NameEvidence {
            topics: vec![],
            body: vec![],
        };
        author(z.bio, &ev, &ctx, &mut m, &mut Report::default());
        let names: Vec<&str> = m.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Jane Doe", "John Roe"]);
        assert_eq!(m.authors[1].affiliation.as_deref(), Some("Y College"));
    }

    #[test]
    fn bio_names_and_affiliations() {
        assert_eq!(
            bio_name("Pavel Raus is a graduate student", &Profile::default()),
            Some("Pavel Raus")
        );
        assert_eq!(
            bio_name("Ludwig van Beethoven was a composer", &Profile::default()),
            Some("Ludwig van Beethoven")
        );
        assert_eq!(
            bio_name("Russia is a large country", &Profile::default()),
            None
        );
        assert_eq!(
            bio_name("In this view there is a case", &Profile::default()),
            None
        );
        assert_eq!(
            affiliation("Pavel Raus is a graduate student at the Global and European Studies Institute of the University of Leipzig, Germany").as_deref(),
            Some("Global and European Studies Institute of the University of Leipzig, Germany")
        );
        assert_eq!(affiliation("X Y is retired."), None);
    }

    #[test]
    fn a_sentence_that_opens_like_a_bio_names_no_author() {
        let ev = NameEvidence {
            topics: vec!["european union".into(), "sustainable development".into()],
            body: vec!["the member states of the european union agreed".into()],
        };
        let none: Vec<String> = Vec::new();
        assert!(ev.not_a_person("European Union", &none).is_some());
        assert!(ev.not_a_person("Sustainable Development", &none).is_some());
        assert_eq!(ev.not_a_person("Pavel Raus", &none), None);
        // A byline decides: only its authors have bios.
        let byline = vec!["Pavel Raus".to_string()];
        assert_eq!(ev.not_a_person("Pavel Raus", &byline), None);
        assert!(ev.not_a_person("Maria Lopez", &byline).is_some());
        assert!(!contains_phrase("the unionist", "union"));
        let ev = NameEvidence {
            topics: vec![],
            body: vec!["eelco van anken".into(), "eelco van anken showed".into()],
        };
        assert_eq!(ev.not_a_person("Eelco van Anken", &[]), None);
    }

    #[test]
    fn tags_of_any_length_and_count() {
        let long = "The Sustainable Development Goals and the Agenda for 2030 in Africa";
        let mut lines = vec!["Tags"];
        lines.extend(["Russia"; 12]);
        lines.push(long);
        lines.push("Pavel Raus is a graduate student.");
        let z = split(vec![b(&lines)], &Profile::default(), &mut Report::default());
        let k = keywords(&z.tags, &mut Report::default());
        assert_eq!(k.len(), 13);
        assert_eq!(k[12].keyword.text, long);
        assert_eq!(z.bio.len(), 1);
    }

    #[test]
    fn inline_and_bulleted_tags() {
        let z = split(
            vec![b(&["Body.", "Tags: Russia, China, globalization"])],
            &Profile::default(),
            &mut Report::default(),
        );
        let k = keywords(&z.tags, &mut Report::default());
        assert_eq!(k.len(), 3);
        let z = split(
            vec![b(&["Tags"]), b(&["• Russia", "• China"])],
            &Profile::default(),
            &mut Report::default(),
        );
        let k = keywords(&z.tags, &mut Report::default());
        assert_eq!(
            k.iter()
                .map(|k| k.keyword.text.as_str())
                .collect::<Vec<_>>(),
            ["Russia", "China"]
        );
    }

    #[test]
    fn comma_separated_keywords() {
        let k = keywords(&[b(&["Russia, China; trade"])], &mut Report::default());
        assert_eq!(
            k.iter()
                .map(|k| k.keyword.text.as_str())
                .collect::<Vec<_>>(),
            ["Russia", "China", "trade"]
        );
    }
}
