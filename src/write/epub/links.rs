//! Link targets made safe for an `href` in a content document: only absolute web, FTP and mail
//! addresses (what a reading system may follow; never `javascript:` or a relative path), with
//! the characters a URL may not contain percent-encoded (WHATWG URL Standard, RFC 3986).

use super::xml::is_xml_char;

/// Schemes a reading system can follow from a journal article.
const SCHEMES: &[&str] = &["http", "https", "ftp", "mailto"];

/// The target as an `href`, or `None` when it is not an absolute address of an allowed scheme
/// with a well-formed host.
pub(super) fn safe_href(target: &str) -> Option<String> {
    let t = target.trim();
    let (scheme, rest) = t.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    if !SCHEMES.contains(&scheme.as_str()) || rest.is_empty() {
        return None;
    }
    if scheme == "mailto" {
        if rest.starts_with('/') {
            return None;
        }
        return Some(format!("mailto:{}", encode(rest)));
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

/// Percent-encodes what a URL may not contain raw: controls, space, `"<>\^`{|}`, a `%` that
/// starts no escape, a second `#`, and anything XML cannot carry.
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
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => false,
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

/// Invisible direction controls could make an address display as something else.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::safe_href;

    #[test]
    fn web_addresses_pass_and_are_encoded() {
        assert_eq!(
            safe_href("https://www.e-ir.info/2013/11/14/x/").as_deref(),
            Some("https://www.e-ir.info/2013/11/14/x/")
        );
        assert_eq!(
            safe_href(" HTTP://Example.org/a b?q=<1>#f#g").as_deref(),
            Some("http://example.org/a%20b?q=%3C1%3E#f%23g")
        );
        assert_eq!(
            safe_href("https://globalejournal.org:8080/100%/x%41").as_deref(),
            Some("https://globalejournal.org:8080/100%25/x%41")
        );
        assert_eq!(
            safe_href("https://de.wikipedia.org/wiki/Länder").as_deref(),
            Some("https://de.wikipedia.org/wiki/Länder")
        );
        assert_eq!(
            safe_href("https://x.org/\u{202E}gpj.exe\u{1}").as_deref(),
            Some("https://x.org/%E2%80%AEgpj.exe%01")
        );
        assert_eq!(
            safe_href("mailto:editor@example.org").as_deref(),
            Some("mailto:editor@example.org")
        );
    }

    #[test]
    fn other_targets_are_refused() {
        for t in [
            "javascript:alert(1)",
            "data:text/html,<script>",
            "/relative/path",
            "#fn1",
            "https://",
            "https://user:pw@example.org/",
            "https://exa mple.org/",
            "https://-bad-.org/",
            "http://example.org:port/",
            "file:///etc/passwd",
            "",
        ] {
            assert_eq!(safe_href(t), None, "{t}");
        }
    }
}
