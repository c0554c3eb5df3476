//! The compact notation of the spec's expected models (`spec/README.md`, "The notation"):
//! the model rendered in it, and an example's expected lines grouped by section.

use offprint::model::{BlockKind, Document, Inline};

/// `␣` is a no-break space; `\u{ad}` (any hex) is that character.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(hex) = rest.strip_prefix("\\u{").and_then(|r| r.split_once('}')) {
            if let Some(ch) = u32::from_str_radix(hex.0, 16).ok().and_then(char::from_u32) {
                out.push(ch);
                rest = hex.1;
                continue;
            }
        }
        out.push(if c == '␣' { '\u{a0}' } else { c });
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The visible form of model text: a no-break space is `␣`, invisible characters `\u{..}`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{a0}' => out.push('␣'),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
                ) =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Inlines in the notation: `[^1]` a note reference, `[words](target)` a link, `_x_`
/// emphasis, `**x**` strong, `^x^` superscript.
fn inlines(v: &[Inline]) -> String {
    let mut out = String::new();
    for i in v {
        match i {
            Inline::Text { text } => out.push_str(&escape(text)),
            Inline::Emphasis { content } => out.push_str(&format!("_{}_", inlines(content))),
            Inline::Strong { content } => out.push_str(&format!("**{}**", inlines(content))),
            Inline::Superscript { content } => out.push_str(&format!("^{}^", inlines(content))),
            Inline::Link { target, content } => {
                out.push_str(&format!("[{}]({target})", inlines(content)))
            }
            Inline::NoteRef { id, label } => {
                let usual = *id == format!("fn{label}")
                    || (id == "ack" && !label.chars().all(|c| c.is_ascii_digit()));
                if usual {
                    out.push_str(&format!("[^{label}]"));
                } else {
                    out.push_str(&format!("[^{label}=>{id}]"));
                }
            }
        }
    }
    out
}

/// The model in the notation: (section, line) pairs, in order.
pub fn render(doc: &Document) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut body = |line: String| out.push(("body".into(), line));
    for b in &doc.body {
        match &b.kind {
            BlockKind::Heading { level, content } => body(format!("h{level} {}", inlines(content))),
            BlockKind::Paragraph { content } => body(format!("p {}", inlines(content))),
            BlockKind::List { ordered, items } => {
                body(if *ordered { "ol" } else { "ul" }.into());
                for item in items {
                    body(format!("- {}", inlines(item)));
                }
            }
            BlockKind::Figure {
                caption,
                credit,
                image,
            } => {
                body(format!("figure {}", inlines(caption)));
                if let Some(c) = credit {
                    body(format!("credit {}", escape(c)));
                }
                if let Some(i) = image {
                    body(format!("image {i}"));
                }
            }
            BlockKind::BlockQuote { paragraphs } => {
                body("quote".into());
                for p in paragraphs {
                    body(format!("> {}", inlines(p)));
                }
            }
            BlockKind::PullQuote { content } => body(format!("pull {}", inlines(content))),
        }
    }
    for n in &doc.notes {
        let id = if n.id == format!("fn{}", n.label) {
            String::new()
        } else {
            format!(" #{}", n.id)
        };
        out.push((
            "note".into(),
            format!("note {}{id}: {}", n.label, inlines(&n.content)),
        ));
    }
    if let Some(a) = &doc.acknowledgement {
        let label = a
            .label
            .as_deref()
            .map(|l| format!(" {l}"))
            .unwrap_or_default();
        let id = if a.id == "ack" {
            String::new()
        } else {
            format!(" #{}", a.id)
        };
        out.push((
            "ack".into(),
            format!("ack{label}{id}: {}", inlines(&a.content)),
        ));
    }
    let m = &doc.meta;
    let mut meta = |key: &str, value: String| {
        out.push((format!("meta {key}"), format!("meta {key}: {}", value)));
    };
    let scalars = [
        ("title", &m.title),
        ("subtitle", &m.subtitle),
        ("date", &m.date),
        ("journal", &m.journal),
        ("volume", &m.volume),
        ("issue", &m.issue),
        ("series", &m.series),
        ("self_uri", &m.self_uri),
        ("language", &m.language),
    ];
    for (key, value) in scalars {
        if let Some(v) = value {
            meta(key, escape(v));
        }
    }
    if let Some(a) = &m.abstract_ {
        meta("abstract", inlines(a));
    }
    for k in &m.keywords {
        let uri = k
            .uri
            .as_deref()
            .map(|u| format!(" <{u}>"))
            .unwrap_or_default();
        meta("keyword", format!("{}{uri}", escape(&k.text)));
    }
    for a in &m.authors {
        let aff = a
            .affiliation
            .as_deref()
            .map(|x| format!(" | affiliation: {}", escape(x)))
            .unwrap_or_default();
        meta("author", format!("{}{aff}", escape(&a.name)));
    }
    for a in &m.authors {
        if let Some(bio) = &a.bio {
            meta("bio", escape(bio));
        }
    }
    for i in &m.identifiers {
        meta("identifier", format!("{} {}", i.scheme, escape(&i.value)));
    }
    out
}

/// The section a line of the notation belongs to: `body` (`h1`..`h6`, `p`, `ul`, `ol`, `-`,
/// `figure`, `credit`, `image`, `pull`, `quote`, `>`), `note`, `ack` or `meta KEY`.
pub fn section_of(line: &str) -> Result<String, String> {
    let key = line.split([' ', ':']).next().unwrap_or("");
    let body = [
        "body", "p", "ul", "ol", "-", "figure", "credit", "image", "pull", "quote", ">",
    ];
    let heading = key.len() == 2 && key.starts_with('h') && key[1..].parse::<u8>().is_ok();
    if body.contains(&key) || heading {
        return Ok("body".into());
    }
    match key {
        "note" | "ack" => Ok(key.into()),
        "meta" => {
            let rest = &line["meta".len()..];
            let k = rest.trim_start().split(':').next().unwrap_or("").trim();
            if k.is_empty() || k.contains(' ') {
                return Err(format!("`meta KEY: value` expected: {line:?}"));
            }
            Ok(format!("meta {k}"))
        }
        _ => Err(format!("unknown key {key:?} in {line:?}")),
    }
}

/// The expected model, grouped by section in order of first mention; `(none)` as a line's
/// whole value says the section is empty.
pub fn expected_sections(text: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
        let line = unescape(line);
        let section = section_of(&line)?;
        let value = match section.as_str() {
            s if s.starts_with("meta ") => line.split_once(':').map_or("", |x| x.1),
            _ => line.split_once(' ').map_or("", |x| x.1),
        };
        let none = value.trim() == "(none)";
        let at = match out.iter().position(|(s, _)| *s == section) {
            Some(k) => k,
            None => {
                out.push((section, Vec::new()));
                out.len() - 1
            }
        };
        if !none {
            out[at].1.push(escape(&line));
        }
    }
    Ok(out)
}
