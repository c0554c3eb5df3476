//! The structure tree of a tagged PDF (ISO 32000-1 §14.7–14.8): maps each page's
//! marked-content ids to the block element they belong to and its standard role.

use super::obj;
use crate::read::Role;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, HashSet};

/// Most structure elements visited, against hostile trees.
const MAX_ELEMENTS: usize = 200_000;
/// Deepest structure nesting followed.
const MAX_DEPTH: usize = 64;

/// Where a marked-content sequence sits in the structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag {
    /// Identity of the block element (paragraph, heading, list item...) it belongs to.
    pub block: u32,
    /// That block's role, when it is a standard one.
    pub role: Option<Role>,
}

/// MCIDs of every page, keyed by (page object, MCID).
#[derive(Debug, Default)]
pub struct StructMap {
    tags: BTreeMap<(ObjectId, i64), Tag>,
}

impl StructMap {
    /// Reads the tree; an untagged document gives `None`.
    pub fn read(doc: &Document) -> Option<StructMap> {
        let catalog = doc.catalog().ok()?;
        let root = obj::get_dict(doc, catalog, b"StructTreeRoot")?;
        let role_map = obj::get_dict(doc, root, b"RoleMap");
        let mut walker = Walker {
            doc,
            role_map,
            seen: HashSet::new(),
            next_block: 0,
            map: StructMap::default(),
            first_h1: true,
        };
        if let Ok(k) = root.get(b"K") {
            walker.kids(
                k,
                None,
                Ctx {
                    block: None,
                    page: None,
                },
                0,
            );
        }
        Some(walker.map)
    }

    /// The tag of a marked-content sequence on a page.
    pub fn tag(&self, page: ObjectId, mcid: i64) -> Option<Tag> {
        self.tags.get(&(page, mcid)).copied()
    }

    /// True if no content is tagged.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }
}

#[derive(Clone, Copy)]
struct Ctx {
    block: Option<Tag>,
    page: Option<ObjectId>,
}

struct Walker<'a> {
    doc: &'a Document,
    role_map: Option<&'a Dictionary>,
    seen: HashSet<ObjectId>,
    next_block: u32,
    map: StructMap,
    first_h1: bool,
}

impl<'a> Walker<'a> {
    fn kids(&mut self, k: &'a Object, id: Option<ObjectId>, ctx: Ctx, depth: usize) {
        if depth > MAX_DEPTH || self.seen.len() > MAX_ELEMENTS {
            return;
        }
        if let Some(id) = id.or_else(|| obj::ref_id(k)) {
            if !self.seen.insert(id) {
                return;
            }
        }
        match obj::resolve(self.doc, k) {
            Object::Integer(mcid) => self.leaf(ctx, ctx.page, *mcid),
            Object::Array(items) => {
                for item in items {
                    self.kids(item, obj::ref_id(item), ctx, depth + 1);
                }
            }
            Object::Dictionary(d) => self.element(d, ctx, depth),
            _ => {}
        }
    }

    fn element(&mut self, d: &'a Dictionary, ctx: Ctx, depth: usize) {
        let page = d.get(b"Pg").ok().and_then(obj::ref_id).or(ctx.page);
        match obj::get_name(self.doc, d, b"Type") {
            Some(b"MCR") => {
                if let Some(Object::Integer(mcid)) = obj::get(self.doc, d, b"MCID") {
                    self.leaf(ctx, page, *mcid);
                }
                return;
            }
            Some(b"OBJR") => return,
            _ => {}
        }
        let role = obj::get_name(self.doc, d, b"S").map(|s| self.standard_name(s));
        let block = match role.and_then(|r| self.role(r)) {
            // List labels and bodies belong to their item; anything inside a list item too.
            Some(r)
                if !matches!(
                    ctx.block,
                    Some(Tag {
                        role: Some(Role::ListItem),
                        ..
                    })
                ) =>
            {
                self.next_block += 1;
                Some(Tag {
                    block: self.next_block,
                    role: Some(r),
                })
            }
            _ => ctx.block,
        };
        if let Ok(k) = d.get(b"K") {
            self.kids(k, None, Ctx { block, page }, depth + 1);
        }
    }

    fn leaf(&mut self, ctx: Ctx, page: Option<ObjectId>, mcid: i64) {
        let Some(page) = page else { return };
        let tag = ctx.block.unwrap_or_else(|| {
            self.next_block += 1;
            Tag {
                block: self.next_block,
                role: None,
            }
        });
        if self.map.tags.len() < MAX_ELEMENTS {
            self.map.tags.insert((page, mcid), tag);
        }
    }

    /// Follows the RoleMap to a standard structure type (bounded, against cycles).
    fn standard_name(&self, mut name: &'a [u8]) -> &'a [u8] {
        for _ in 0..8 {
            if is_standard(name) {
                return name;
            }
            match self.role_map.and_then(|m| obj::get_name(self.doc, m, name)) {
                Some(next) => name = next,
                None => return name,
            }
        }
        name
    }

    fn role(&mut self, name: &[u8]) -> Option<Role> {
        Some(match name {
            b"Title" => Role::Title,
            b"H1" if self.first_h1 => {
                self.first_h1 = false;
                Role::Title
            }
            b"H" | b"H1" => Role::Heading(1),
            b"H2" => Role::Heading(2),
            b"H3" => Role::Heading(3),
            b"H4" => Role::Heading(4),
            b"H5" => Role::Heading(5),
            b"H6" => Role::Heading(6),
            b"P" => Role::Paragraph,
            b"LI" => Role::ListItem,
            b"Caption" => Role::Caption,
            b"Figure" => Role::Figure,
            b"BlockQuote" => Role::Quote,
            b"Note" | b"FENote" => Role::Note,
            _ => return None,
        })
    }
}

fn is_standard(name: &[u8]) -> bool {
    const STANDARD: &[&[u8]] = &[
        b"Document",
        b"Part",
        b"Art",
        b"Sect",
        b"Div",
        b"BlockQuote",
        b"Caption",
        b"TOC",
        b"TOCI",
        b"Index",
        b"NonStruct",
        b"Private",
        b"P",
        b"H",
        b"H1",
        b"H2",
        b"H3",
        b"H4",
        b"H5",
        b"H6",
        b"L",
        b"LI",
        b"Lbl",
        b"LBody",
        b"Table",
        b"TR",
        b"TH",
        b"TD",
        b"THead",
        b"TBody",
        b"TFoot",
        b"Span",
        b"Quote",
        b"Note",
        b"Reference",
        b"BibEntry",
        b"Code",
        b"Link",
        b"Annot",
        b"Ruby",
        b"Warichu",
        b"Figure",
        b"Formula",
        b"Form",
        b"Title",
        b"FENote",
    ];
    STANDARD.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn blocks_roles_and_list_items() {
        let mut doc = Document::new();
        let page = doc.add_object(dictionary! { "Type" => "Page" });
        let span = |m: i64| Object::Dictionary(dictionary! { "S" => "Span", "K" => m });
        let h1 = dictionary! { "S" => "H1", "Pg" => page, "K" => vec![span(0)] };
        let p =
            dictionary! { "S" => "MyPara", "Pg" => page, "K" => vec![Object::Integer(1), span(2)] };
        let lbl = dictionary! { "S" => "Lbl", "K" => 3 };
        let body = dictionary! { "S" => "LBody", "K" => vec![Object::Dictionary(dictionary! { "S" => "P", "K" => 4 })] };
        let li = dictionary! { "S" => "LI", "Pg" => page, "K" => vec![Object::Dictionary(lbl), Object::Dictionary(body)] };
        let mcr = dictionary! { "Type" => "MCR", "Pg" => page, "MCID" => 5 };
        let h2 = dictionary! { "S" => "H2", "K" => Object::Dictionary(mcr) };
        let kids = vec![
            Object::Dictionary(h1),
            Object::Dictionary(p),
            Object::Dictionary(li),
            Object::Dictionary(h2),
        ];
        let doc_elem = dictionary! { "S" => "Document", "K" => kids };
        let root = doc.add_object(dictionary! {
            "Type" => "StructTreeRoot", "K" => Object::Dictionary(doc_elem), "RoleMap" => dictionary! { "MyPara" => "P" },
        });
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "StructTreeRoot" => root });
        doc.trailer.set("Root", catalog);
        let m = StructMap::read(&doc).unwrap();
        let t = |i| m.tag(page, i).unwrap();
        assert_eq!(t(0).role, Some(Role::Title));
        assert_eq!(t(1).role, Some(Role::Paragraph));
        assert_eq!(t(1).block, t(2).block);
        assert_ne!(t(0).block, t(1).block);
        assert_eq!(t(3).role, Some(Role::ListItem));
        assert_eq!(t(3).block, t(4).block);
        assert_eq!(t(5).role, Some(Role::Heading(2)));
        assert!(m.tag(page, 9).is_none());
    }
}
