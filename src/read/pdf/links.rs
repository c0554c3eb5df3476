//! Link annotations (ISO 32000-1 §12.5.6.5, §12.6.4.7): each `/Link` with a `/URI` action,
//! in `/Annots` order, with the page-space areas it covers (`/QuadPoints`, else `/Rect`).

use super::obj;
use lopdf::{Dictionary, Document, Object};

/// Most annotations read from one page.
const MAX_ANNOTS: usize = 10_000;

/// A URI link and the boxes it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The target, exactly as given.
    pub uri: String,
    /// Covered boxes as (x0, y0, x1, y1), page space.
    pub areas: Vec<[f32; 4]>,
}

impl Link {
    /// True if the point lies in one of the link's areas.
    pub fn covers(&self, x: f32, y: f32) -> bool {
        self.areas
            .iter()
            .any(|a| x >= a[0] && x <= a[2] && y >= a[1] && y <= a[3])
    }
}

/// The page's URI links, in annotation order.
pub fn page_links(doc: &Document, page: &Dictionary) -> Vec<Link> {
    let annots = obj::get_array(doc, page, b"Annots").unwrap_or(&[]);
    annots
        .iter()
        .take(MAX_ANNOTS)
        .filter_map(|a| obj::as_dict(doc, a))
        .filter(|a| obj::get_name(doc, a, b"Subtype") == Some(b"Link"))
        .filter_map(|a| link(doc, a))
        .collect()
}

fn link(doc: &Document, annot: &Dictionary) -> Option<Link> {
    let action = obj::get_dict(doc, annot, b"A")?;
    if obj::get_name(doc, action, b"S") != Some(b"URI") {
        return None;
    }
    let uri = match obj::get(doc, action, b"URI")? {
        // URIs are 7-bit ASCII by the spec; decode leniently as UTF-8.
        Object::String(bytes, _) => String::from_utf8_lossy(bytes).into_owned(),
        _ => return None,
    };
    let mut areas = quad_areas(doc, annot);
    if areas.is_empty() {
        let r = obj::get(doc, annot, b"Rect").and_then(|o| obj::nums(doc, o))?;
        if r.len() == 4 {
            areas.push([
                r[0].min(r[2]),
                r[1].min(r[3]),
                r[0].max(r[2]),
                r[1].max(r[3]),
            ]);
        }
    }
    Some(Link { uri, areas })
}

fn quad_areas(doc: &Document, annot: &Dictionary) -> Vec<[f32; 4]> {
    let q = obj::get(doc, annot, b"QuadPoints")
        .and_then(|o| obj::nums(doc, o))
        .unwrap_or_default();
    q.chunks_exact(8)
        .map(|c| {
            let xs = [c[0], c[2], c[4], c[6]];
            let ys = [c[1], c[3], c[5], c[7]];
            let min = |v: [f32; 4]| v.iter().copied().fold(f32::INFINITY, f32::min);
            let max = |v: [f32; 4]| v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            [min(xs), min(ys), max(xs), max(ys)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn uri_links_in_order_with_quadpoints() {
        let doc = Document::new();
        let a1 = dictionary! {
            "Subtype" => "Link", "Rect" => vec![10.into(), 10.into(), 50.into(), 20.into()],
            "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("https://a.example/") },
        };
        let a2 = dictionary! { "Subtype" => "Link", "Dest" => "x", "Rect" => vec![0.into(), 0.into(), 1.into(), 1.into()] };
        let quads: Vec<Object> = [0, 30, 40, 30, 0, 40, 40, 40]
            .iter()
            .map(|&v| Object::Integer(v))
            .collect();
        let a3 = dictionary! {
            "Subtype" => "Link", "Rect" => vec![0.into(), 0.into(), 100.into(), 100.into()], "QuadPoints" => quads,
            "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("https://b.example/") },
        };
        let page = dictionary! { "Annots" => vec![Object::Dictionary(a1), Object::Dictionary(a2), Object::Dictionary(a3)] };
        let links = page_links(&doc, &page);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].uri, "https://a.example/");
        assert!(links[0].covers(20.0, 15.0) && !links[0].covers(60.0, 15.0));
        assert_eq!(links[1].areas, vec![[0.0, 30.0, 40.0, 40.0]]);
        assert!(!links[1].covers(50.0, 50.0));
    }
}
