//! The YAML metadata block of the Markdown writer, under the variable names pandoc's
//! templates read (<https://pandoc.org/MANUAL.html#metadata-variables>). pandoc parses YAML
//! strings as Markdown, so every value is Markdown-escaped before it is YAML-quoted.

use super::escape::{destination, escaped, guard_block_start, yaml_quoted, Stats};
use crate::model::Metadata;

/// One metadata value: Markdown inline text (pandoc reads YAML strings as Markdown), with a
/// link target when the value is a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MetaValue {
    pub text: String,
    pub link: Option<String>,
}

/// A top-level metadata field.
pub(crate) enum MetaField {
    Scalar(&'static str, MetaValue),
    List(&'static str, Vec<MetaValue>),
    Maps(&'static str, Vec<Vec<(&'static str, MetaValue)>>),
}

fn value(s: &str) -> MetaValue {
    MetaValue {
        text: s.trim().to_string(),
        link: None,
    }
}

fn some(s: &Option<String>) -> Option<MetaValue> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(value)
}

/// The metadata as pandoc's variable names have it (`title`, `author` with `name`,
/// `surname`, `given-names` and `affiliation` as its JATS template reads them, `keywords`,
/// `lang`, `identifier` with `scheme`/`text` as its EPUB writer reads them).
pub(crate) fn metadata_fields(m: &Metadata) -> Vec<MetaField> {
    let mut f = Vec::new();
    let scalar = |f: &mut Vec<MetaField>, key, v: &Option<String>| {
        if let Some(v) = some(v) {
            f.push(MetaField::Scalar(key, v));
        }
    };
    scalar(&mut f, "title", &m.title);
    scalar(&mut f, "subtitle", &m.subtitle);
    let authors: Vec<Vec<(&'static str, MetaValue)>> = m
        .authors
        .iter()
        .map(|a| {
            let mut map = Vec::new();
            if !a.name.trim().is_empty() {
                map.push(("name", value(&a.name)));
            }
            for (k, v) in [
                ("surname", &a.surname),
                ("given-names", &a.given),
                ("affiliation", &a.affiliation),
                ("bio", &a.bio),
            ] {
                if let Some(v) = some(v) {
                    map.push((k, v));
                }
            }
            map
        })
        .filter(|m| !m.is_empty())
        .collect();
    if !authors.is_empty() {
        f.push(MetaField::Maps("author", authors));
    }
    scalar(&mut f, "date", &m.date);
    // The abstract as plain text: a YAML scalar holds one paragraph of Markdown, and what the
    // abstract marks up (emphasis, a link) is rare enough to be read as its words.
    let abstract_text = m.abstract_.as_deref().map(crate::model::plain_text);
    scalar(&mut f, "abstract", &abstract_text);
    scalar(&mut f, "lang", &m.language);
    let kws: Vec<MetaValue> = m
        .keywords
        .iter()
        .filter(|k| !k.text.trim().is_empty())
        .map(|k| MetaValue {
            text: k.text.trim().to_string(),
            link: k
                .uri
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_string),
        })
        .collect();
    if !kws.is_empty() {
        f.push(MetaField::List("keywords", kws));
    }
    scalar(&mut f, "journal", &m.journal);
    scalar(&mut f, "volume", &m.volume);
    scalar(&mut f, "issue", &m.issue);
    scalar(&mut f, "series", &m.series);
    scalar(&mut f, "self-uri", &m.self_uri);
    let ids: Vec<Vec<(&'static str, MetaValue)>> = m
        .identifiers
        .iter()
        .filter(|i| !i.value.trim().is_empty())
        .map(|i| vec![("scheme", value(&i.scheme)), ("text", value(&i.value))])
        .collect();
    if !ids.is_empty() {
        f.push(MetaField::Maps("identifier", ids));
    }
    f
}

/// A value as a YAML scalar: Markdown-escaped (pandoc parses it as Markdown; a keyword with
/// its tag page becomes a Markdown link), then YAML-quoted.
pub(crate) fn yaml_value(v: &MetaValue, stats: &mut Stats) -> String {
    let text = guard_block_start(escaped(&v.text, stats));
    let md = match &v.link {
        Some(url) => format!("[{text}]({})", destination(url)),
        None => text,
    };
    yaml_quoted(&md)
}

pub(crate) fn metadata_yaml(fields: &[MetaField], stats: &mut Stats) -> String {
    if fields.is_empty() {
        return String::new();
    }
    let mut y = String::from("---\n");
    for f in fields {
        match f {
            MetaField::Scalar(k, v) => y.push_str(&format!("{k}: {}\n", yaml_value(v, stats))),
            MetaField::List(k, vs) => {
                y.push_str(&format!("{k}:\n"));
                for v in vs {
                    y.push_str(&format!("  - {}\n", yaml_value(v, stats)));
                }
            }
            MetaField::Maps(k, maps) => {
                y.push_str(&format!("{k}:\n"));
                for map in maps {
                    for (i, (field, v)) in map.iter().enumerate() {
                        let lead = if i == 0 { "  - " } else { "    " };
                        y.push_str(&format!("{lead}{field}: {}\n", yaml_value(v, stats)));
                    }
                }
            }
        }
    }
    y.push_str("---");
    y
}
