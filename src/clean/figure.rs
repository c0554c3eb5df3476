//! Lead figure: the photo caption printed before the first paragraph, recognised by the credit
//! that closes it (`(Photo: Xinhua)`, `(Image: ...)`, `Credit: ...`) or a PDF `Caption` role.
//! It becomes a Figure with caption and credit instead of opening the first paragraph.
//! Anywhere in the body, pandoc's stand-in for an image in its text outputs (`[IMAGE: caption]`,
//! as groff and plain text print it) is a Figure too.

use super::unwrap::{self, Ctx};
use super::{RawBlock, Sep, Shape, SrcLine};
use crate::profile::Profile;
use crate::read::Role;
use crate::report::{Action, Report};

/// Lines of the first block examined for a closing credit.
const MAX_CAPTION_LINES: usize = 4;

/// Opens with one of the profile's credit words (`Photo:`, `Image:`, `©`).
fn opens_credit(s: &str, p: &Profile) -> bool {
    let l = s.trim_start().to_lowercase();
    p.credit_words
        .iter()
        .any(|w| !w.is_empty() && l.starts_with(&w.to_lowercase()))
}

/// Where a credit starts in `text` and the credit without parentheses: a trailing
/// parenthesised credit, or a line that is itself a credit.
fn credit(text: &str, p: &Profile) -> Option<(usize, String)> {
    let t = text.trim_end();
    if let Some(inner_end) = t.strip_suffix(')') {
        if let Some(open) = inner_end.rfind('(') {
            let inner = &inner_end[open + 1..];
            if opens_credit(inner, p) || names_licence(inner) {
                return Some((open, inner.trim().to_string()));
            }
        }
    }
    if opens_credit(t, p) {
        return Some((0, t.trim().to_string()));
    }
    trailing_credit(t, p)
}

/// A Creative Commons or public-domain statement (`Yan et al / CC BY`): an attribution,
/// whatever words the journal uses for credits.
fn names_licence(text: &str) -> bool {
    let l = text.to_lowercase();
    let words: Vec<&str> = l
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .any(|w| w[0] == "cc" && w[1].starts_with("by"))
        || words.iter().any(|w| w.starts_with("cc-by") || *w == "cc0")
        || l.contains("public domain")
}

/// A credit printed after the caption's last sentence without parentheses
/// (`A harbour at dawn. Photo: Jane Roe / CC BY`).
fn trailing_credit(t: &str, p: &Profile) -> Option<(usize, String)> {
    let lower = t.to_lowercase();
    let at = p
        .credit_words
        .iter()
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            let w = w.to_lowercase();
            lower.match_indices(w.as_str()).map(|(i, _)| i).find(|&i| {
                let before = lower[..i].trim_end();
                i > 0 && before.len() < i && before.ends_with(['.', '!', '?'])
            })
        })
        .min()?;
    // Byte offsets of the lower-cased text match the original's only when lower-casing kept
    // every length; otherwise leave the line alone.
    (lower.len() == t.len() && t.is_char_boundary(at)).then(|| (at, t[at..].trim().to_string()))
}

/// What pandoc prints for an image in text outputs: `[IMAGE: ` before the caption.
const PLACEHOLDER: &str = "[IMAGE:";

/// A block that is pandoc's stand-in for an image, `[IMAGE: caption (credit)]`, as a Figure.
pub(crate) fn placeholder(block: &RawBlock, ctx: &Ctx, report: &mut Report) -> Option<Shape> {
    let first = block.lines.first()?;
    let lead = first.text.len() - first.text.trim_start().len();
    let head = first.text.get(lead..lead + PLACEHOLDER.len())?;
    let last = block.lines.last()?;
    if !head.eq_ignore_ascii_case(PLACEHOLDER) || !last.text.trim_end().ends_with(']') {
        return None;
    }
    let mut lines = block.lines.clone();
    if let Some(l) = lines.first_mut() {
        let open = l.text[lead + PLACEHOLDER.len()..]
            .find(|c: char| !c.is_whitespace())
            .map_or(l.text.len(), |k| lead + PLACEHOLDER.len() + k);
        super::lists::strip_prefix(l, open);
    }
    if let Some(l) = lines.last_mut() {
        let close = l.text.trim_end().strip_suffix(']').map_or(0, str::len);
        l.text.truncate(close);
        l.text.truncate(l.text.trim_end().len());
        let end = l.text.len();
        l.marks.retain(|m| m.start < end);
        for m in &mut l.marks {
            m.end = m.end.min(end);
        }
    }
    let mut credit_text = None;
    if let Some(l) = lines.last_mut() {
        if let Some((at, c)) = credit(&l.text, ctx.profile).filter(|(at, _)| *at > 0) {
            l.text.truncate(at);
            l.text.truncate(l.text.trim_end().len());
            l.marks.retain(|m| m.end <= l.text.len());
            credit_text = Some(c);
        }
    }
    lines.retain(|l| !l.text.trim().is_empty());
    let caption = unwrap::unit(&lines, "figure caption", ctx, report);
    let span = block.span();
    report.record(
        "figure",
        Action::Recognised,
        Some((span.first_line, span.last_line)),
        format!(
            "image placeholder {PLACEHOLDER:?}: a figure{}",
            credit_text
                .as_deref()
                .map(|c| format!(", credit {c:?}"))
                .unwrap_or_default()
        ),
    );
    Some(Shape::Figure {
        caption,
        credit: credit_text,
    })
}

/// Takes the lead figure caption off the first body block, if there is one.
pub(crate) fn take(
    mut body: Vec<RawBlock>,
    ctx: &Ctx,
    report: &mut Report,
) -> (Option<Shape>, Vec<RawBlock>) {
    let Some(first) = body.first() else {
        return (None, body);
    };
    let role_caption = |l: &SrcLine| l.style.as_ref().and_then(|s| s.role) == Some(Role::Caption);
    let tagged = first.lines.iter().take_while(|l| role_caption(l)).count();
    let found = first
        .lines
        .iter()
        .take(MAX_CAPTION_LINES)
        .enumerate()
        .find_map(|(k, l)| credit(&l.text, ctx.profile).map(|c| (k, c)));
    let (end, cut) = match (found, tagged) {
        (Some((k, c)), _) => (k + 1, Some(c)),
        (None, n) if n > 0 => (n, None),
        _ => return (None, body),
    };
    let mut lines: Vec<SrcLine> = first.lines[..end].to_vec();
    let rest: Vec<SrcLine> = first.lines[end..].to_vec();
    let mut credit_text = None;
    if let Some((at, c)) = cut {
        if let Some(last) = lines.last_mut() {
            last.text.truncate(at);
            last.text.truncate(last.text.trim_end().len());
            last.marks.retain(|m| m.end <= last.text.len());
            if last.text.is_empty() {
                lines.pop();
            }
        }
        credit_text = Some(c);
    }
    if lines.is_empty() {
        return (None, body);
    }
    let caption = unwrap::unit(&lines, "figure caption", ctx, report);
    report.record(
        "figure",
        Action::Recognised,
        Some((
            caption.span.first_line,
            caption.span.last_line.max(first.lines[end - 1].no),
        )),
        format!(
            "lead figure caption{}",
            credit_text
                .as_deref()
                .map(|c| format!(", credit {c:?}"))
                .unwrap_or_default()
        ),
    );
    if rest.is_empty() {
        body.remove(0);
    } else {
        body[0] = RawBlock {
            lines: rest,
            before: Sep::Start,
        };
    }
    (
        Some(Shape::Figure {
            caption,
            credit: credit_text,
        }),
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::hyphens::Vocabulary;

    fn run(lines: &[&str]) -> (Option<Shape>, Vec<RawBlock>) {
        let b = RawBlock {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| SrcLine::text(1, i as u32 + 4, t))
                .collect(),
            before: Sep::Start,
        };
        let v = Vocabulary::default();
        take(
            vec![b],
            &Ctx {
                profile: &crate::profile::Profile::default(),
                vocab: &v,
                dumps: &[],
                width: 80,
            },
            &mut Report::default(),
        )
    }

    #[test]
    fn caption_with_parenthesised_credit_before_the_first_paragraph() {
        let (fig, rest) = run(&[
            "Xi Jinping and Vladimir Putin agree to deepen technology and energy partnership at",
            "June 2019 summit meeting. (Photo: Xinhua)",
            "Following Benedikter and Kofler’s argument",
        ]);
        let Some(Shape::Figure { caption, credit }) = fig else {
            panic!("no figure")
        };
        assert_eq!(
            caption.text,
            "Xi Jinping and Vladimir Putin agree to deepen technology and energy partnership at June 2019 summit meeting."
        );
        assert_eq!(credit.as_deref(), Some("Photo: Xinhua"));
        assert_eq!(rest[0].lines.len(), 1);
        assert_eq!(rest[0].lines[0].no, 6);
    }

    #[test]
    fn credits_in_the_forms_journals_print() {
        let p = Profile::default();
        let c = |t: &str| credit(t, &p).map(|(at, c)| (t[..at].trim_end().to_string(), c));
        assert_eq!(
            c("A harbour at dawn. (Yan et al / CC BY)"),
            Some(("A harbour at dawn.".into(), "Yan et al / CC BY".into()))
        );
        assert_eq!(
            c("A harbour at dawn. Photo: Jane Roe / CC BY-SA"),
            Some((
                "A harbour at dawn.".into(),
                "Photo: Jane Roe / CC BY-SA".into()
            ))
        );
        assert_eq!(
            c("A harbour at dawn. © Jane Roe"),
            Some(("A harbour at dawn.".into(), "© Jane Roe".into()))
        );
        assert_eq!(
            c("Credit: Jane Roe").map(|x| x.1),
            Some("Credit: Jane Roe".into())
        );
        // Counterexamples: a credit word inside a sentence, a parenthesis that is no credit.
        assert_eq!(c("The photo: a harbour at dawn"), None);
        assert_eq!(c("A harbour at dawn (see the map on page 3)"), None);
        assert_eq!(c("The image credits everyone who took part."), None);
    }

    #[test]
    fn pandoc_image_placeholder_is_a_figure() {
        let block = |lines: &[&str]| RawBlock {
            lines: lines
                .iter()
                .enumerate()
                .map(|(i, t)| SrcLine::text(1, i as u32 + 1, t))
                .collect(),
            before: Sep::Blank,
        };
        let v = Vocabulary::default();
        let ctx = Ctx {
            profile: &crate::profile::Profile::default(),
            vocab: &v,
            dumps: &[],
            width: 80,
        };
        let b = block(&[
            "[IMAGE: A harbour at dawn, seen from",
            "the hill. (Photo: J. Doe)]",
        ]);
        let Some(Shape::Figure { caption, credit }) = placeholder(&b, &ctx, &mut Report::default())
        else {
            panic!("no figure")
        };
        assert_eq!(caption.text, "A harbour at dawn, seen from the hill.");
        assert_eq!(credit.as_deref(), Some("Photo: J. Doe"));
        let b = block(&["[IMAGE: A map]"]);
        let Some(Shape::Figure { caption, credit }) = placeholder(&b, &ctx, &mut Report::default())
        else {
            panic!("no figure")
        };
        assert_eq!((caption.text.as_str(), credit), ("A map", None));
        for not in [
            &["[IMAGE: no end"][..],
            &["An [IMAGE: inside]"],
            &["[IMAGE"],
            &["[]"],
        ] {
            assert!(placeholder(&block(not), &ctx, &mut Report::default()).is_none());
        }
        // No caption: still an image's place.
        for odd in [&["[IMAGE:]"][..], &["[IMAGE: ]"], &["[IMAGE:", "]"]] {
            let fig = placeholder(&block(odd), &ctx, &mut Report::default());
            assert!(
                matches!(fig, Some(Shape::Figure { caption, credit: None }) if caption.text.is_empty())
            );
        }
    }

    #[test]
    fn credit_on_its_own_line_and_no_figure() {
        let (fig, rest) = run(&["A harbour at dawn.", "Credit: J. Doe", "Text begins."]);
        assert!(
            matches!(fig, Some(Shape::Figure { credit: Some(c), .. }) if c == "Credit: J. Doe")
        );
        assert_eq!(rest.len(), 1);
        let (fig, rest) = run(&["An essay that opens (as essays do) with text.", "More."]);
        assert!(fig.is_none());
        assert_eq!(rest[0].lines.len(), 2);
    }
}
