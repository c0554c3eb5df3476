//! Note references, the endnotes and the acknowledgement: each reference a DPUB-ARIA
//! `doc-noteref` link in `<sup>` with its own id, each note linking back (`doc-backlink`) to
//! every reference to it (<https://www.w3.org/TR/dpub-aria-1.1/>).

use super::inline::Ctx;
use super::{lines, Target, Writer};
use crate::model::{Acknowledgement, Document, Note};
use crate::report::Action;
use crate::write::epub::xml::Xml;
use crate::write::epub::NavEntry;

impl<'a> Writer<'a> {
    pub(super) fn index_targets(&mut self, doc: &'a Document) {
        for (i, n) in doc.notes.iter().enumerate() {
            let k = i + 1;
            self.targets.push(Target {
                id: format!("{}fn{k}", self.prefix),
                ref_stem: format!("{}fnref{k}", self.prefix),
                refs: Vec::new(),
                label: match n.label.trim() {
                    "" => k.to_string(),
                    l => l.to_string(),
                },
            });
            // The first note with an id wins; a later duplicate cannot be referred to.
            if self.by_model_id.contains_key(n.id.as_str()) {
                self.report.record(
                    "epub",
                    Action::Warning,
                    lines(n.source),
                    format!(
                        "two notes share the id `{}`: references go to the first",
                        n.id
                    ),
                );
            } else {
                self.by_model_id.insert(n.id.as_str(), i);
            }
        }
        if let Some(a) = &doc.acknowledgement {
            let i = self.targets.len();
            self.targets.push(Target {
                id: format!("{}ack", self.prefix),
                ref_stem: format!("{}ackref", self.prefix),
                refs: Vec::new(),
                label: a
                    .label
                    .as_deref()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .unwrap_or("*")
                    .to_string(),
            });
            self.by_model_id.entry(a.id.as_str()).or_insert(i);
        }
    }

    pub(super) fn acknowledgement(&mut self, ack: &Acknowledgement, frag: Xml) {
        let Some(t) = self.targets.last() else { return };
        let (id, refs) = (t.id.clone(), t.refs.clone());
        self.x.start(
            "section",
            &[
                ("id", &id),
                ("class", "acknowledgement"),
                ("role", "doc-acknowledgments"),
                ("epub:type", "acknowledgments"),
                ("aria-label", "Acknowledgements"),
            ],
        );
        self.x.raw("\n");
        self.x.start("p", &[]);
        if let Some(mark) = ack.label.as_deref().filter(|l| !l.trim().is_empty()) {
            self.x.element("span", &[("class", "mark")], mark);
            self.x.text(" ");
        }
        self.x.splice(frag);
        self.backlinks(&refs);
        self.x.end("p");
        self.x.raw("\n");
        self.x.end("section");
        self.x.raw("\n");
        self.sections.push(NavEntry {
            level: 1,
            id,
            label: "Acknowledgements".into(),
        });
    }

    pub(super) fn notes(&mut self, notes: &[Note], frags: Vec<Xml>) -> String {
        let id = format!("{}notes", self.prefix);
        self.x.start(
            "section",
            &[
                ("id", &id),
                ("class", "notes"),
                ("role", "doc-endnotes"),
                ("epub:type", "endnotes"),
            ],
        );
        self.x.raw("\n");
        self.x.element("h2", &[], "Notes");
        self.x.raw("\n");
        // Notes numbered 1, 2, 3... are the list's own numbers; any other marks are printed
        // as given, in a list that shows no numbers of its own.
        let numbered = self
            .targets
            .iter()
            .take(notes.len())
            .enumerate()
            .all(|(i, t)| t.label == (i + 1).to_string());
        let class = if numbered { "numbered" } else { "marked" };
        self.x.start("ol", &[("class", class)]);
        self.x.raw("\n");
        for (i, (note, frag)) in notes.iter().zip(frags).enumerate() {
            let Some(t) = self.targets.get(i) else { break };
            let (nid, refs, label) = (t.id.clone(), t.refs.clone(), t.label.clone());
            self.x.start("li", &[("id", &nid)]);
            self.x.start("p", &[]);
            if !numbered {
                self.x.element("span", &[("class", "label")], &label);
                self.x.text(" ");
            }
            self.x.splice(frag);
            if refs.is_empty() {
                self.report.record(
                    "epub",
                    Action::Warning,
                    lines(note.source),
                    format!("note {label} is never referred to in the text"),
                );
            }
            self.backlinks(&refs);
            self.x.end("p");
            self.x.end("li");
            self.x.raw("\n");
        }
        self.x.end("ol");
        self.x.raw("\n");
        self.x.end("section");
        self.x.raw("\n");
        self.sections.push(NavEntry {
            level: 1,
            id: id.clone(),
            label: "Notes".into(),
        });
        id
    }

    /// One back link per reference, so a reader can return to wherever they came from.
    pub(super) fn backlinks(&mut self, refs: &[String]) {
        for (k, r) in refs.iter().enumerate() {
            let href = format!("#{r}");
            let (shown, name) = if refs.len() == 1 {
                (
                    "\u{21A9}\u{FE0E}".to_string(),
                    "Back to the text".to_string(),
                )
            } else {
                (
                    format!("\u{21A9}\u{FE0E}{}", k + 1),
                    format!("Back to reference {}", k + 1),
                )
            };
            self.x.text(" ");
            self.x.element(
                "a",
                &[
                    ("href", &href),
                    ("class", "backlink"),
                    ("role", "doc-backlink"),
                    ("aria-label", &name),
                ],
                &shown,
            );
        }
    }

    pub(super) fn note_ref(&mut self, id: &str, label: &str, ctx: Ctx) {
        let target = self.by_model_id.get(id).copied();
        if target.is_none() {
            self.unresolved_refs.push(format!("{label} (id `{id}`)"));
        }
        let live = target
            .filter(|_| ctx.live)
            .and_then(|t| self.targets.get(t));
        let shown = match (label.trim(), live) {
            ("", Some(t)) => t.label.clone(),
            (l, _) => l.to_string(),
        };
        if shown.is_empty() {
            return;
        }
        if std::mem::replace(&mut self.after_ref, true) {
            self.x.element("sup", &[("class", "ref-sep")], ",");
        }
        let Some(tg) = target
            .filter(|_| ctx.live)
            .and_then(|t| self.targets.get_mut(t))
        else {
            self.x.element("sup", &[], &shown);
            return;
        };
        let n = tg.refs.len() + 1;
        let rid = if n == 1 {
            tg.ref_stem.clone()
        } else {
            format!("{}-{n}", tg.ref_stem)
        };
        tg.refs.push(rid.clone());
        let href = format!("#{}", tg.id);
        self.x.start("sup", &[]);
        self.x.element(
            "a",
            &[
                ("epub:type", "noteref"),
                ("role", "doc-noteref"),
                ("href", &href),
                ("id", &rid),
                ("class", "noteref"),
            ],
            &shown,
        );
        self.x.end("sup");
    }
}
