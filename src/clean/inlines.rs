//! Inlines: turns a unit's text and annotations (note references, links, emphasis) into the
//! model's inlines, and shapes into blocks. Annotations never overlap in the output: a note
//! reference wins over a link, a link over emphasis.

use super::notes::NoteDraft;
use super::{Ann, AnnKind, Shape, Unit};
use crate::model::{Acknowledgement, Block, BlockKind, Inline, Note, SourceSpan};

fn rank(k: &AnnKind) -> u8 {
    match k {
        AnnKind::NoteRef { .. } => 0,
        AnnKind::Link(_) => 1,
        _ => 2,
    }
}

/// The unit's inlines.
pub(crate) fn inlines(u: &Unit) -> Vec<Inline> {
    let mut anns: Vec<&Ann> = u
        .anns
        .iter()
        .filter(|a| {
            a.start < a.end
                && a.end <= u.text.len()
                && u.text.is_char_boundary(a.start)
                && u.text.is_char_boundary(a.end)
        })
        .collect();
    anns.sort_by_key(|a| (rank(&a.kind), a.start));
    let mut chosen: Vec<&Ann> = Vec::new();
    for a in anns {
        if chosen.iter().all(|c| c.end <= a.start || c.start >= a.end) {
            chosen.push(a);
        }
    }
    chosen.sort_by_key(|a| a.start);
    let mut out = Vec::new();
    let mut pos = 0;
    for a in chosen {
        push_text(&mut out, &u.text[pos..a.start]);
        let inner = vec![Inline::text(&u.text[a.start..a.end])];
        out.push(match &a.kind {
            AnnKind::NoteRef { id, label } => Inline::NoteRef {
                id: id.clone(),
                label: label.clone(),
            },
            AnnKind::Link(target) => Inline::Link {
                target: target.clone(),
                content: inner,
            },
            AnnKind::Emphasis => Inline::Emphasis { content: inner },
            AnnKind::Strong => Inline::Strong { content: inner },
            AnnKind::Superscript => Inline::Superscript { content: inner },
        });
        pos = a.end;
    }
    push_text(&mut out, &u.text[pos..]);
    out
}

fn push_text(out: &mut Vec<Inline>, s: &str) {
    if !s.is_empty() {
        out.push(Inline::text(s));
    }
}

fn span(units: &[&Unit]) -> Option<SourceSpan> {
    let first = units.first()?.span;
    let last = units.last()?.span;
    Some(SourceSpan {
        page: first.page,
        first_line: first.first_line,
        last_line: last.last_line,
    })
}

/// The block for a shape.
pub(crate) fn block(shape: Shape) -> Block {
    let (kind, src) = match shape {
        Shape::Heading { level, unit } => (
            BlockKind::Heading {
                level,
                content: inlines(&unit),
            },
            Some(unit.span),
        ),
        // The cleaning takes the abstract into the metadata before blocks are built; one left
        // here is kept as text rather than lost.
        Shape::Paragraph(unit) | Shape::Abstract(unit) => (
            BlockKind::Paragraph {
                content: inlines(&unit),
            },
            Some(unit.span),
        ),
        Shape::PullQuote(unit) => (
            BlockKind::PullQuote {
                content: inlines(&unit),
            },
            Some(unit.span),
        ),
        Shape::List { ordered, items } => {
            let src = span(&items.iter().collect::<Vec<_>>());
            (
                BlockKind::List {
                    ordered,
                    items: items.iter().map(inlines).collect(),
                },
                src,
            )
        }
        Shape::Figure { caption, credit } => (
            BlockKind::Figure {
                caption: inlines(&caption),
                credit,
                image: None,
            },
            Some(caption.span),
        ),
    };
    Block { kind, source: src }
}

/// The note for a draft.
pub(crate) fn note(n: NoteDraft) -> Note {
    Note {
        id: format!("fn{}", n.label),
        content: inlines(&n.unit),
        source: Some(n.unit.span),
        label: n.label,
    }
}

/// The acknowledgement.
pub(crate) fn acknowledgement((label, unit): (Option<String>, Unit)) -> Acknowledgement {
    Acknowledgement {
        id: "ack".into(),
        label,
        content: inlines(&unit),
        source: Some(unit.span),
    }
}

/// The document: metadata, body, notes and acknowledgement with their inlines built; the
/// abstract's shape goes to the metadata, the profile's language where the document has none.
pub(crate) fn document(
    mut meta: crate::model::Metadata,
    shapes: Vec<Shape>,
    notes: Vec<NoteDraft>,
    ack: Option<(Option<String>, Unit)>,
    profile: &crate::profile::Profile,
) -> crate::model::Document {
    let (abstracts, shapes): (Vec<Shape>, Vec<Shape>) = shapes
        .into_iter()
        .partition(|s| matches!(s, Shape::Abstract(_)));
    meta.abstract_ = abstracts.into_iter().find_map(|s| match s {
        Shape::Abstract(u) => Some(inlines(&u)),
        _ => None,
    });
    if meta.language.is_none() && !profile.language.is_empty() {
        meta.language = Some(profile.language.clone());
    }
    crate::model::Document {
        meta,
        body: shapes.into_iter().map(block).collect(),
        notes: notes.into_iter().map(note).collect(),
        acknowledgement: ack.map(acknowledgement),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_become_inlines_without_losing_text() {
        let u = Unit {
            text: "decades.1\u{a0} see https://a.org now".into(),
            anns: vec![
                Ann {
                    start: 8,
                    end: 9,
                    kind: AnnKind::NoteRef {
                        id: "fn1".into(),
                        label: "1".into(),
                    },
                },
                Ann {
                    start: 16,
                    end: 29,
                    kind: AnnKind::Link("https://a.org".into()),
                },
                Ann {
                    start: 0,
                    end: 9,
                    kind: AnnKind::Emphasis,
                },
            ],
            ..Default::default()
        };
        let i = inlines(&u);
        assert_eq!(crate::model::plain_text(&i), u.text);
        assert!(matches!(&i[1], Inline::NoteRef { id, .. } if id == "fn1"));
        assert!(matches!(&i[3], Inline::Link { target, .. } if target == "https://a.org"));
    }
}
