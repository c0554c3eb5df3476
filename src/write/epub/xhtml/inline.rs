//! Inline content: text, emphasis, superscript, links (only to addresses a reading system may
//! follow, never nested) and note references, with nesting bounded.

use super::{Writer, MAX_DEPTH};
use crate::model::{plain_text, Inline};

impl Writer<'_> {
    pub(super) fn inlines(&mut self, xs: &[Inline], ctx: Ctx, depth: usize) {
        if depth > MAX_DEPTH {
            self.x.text(&plain_text(xs));
            return;
        }
        if depth == 0 {
            self.after_ref = false;
        }
        for i in xs {
            match i {
                Inline::NoteRef { .. } => {}
                Inline::Text { text } if text.is_empty() => {}
                _ => self.after_ref = false,
            }
            match i {
                Inline::Text { text } => self.x.text(text),
                Inline::Emphasis { content } => self.wrap("em", content, ctx, depth),
                Inline::Strong { content } => self.wrap("strong", content, ctx, depth),
                Inline::Superscript { content } => self.wrap("sup", content, ctx, depth),
                Inline::Link { target, content } => self.link(target, content, ctx, depth),
                // A link cannot hold another link: the reference is written after `</a>`.
                Inline::NoteRef { id, label } if ctx.in_link => {
                    self.pending.push((id.clone(), label.clone()))
                }
                Inline::NoteRef { id, label } => self.note_ref(id, label, ctx),
            }
        }
    }

    pub(super) fn wrap(&mut self, tag: &str, content: &[Inline], ctx: Ctx, depth: usize) {
        self.x.start(tag, &[]);
        self.inlines(content, ctx, depth + 1);
        self.x.end(tag);
    }

    pub(super) fn link(&mut self, target: &str, content: &[Inline], ctx: Ctx, depth: usize) {
        if !ctx.live {
            // Inside a hidden pull quote nothing may take focus; the body holds the link.
            self.inlines(content, ctx, depth + 1);
            return;
        }
        let href = if ctx.in_link { None } else { self.href(target) };
        match href {
            Some(href) => {
                let mark = self.pending.len();
                self.x.start("a", &[("href", &href)]);
                self.inlines(
                    content,
                    Ctx {
                        in_link: true,
                        ..ctx
                    },
                    depth + 1,
                );
                self.x.end("a");
                for (id, label) in self.pending.split_off(mark) {
                    self.note_ref(&id, &label, ctx);
                }
            }
            None => {
                if ctx.in_link {
                    self.dropped_links
                        .push(format!("{target} (inside another link)"));
                }
                self.inlines(content, ctx, depth + 1);
            }
        }
    }

    /// The link target as an `href`, or `None` (recorded) when it is not a web or mail address
    /// a reading system may follow.
    pub(super) fn href(&mut self, target: &str) -> Option<String> {
        let h = crate::uri::safe(target);
        if h.is_none() {
            self.dropped_links.push(target.chars().take(200).collect());
        }
        h
    }
}

/// How inlines are being written.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    /// Inside `<a>`: no nested links, note references deferred.
    pub in_link: bool,
    /// Links and note references are live (false in pull quotes, which repeat the body and
    /// are hidden from assistive technology).
    pub live: bool,
}

impl Ctx {
    pub const BODY: Ctx = Ctx {
        in_link: false,
        live: true,
    };
    pub const QUOTE: Ctx = Ctx {
        in_link: false,
        live: false,
    };
}

/// A heading's text for the navigation: note reference marks left out, whitespace collapsed.
pub(super) fn label_text(content: &[Inline]) -> String {
    fn push(xs: &[Inline], out: &mut String, depth: usize) {
        for i in xs {
            match i {
                Inline::Text { text } => out.push_str(text),
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Superscript { content }
                | Inline::Link { content, .. } => {
                    if depth < MAX_DEPTH {
                        push(content, out, depth + 1)
                    }
                }
                Inline::NoteRef { .. } => {}
            }
        }
    }
    let mut s = String::new();
    push(content, &mut s, 0);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn nav_labels_leave_out_note_marks() {
        let h = vec![
            Inline::text("Sino-Russian  Relations:\n"),
            Inline::Emphasis {
                content: vec![Inline::text("A New")],
            },
            Inline::NoteRef {
                id: "fn1".into(),
                label: "1".into(),
            },
        ];
        assert_eq!(label_text(&h), "Sino-Russian Relations: A New");
    }
}
