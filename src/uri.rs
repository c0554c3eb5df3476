//! The one link policy, applied to the model before any writer: a link target, self URI,
//! keyword page or figure address is kept only when it is an absolute address a reader may
//! follow — `http`, `https`, `ftp`, `mailto`; the journal's `doi:` and `info:doi/` forms become
//! their `https://doi.org/` address — with what a URL may not hold raw percent-encoded
//! (RFC 3986, WHATWG URL Standard: `[`/`]` outside the host, spaces, quotes, controls, bidi
//! controls). Anything else (`javascript:`, `vbscript:`, `data:`, `file:`, relative paths) is
//! dropped: a link's words stay as text, and every drop or rewrite is reported. So no input —
//! PDF, text export, `--meta`, sidecar, CSV — can put an executable link into any output.

use crate::chars::is_bidi_control;
use crate::model::{walk_inlines_mut, BlockKind, Document, Inline};
use crate::report::{Action, Report};
use crate::write::jats::is_xml_char;

/// Schemes a reader can follow from a journal article.
const SCHEMES: &[&str] = &["http", "https", "ftp", "mailto"];

const PASS: &str = "links";

/// The target as the policy allows it (possibly rewritten), or `None` when it is not an
/// absolute address of an allowed scheme with a well-formed host.
///
/// ```
/// use offprint::uri::safe;
/// assert_eq!(safe("https://example.org/a b").as_deref(), Some("https://example.org/a%20b"));
/// assert_eq!(safe("doi:10.1000/x[1]").as_deref(), Some("https://doi.org/10.1000/x%5B1%5D"));
/// assert_eq!(safe("javascript:alert(1)"), None);
/// assert_eq!(safe("JaVaScRiPt:alert(1)"), None);
/// assert_eq!(safe("data:text/html,<script>"), None);
/// ```
pub fn safe(target: &str) -> Option<String> {
    let t = target.trim();
    let (scheme, rest) = t.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    let doi = match scheme.as_str() {
        "doi" => Some(rest.trim_start_matches('/')),
        "info" => rest.strip_prefix("doi/"),
        _ => None,
    };
    if let Some(d) = doi {
        return (d.starts_with("10.") && d.len() > 3)
            .then(|| format!("https://doi.org/{}", encode(d)));
    }
    if !SCHEMES.contains(&scheme.as_str()) || rest.is_empty() {
        return None;
    }
    if scheme == "mailto" {
        return (!rest.starts_with('/')).then(|| format!("mailto:{}", encode(rest)));
    }
    let after = rest.strip_prefix("//")?;
    let host_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, path) = after.split_at(host_end);
    if !valid_authority(authority) {
        return None;
    }
    Some(format!(
        "{scheme}://{}{}",
        authority.to_ascii_lowercase(),
        encode(path)
    ))
}

/// `host[:port]`: letters (any script), digits, `-` and `.`; no user info, no empty labels.
fn valid_authority(a: &str) -> bool {
    let (host, port) = match a.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (a, None),
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host.split('.').enumerate().all(|(i, label)| {
            // A trailing dot (`example.org.`) is a valid absolute name.
            (label.is_empty() && i > 0 && host.ends_with('.'))
                || (!label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-'))
        });
    port_ok && host_ok
}

/// Percent-encodes what a URL may not contain raw: controls, space, `"<>\^`{|}[]`, a `%`
/// that starts no escape, a second `#`, bidi controls and what XML cannot carry.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut seen_hash = false;
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        let raw_ok = match c {
            '%' => {
                bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            }
            '#' => !std::mem::replace(&mut seen_hash, true),
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | '[' | ']' => false,
            c if c.is_control() => false,
            c => is_xml_char(c) && !is_bidi_control(c),
        };
        if raw_ok {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Applies the policy to every address in the document, recording each drop and rewrite.
/// Running it twice changes nothing the second time.
pub fn apply(doc: &mut Document, report: &mut Report) {
    walk_inlines_mut(doc, &mut |inlines| police_inlines(inlines, report));
    let m = &mut doc.meta;
    police_field(&mut m.self_uri, "self URI", report);
    for k in &mut m.keywords {
        police_field(&mut k.uri, "keyword page", report);
    }
    if let Some(a) = &mut m.abstract_ {
        police_inlines(a, report);
    }
    for b in &mut doc.body {
        if let BlockKind::Figure { image, .. } = &mut b.kind {
            police_field(image, "figure image", report);
        }
    }
}

fn police_field(field: &mut Option<String>, what: &str, report: &mut Report) {
    let Some(v) = field.as_deref() else { return };
    match safe(v) {
        Some(s) if s == v => {}
        Some(s) => {
            report.record(
                PASS,
                Action::Repaired,
                None,
                format!("{what} `{}` written as `{s}`", shown(v)),
            );
            *field = Some(s);
        }
        None => {
            report.record(
                PASS,
                Action::Warning,
                None,
                format!(
                    "{what} `{}` dropped: not a web, FTP or mail address",
                    shown(v)
                ),
            );
            *field = None;
        }
    }
}

/// Rewrites the links of a run of inlines (recursively); a link whose target is refused is
/// replaced by its words.
fn police_inlines(inlines: &mut Vec<Inline>, report: &mut Report) {
    let mut i = 0;
    while i < inlines.len() {
        match &mut inlines[i] {
            Inline::Link { target, content } => {
                police_inlines(content, report);
                match safe(target) {
                    Some(s) if s == *target => {}
                    Some(s) => {
                        let detail = format!("link `{}` written as `{s}`", shown(target));
                        report.record(PASS, Action::Repaired, None, detail);
                        *target = s;
                    }
                    None => {
                        let detail = format!(
                            "link `{}` removed (not a web, FTP or mail address); its words kept as text",
                            shown(target)
                        );
                        report.record(PASS, Action::Warning, None, detail);
                        let words = std::mem::take(content);
                        let n = words.len();
                        inlines.splice(i..=i, words);
                        i += n;
                        continue;
                    }
                }
            }
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Superscript { content } => police_inlines(content, report),
            Inline::Text { .. } | Inline::NoteRef { .. } => {}
        }
        i += 1;
    }
}

/// A target as shown in a report line: controls escaped, long ones cut.
fn shown(s: &str) -> String {
    let mut out: String = s.chars().take(120).flat_map(char::escape_debug).collect();
    if s.chars().count() > 120 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Keyword};

    #[test]
    fn web_addresses_pass_and_are_encoded() {
        assert_eq!(
            safe("https://www.e-ir.info/2013/11/14/x/").as_deref(),
            Some("https://www.e-ir.info/2013/11/14/x/")
        );
        assert_eq!(
            safe(" HTTP://Example.org/a b?q=<1>#f#g").as_deref(),
            Some("http://example.org/a%20b?q=%3C1%3E#f%23g")
        );
        assert_eq!(
            safe("http://www.spec.org/jvm98/.[4").as_deref(),
            Some("http://www.spec.org/jvm98/.%5B4")
        );
        assert_eq!(safe("mailto:a@b.org").as_deref(), Some("mailto:a@b.org"));
        assert_eq!(
            safe("https://globalejournal.org:8080/100%/x%41").as_deref(),
            Some("https://globalejournal.org:8080/100%25/x%41")
        );
        assert_eq!(
            safe("https://de.wikipedia.org/wiki/Länder").as_deref(),
            Some("https://de.wikipedia.org/wiki/Länder")
        );
        assert_eq!(
            safe("https://x.org/\u{202E}gpj.exe\u{1}").as_deref(),
            Some("https://x.org/%E2%80%AEgpj.exe%01")
        );
        assert_eq!(
            safe("info:doi/10.1371/journal.pone.0234687").as_deref(),
            Some("https://doi.org/10.1371/journal.pone.0234687")
        );
    }

    #[test]
    fn executable_and_local_targets_are_refused() {
        for t in [
            "javascript:alert(1)",
            " jAvAsCrIpT:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox",
            "data:text/html;base64,PHNjcmlwdD4=",
            "file:///etc/passwd",
            "/relative/path",
            "http://user@evil.example/",
            "http:///nohost",
            "#fn1",
            "https://",
            "https://user:pw@example.org/",
            "https://exa mple.org/",
            "https://-bad-.org/",
            "http://example.org:port/",
            "doi:",
            "",
        ] {
            assert_eq!(safe(t), None, "{t:?}");
        }
    }

    #[test]
    fn apply_unlinks_refused_targets_and_keeps_their_words() {
        let mut doc = Document::default();
        doc.meta.self_uri = Some("javascript:alert(1)".into());
        doc.meta.keywords.push(Keyword {
            text: "EU".into(),
            uri: Some("data:x".into()),
        });
        doc.body.push(Block::new(BlockKind::Paragraph {
            content: vec![
                Inline::text("see "),
                Inline::Link {
                    target: "vbscript:x".into(),
                    content: vec![Inline::text("this")],
                },
                Inline::Link {
                    target: "https://ok.example/a b".into(),
                    content: vec![Inline::text("that")],
                },
            ],
        }));
        let mut r = Report::default();
        apply(&mut doc, &mut r);
        assert_eq!(doc.meta.self_uri, None);
        assert_eq!(doc.meta.keywords[0].uri, None);
        let BlockKind::Paragraph { content } = &doc.body[0].kind else {
            unreachable!()
        };
        assert_eq!(
            content,
            &vec![
                Inline::text("see "),
                Inline::text("this"),
                Inline::Link {
                    target: "https://ok.example/a%20b".into(),
                    content: vec![Inline::text("that")]
                }
            ]
        );
        assert_eq!(r.of(Action::Warning).count(), 3);
        assert_eq!(r.of(Action::Repaired).count(), 1);
        let before = doc.clone();
        let mut again = Report::default();
        apply(&mut doc, &mut again);
        assert_eq!((doc, again.changes.len()), (before, 0), "idempotent");
    }
}
