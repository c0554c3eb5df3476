//! PDF reader: lopdf for objects, our own content-stream interpreter for positioned glyphs,
//! then layout into lines. Reference: ISO 32000-1 (PDF 1.7).
//!
//! Modules: `load` (objects, encryption, limits), `content` (interpreter), `font`
//! (encodings, CMaps, widths), `layout` (lines, blocks, reading order), `structure`
//! (tagged PDF), `links` (URI annotations), `furniture` (running heads and feet by
//! repetition), `info` (Info/XMP and the title block).

mod content;
mod font;
mod furniture;
mod info;
mod layout;
mod links;
mod load;
mod obj;
mod prescan;
mod structure;

use crate::read::{Export, Line, Origin, Page, PageLink};
use crate::{Error, Limits};
use lopdf::{Dictionary, Document, Object, ObjectId};
use obj::{Budget, LimitHit, Matrix};
use std::path::Path;
use structure::StructMap;

/// Reads a PDF from bytes. `file` names the input in errors.
pub fn read(
    bytes: &[u8],
    file: &Path,
    password: Option<&str>,
    limits: &Limits,
) -> crate::Result<Export> {
    let doc = load::load(bytes, file, password, limits)?;
    let limit_err = |h: LimitHit| Error::Limit {
        file: file.to_path_buf(),
        limit: h.limit,
        max: h.max,
    };
    let page_ids: Vec<ObjectId> = doc
        .page_iter()
        .take(limits.max_pages as usize + 1)
        .collect();
    if page_ids.len() > limits.max_pages as usize {
        return Err(limit_err(LimitHit {
            limit: "pages",
            max: u64::from(limits.max_pages),
        }));
    }
    if page_ids.is_empty() {
        return Err(Error::Pdf {
            file: file.to_path_buf(),
            reason: "the document has no pages".into(),
        });
    }
    let structure = StructMap::read(&doc).filter(|m| !m.is_empty());
    let mut budget = Budget::new(limits);
    let mut fonts = content::FontCache::new();
    let mut export = Export {
        origin: Origin::Pdf,
        ..Default::default()
    };
    let mut line_no = 0u32;
    for (n, id) in page_ids.iter().enumerate() {
        budget.clock().map_err(limit_err)?;
        let page =
            read_page(&doc, *id, structure.as_ref(), &mut budget, &mut fonts).map_err(limit_err)?;
        export
            .pages
            .push(assemble(n as u32 + 1, page, &mut line_no));
    }
    furniture::mark(&mut export.pages);
    export.info = info::read(&doc, &export.pages, structure.is_some());
    Ok(export)
}

/// One page as laid out, before numbering.
struct PageOut {
    lines: Vec<(layout::TextLine, bool)>,
    links: Vec<links::Link>,
    height: f32,
}

fn read_page(
    doc: &Document,
    id: ObjectId,
    tags: Option<&StructMap>,
    budget: &mut Budget,
    fonts: &mut content::FontCache,
) -> Result<PageOut, LimitHit> {
    let Ok(page) = doc.get_dictionary(id) else {
        return Ok(PageOut {
            lines: Vec::new(),
            links: Vec::new(),
            height: 0.0,
        });
    };
    let (base, height) = page_geometry(doc, page);
    let resources = inherited(doc, page, b"Resources").and_then(|o| obj::as_dict(doc, o));
    let content = page_content(doc, page, budget)?;
    let mut interp = content::Interpreter::new(doc, budget, fonts, base);
    interp.run(&content, resources)?;
    let drawn = interp.finish();
    budget.clock()?;
    let links = links::page_links(doc, page);
    let glyph_tags: Option<Vec<_>> = tags.map(|t| {
        drawn
            .glyphs
            .iter()
            .map(|g| g.mcid.and_then(|m| t.tag(id, m)))
            .collect()
    });
    let input = layout::PageInput {
        glyphs: &drawn.glyphs,
        shapes: &drawn.shapes,
        links: &links,
        height,
        tags: glyph_tags.as_deref(),
    };
    // Link areas are in default user space; glyphs were moved by `base`, so move the areas.
    let moved: Vec<links::Link> = links.iter().map(|l| move_link(l, &base)).collect();
    let input = layout::PageInput {
        links: &moved,
        ..input
    };
    Ok(PageOut {
        lines: layout::layout(&input),
        links,
        height,
    })
}

fn move_link(l: &links::Link, m: &Matrix) -> links::Link {
    let areas = l
        .areas
        .iter()
        .map(|a| {
            let (x0, y0) = m.apply(a[0], a[1]);
            let (x1, y1) = m.apply(a[2], a[3]);
            [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)]
        })
        .collect();
    links::Link {
        uri: l.uri.clone(),
        areas,
    }
}

/// Numbers a page's lines and puts a blank line between blocks.
fn assemble(number: u32, page: PageOut, line_no: &mut u32) -> Page {
    let mut lines = Vec::with_capacity(page.lines.len() * 5 / 4);
    for (k, (l, starts)) in page.lines.into_iter().enumerate() {
        if starts && k > 0 {
            *line_no += 1;
            lines.push(Line::new(*line_no, ""));
        }
        *line_no += 1;
        lines.push(Line {
            no: *line_no,
            text: l.text,
            style: Some(l.style),
            marks: l.marks,
        });
    }
    let links = page
        .links
        .into_iter()
        .map(|l| PageLink {
            uri: l.uri,
            line: 0,
        })
        .collect();
    Page {
        number,
        lines,
        links,
        height: Some(page.height),
    }
}

/// A page attribute, inherited through `/Parent` (ISO 32000-1 §7.7.3.4).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(v) = obj::get(doc, node, key) {
            return Some(v);
        }
        node = obj::get_dict(doc, node, b"Parent")?;
    }
    None
}

/// The matrix that puts the page upright with its origin at the bottom left of the
/// visible box, and the upright page's height.
fn page_geometry(doc: &Document, page: &Dictionary) -> (Matrix, f32) {
    let bx = inherited(doc, page, b"CropBox")
        .or_else(|| inherited(doc, page, b"MediaBox"))
        .and_then(|o| obj::nums(doc, o))
        .filter(|v| v.len() == 4)
        .unwrap_or_else(|| vec![0.0, 0.0, 612.0, 792.0]);
    let (x0, y0) = (bx[0].min(bx[2]), bx[1].min(bx[3]));
    let (w, h) = ((bx[2] - bx[0]).abs(), (bx[3] - bx[1]).abs());
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|o| obj::num(doc, o))
        .unwrap_or(0.0) as i64;
    let to_origin = Matrix::translate(-x0, -y0);
    let (rot, height) = match rotate.rem_euclid(360) {
        90 => (Matrix([0.0, -1.0, 1.0, 0.0, 0.0, w]), w),
        180 => (Matrix([-1.0, 0.0, 0.0, -1.0, w, h]), h),
        270 => (Matrix([0.0, 1.0, -1.0, 0.0, h, 0.0]), w),
        _ => (Matrix::IDENTITY, h),
    };
    (to_origin.then(&rot), height)
}

/// The page's content streams, decoded and joined.
fn page_content(
    doc: &Document,
    page: &Dictionary,
    budget: &mut Budget,
) -> Result<Vec<u8>, LimitHit> {
    let mut out = Vec::new();
    let Ok(contents) = page.get(b"Contents") else {
        return Ok(out);
    };
    let parts: Vec<&Object> = match obj::resolve(doc, contents) {
        Object::Array(a) => a.iter().take(10_000).collect(),
        _ => vec![contents],
    };
    for part in parts {
        if let Object::Stream(s) = obj::resolve(doc, part) {
            out.extend(budget.decode(s)?);
            out.push(b'\n');
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    /// A PDF of `pages` pages, each showing `text` in Helvetica, saved to bytes.
    fn make_pdf(pages: usize, text: &str) -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(
            dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
        );
        let content = format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET");
        let kids: Vec<Object> = (0..pages)
            .map(|_| {
                let c = doc.add_object(Stream::new(dictionary! {}, content.clone().into_bytes()));
                let page = dictionary! {
                    "Type" => "Page", "Parent" => pages_id, "Contents" => c,
                    "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
                };
                doc.add_object(page).into()
            })
            .collect();
        let tree = dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => pages as i64,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        };
        doc.objects.insert(pages_id, Object::Dictionary(tree));
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("saves");
        out
    }

    #[test]
    fn reads_a_minimal_pdf() {
        let bytes = make_pdf(2, "Hello, world");
        let e = read(&bytes, Path::new("t.pdf"), None, &Limits::default()).unwrap();
        assert_eq!(e.pages.len(), 2);
        assert_eq!(e.pages[0].lines[0].text, "Hello, world");
        assert_eq!(e.pages[1].lines[0].no, 2);
        let s = e.pages[0].lines[0].style.as_ref().unwrap();
        assert_eq!((s.x, s.y, s.size), (72.0, 92.0, 12.0));
        assert_eq!(e.pages[0].height, Some(792.0));
        assert!(!e.info.tagged);
    }

    #[test]
    fn limits_refuse_with_the_file_named() {
        let bytes = make_pdf(3, "x");
        let pages = Limits {
            max_pages: 2,
            ..Limits::default()
        };
        let err = read(&bytes, Path::new("big.pdf"), None, &pages).unwrap_err();
        assert!(matches!(err, Error::Limit { limit: "pages", .. }), "{err}");
        assert!(err.to_string().contains("big.pdf"));
        let ops = Limits {
            max_operators: 8,
            ..Limits::default()
        };
        let err = read(&bytes, Path::new("ops.pdf"), None, &ops).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Limit {
                    limit: "operators",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn garbage_is_a_clean_error() {
        for bytes in [
            &b"%PDF-1.7\n"[..],
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>",
            b"",
        ] {
            let err = read(bytes, Path::new("bad.pdf"), None, &Limits::default()).unwrap_err();
            assert!(err.to_string().starts_with("bad.pdf"), "{err}");
        }
    }
}
