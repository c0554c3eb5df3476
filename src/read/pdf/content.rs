//! The content-stream interpreter: runs a page's operators (ISO 32000-1 §8–9: graphics
//! state, text objects, text state, showing, form XObjects, marked content) and emits
//! positioned glyphs, plus the small filled shapes that serve as list bullets.

use super::font::{encoding::expand_ligatures, Font};
use super::obj::{self, Budget, LimitHit, Matrix};
use lopdf::{content::Content, Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Most entries on the `q` stack; deeper pushes are ignored (unbalanced `q` is common).
const MAX_SAVED_STATES: usize = 256;
/// Most glyphs kept from one page (a dense page has about ten thousand).
const MAX_GLYPHS: usize = 500_000;
/// Strings are decoded this many bytes at a time, so that a huge one never becomes a huge
/// vector of codes (even, so that two-byte codes are not split).
const STRING_CHUNK: usize = 16_384;

/// One glyph as drawn, in page space (y up).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Its Unicode text (may be empty-width combining, or several characters).
    pub text: String,
    /// Origin on the baseline.
    pub x: f32,
    /// Baseline height.
    pub y: f32,
    /// Advance width.
    pub width: f32,
    /// Effective font size.
    pub size: f32,
    /// Width of a space at this size.
    pub space: f32,
    /// Font is bold.
    pub bold: bool,
    /// Font is italic.
    pub italic: bool,
    /// Index of the font among the page's fonts (a font change is a style signal).
    pub font: u32,
    /// Marked-content id of the innermost marked sequence that has one.
    pub mcid: Option<i64>,
    /// Inside `/Artifact` marked content.
    pub artifact: bool,
    /// Writing direction in quarter turns counter-clockwise (0 upright, 1 bottom-to-top,
    /// 2 upside down, 3 top-to-bottom).
    pub rot: u8,
}

/// A small filled shape (a drawn bullet, usually), as a page-space box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Left.
    pub x0: f32,
    /// Bottom.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Top.
    pub y1: f32,
}

/// What a page draws that the layout needs.
#[derive(Debug, Default)]
pub struct PageContent {
    /// Glyphs in drawing order.
    pub glyphs: Vec<Glyph>,
    /// Small filled shapes.
    pub shapes: Vec<Shape>,
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_id: u32,
    size: f32,
    char_space: f32,
    word_space: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: Matrix::IDENTITY,
            font: None,
            font_id: 0,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

#[derive(Clone)]
struct Marked {
    mcid: Option<i64>,
    artifact: bool,
    /// `/ActualText` replacing the glyphs drawn inside, and the first of those glyphs.
    actual: Option<(String, usize)>,
}

/// Fonts already built, by the address of their dictionary (the document is not changed
/// while it is read), with the id glyphs carry; shared by all pages of a document.
pub type FontCache = HashMap<usize, (u32, Rc<Font>)>;

/// Runs content streams against one document.
pub struct Interpreter<'a> {
    doc: &'a Document,
    budget: &'a mut Budget,
    fonts: &'a mut FontCache,
    fallback: Rc<Font>,
    gs: GState,
    saved: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    marked: Vec<Marked>,
    forms: Vec<ObjectId>,
    path: Option<Shape>,
    out: PageContent,
}

impl<'a> Interpreter<'a> {
    /// An interpreter for one page; `base` is the page's default matrix (e.g. a rotation).
    pub fn new(
        doc: &'a Document,
        budget: &'a mut Budget,
        fonts: &'a mut FontCache,
        base: Matrix,
    ) -> Self {
        let gs = GState {
            ctm: base,
            ..GState::default()
        };
        Interpreter {
            doc,
            budget,
            fonts,
            fallback: Rc::new(Font::fallback()),
            gs,
            saved: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            marked: Vec::new(),
            forms: Vec::new(),
            path: None,
            out: PageContent::default(),
        }
    }

    /// The glyphs and shapes drawn so far.
    pub fn finish(self) -> PageContent {
        self.out
    }

    /// Runs one content stream with its resources.
    pub fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
    ) -> Result<(), LimitHit> {
        for op in Content::decode_iter(content) {
            let Ok(op) = op else { break };
            self.budget.operator()?;
            self.operator(&op.operator, &op.operands, resources)?;
        }
        Ok(())
    }

    fn operator(
        &mut self,
        op: &str,
        args: &[Object],
        res: Option<&'a Dictionary>,
    ) -> Result<(), LimitHit> {
        let n = |i: usize| args.get(i).and_then(obj::operand_num);
        match op {
            "q" => {
                if self.saved.len() < MAX_SAVED_STATES {
                    self.saved.push(self.gs.clone());
                }
            }
            "Q" => {
                if let Some(g) = self.saved.pop() {
                    self.gs = g;
                }
            }
            "cm" => {
                if let Some(m) = matrix_operands(args) {
                    self.gs.ctm = m.then(&self.gs.ctm);
                }
            }
            "BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            "Tf" => self.set_font(args, res)?,
            "Tc" => self.gs.char_space = n(0).unwrap_or(0.0),
            "Tw" => self.gs.word_space = n(0).unwrap_or(0.0),
            "Tz" => self.gs.hscale = n(0).unwrap_or(100.0) / 100.0,
            "TL" => self.gs.leading = n(0).unwrap_or(0.0),
            "Ts" => self.gs.rise = n(0).unwrap_or(0.0),
            "Td" => self.next_line(n(0).unwrap_or(0.0), n(1).unwrap_or(0.0)),
            "TD" => {
                let ty = n(1).unwrap_or(0.0);
                self.gs.leading = -ty;
                self.next_line(n(0).unwrap_or(0.0), ty);
            }
            "Tm" => {
                if let Some(m) = matrix_operands(args) {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            "T*" => self.next_line(0.0, -self.gs.leading),
            "Tj" => self.show_operand(args.first()),
            "'" => {
                self.next_line(0.0, -self.gs.leading);
                self.show_operand(args.first());
            }
            "\"" => {
                self.gs.word_space = n(0).unwrap_or(0.0);
                self.gs.char_space = n(1).unwrap_or(0.0);
                self.next_line(0.0, -self.gs.leading);
                self.show_operand(args.get(2));
            }
            "TJ" => self.show_array(args.first()),
            "BMC" | "BDC" => self.begin_marked(args, res),
            "EMC" => self.end_marked(),
            "Do" => self.do_xobject(args, res)?,
            _ => self.path_operator(op, args),
        }
        Ok(())
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = Matrix::translate(tx, ty).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn set_font(&mut self, args: &[Object], res: Option<&'a Dictionary>) -> Result<(), LimitHit> {
        self.gs.size = args.get(1).and_then(obj::operand_num).unwrap_or(0.0);
        let name = match args.first() {
            Some(Object::Name(n)) => n.as_slice(),
            _ => return Ok(()),
        };
        let dict = res
            .and_then(|r| obj::get_dict(self.doc, r, b"Font"))
            .and_then(|fonts| obj::get_dict(self.doc, fonts, name));
        let Some(dict) = dict else {
            self.gs.font = None;
            return Ok(());
        };
        let key = dict as *const Dictionary as usize;
        if let Some((id, f)) = self.fonts.get(&key) {
            self.gs.font = Some(Rc::clone(f));
            self.gs.font_id = *id;
            return Ok(());
        }
        let font = Rc::new(Font::load(self.doc, dict, self.budget)?);
        let id = self.fonts.len() as u32 + 1;
        self.fonts.insert(key, (id, Rc::clone(&font)));
        self.gs.font = Some(font);
        self.gs.font_id = id;
        Ok(())
    }

    fn show_operand(&mut self, arg: Option<&Object>) {
        if let Some(Object::String(bytes, _)) = arg {
            self.show(bytes);
        }
    }

    fn show_array(&mut self, arg: Option<&Object>) {
        let Some(Object::Array(items)) = arg else {
            return;
        };
        for item in items {
            match item {
                Object::String(bytes, _) => self.show(bytes),
                other => {
                    if let Some(adj) = obj::operand_num(other) {
                        let tx = -adj / 1000.0 * self.gs.size * self.gs.hscale;
                        self.tm = Matrix::translate(tx, 0.0).then(&self.tm);
                    }
                }
            }
        }
    }

    fn show(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(STRING_CHUNK) {
            if self.out.glyphs.len() >= MAX_GLYPHS {
                return;
            }
            self.show_chunk(chunk);
        }
    }

    fn show_chunk(&mut self, bytes: &[u8]) {
        let font = self
            .gs
            .font
            .clone()
            .unwrap_or_else(|| Rc::clone(&self.fallback));
        let g = &self.gs;
        let type3 = font.size_scale / 0.001;
        let marked = self.current_mark();
        for code in font.decode(bytes) {
            let rendering = Matrix([g.size * g.hscale, 0.0, 0.0, g.size, 0.0, g.rise])
                .then(&self.tm)
                .then(&g.ctm);
            let space = if code.len == 1 && code.code == 32 {
                g.word_space
            } else {
                0.0
            };
            let tx = (code.width * g.size + g.char_space + space) * g.hscale;
            let device = self.tm.then(&g.ctm);
            let text = expand_ligatures(&code.text);
            if !text.is_empty() && self.out.glyphs.len() < MAX_GLYPHS {
                let (x, y) = rendering.apply(0.0, 0.0);
                let [a, b, ..] = rendering.0;
                let rot = match (a.abs() >= b.abs(), a >= 0.0, b > 0.0) {
                    (true, true, _) => 0,
                    (true, false, _) => 2,
                    (false, _, true) => 1,
                    (false, _, false) => 3,
                };
                let size = g.size.abs() * device.vscale() * type3;
                self.out.glyphs.push(Glyph {
                    text: text.into_owned(),
                    x,
                    y,
                    // The glyph's own advance: spacing added by Tc and Tw is a gap after it
                    // (Ghostscript makes word gaps with Tc), which the layout must see.
                    width: code.width * g.size * g.hscale * device.hscale(),
                    size,
                    space: font.space_width * size * g.hscale,
                    bold: font.bold,
                    italic: font.italic,
                    font: g.font_id,
                    mcid: marked.mcid,
                    artifact: marked.artifact,
                    rot,
                });
            }
            self.tm = Matrix::translate(tx, 0.0).then(&self.tm);
        }
    }

    fn current_mark(&self) -> Marked {
        Marked {
            mcid: self.marked.iter().rev().find_map(|m| m.mcid),
            artifact: self.marked.iter().any(|m| m.artifact),
            actual: None,
        }
    }

    fn begin_marked(&mut self, args: &[Object], res: Option<&'a Dictionary>) {
        let tag = match args.first() {
            Some(Object::Name(n)) => n.as_slice(),
            _ => b"",
        };
        let props = match args.get(1) {
            Some(Object::Dictionary(d)) => Some(d),
            Some(Object::Name(n)) => res
                .and_then(|r| obj::get_dict(self.doc, r, b"Properties"))
                .and_then(|p| obj::get_dict(self.doc, p, n)),
            _ => None,
        };
        let mcid = props.and_then(|p| match obj::get(self.doc, p, b"MCID") {
            Some(Object::Integer(i)) => Some(*i),
            _ => None,
        });
        let actual = props
            .and_then(|p| obj::get(self.doc, p, b"ActualText"))
            .and_then(|o| obj::text_string(self.doc, o))
            .map(|t| (t, self.out.glyphs.len()));
        if self.marked.len() < 4096 {
            self.marked.push(Marked {
                mcid,
                artifact: tag == b"Artifact",
                actual,
            });
        }
    }

    /// Ends a marked sequence; `/ActualText` becomes the text of its first glyph, which
    /// then spans all of them (ISO 32000-1 §14.9.4).
    fn end_marked(&mut self) {
        let Some(Marked {
            actual: Some((text, first)),
            ..
        }) = self.marked.pop()
        else {
            return;
        };
        let glyphs = &mut self.out.glyphs;
        let Some(end) = glyphs.last().map(|g| g.x + g.width) else {
            return;
        };
        if first >= glyphs.len() {
            return;
        }
        glyphs.truncate(first + 1);
        let g = &mut glyphs[first];
        g.width = end - g.x;
        g.text = text;
    }

    fn do_xobject(&mut self, args: &[Object], res: Option<&'a Dictionary>) -> Result<(), LimitHit> {
        let Some(Object::Name(name)) = args.first() else {
            return Ok(());
        };
        let Some(xobjects) = res.and_then(|r| obj::get_dict(self.doc, r, b"XObject")) else {
            return Ok(());
        };
        let Ok(reference) = xobjects.get(name) else {
            return Ok(());
        };
        let id = obj::ref_id(reference);
        let Object::Stream(stream) = obj::resolve(self.doc, reference) else {
            return Ok(());
        };
        if obj::get_name(self.doc, &stream.dict, b"Subtype") != Some(b"Form") {
            return Ok(());
        }
        // A form that draws itself (directly or through others) is drawn once.
        if id.is_some_and(|id| self.forms.contains(&id)) {
            return Ok(());
        }
        if self.forms.len() as u32 >= self.budget.depth_max {
            return Err(self.budget.depth_hit());
        }
        let content = self.budget.decode(stream)?;
        let own = obj::get_dict(self.doc, &stream.dict, b"Resources").or(res);
        let matrix = obj::get(self.doc, &stream.dict, b"Matrix")
            .and_then(|m| obj::nums(self.doc, m))
            .and_then(|v| Matrix::from_slice(&v))
            .unwrap_or(Matrix::IDENTITY);
        let (saved_gs, saved_tm, saved_tlm, saved_depth) =
            (self.gs.clone(), self.tm, self.tlm, self.saved.len());
        self.gs.ctm = matrix.then(&self.gs.ctm);
        self.forms.push(id.unwrap_or((0, 0)));
        let result = self.run(&content, own);
        self.forms.pop();
        self.saved.truncate(saved_depth);
        self.gs = saved_gs;
        self.tm = saved_tm;
        self.tlm = saved_tlm;
        result
    }

    fn path_operator(&mut self, op: &str, args: &[Object]) {
        let nums: Vec<f32> = args.iter().filter_map(obj::operand_num).collect();
        match op {
            "m" | "l" | "c" | "v" | "y" => {
                for p in nums.chunks_exact(2) {
                    self.extend_path(p[0], p[1]);
                }
            }
            "re" if nums.len() == 4 => {
                self.extend_path(nums[0], nums[1]);
                self.extend_path(nums[0] + nums[2], nums[1] + nums[3]);
            }
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                if let Some(s) = self.path.take() {
                    let (w, h) = (s.x1 - s.x0, s.y1 - s.y0);
                    if (0.5..=12.0).contains(&w)
                        && (0.5..=12.0).contains(&h)
                        && self.out.shapes.len() < 100_000
                    {
                        self.out.shapes.push(s);
                    }
                }
            }
            "S" | "s" | "n" => self.path = None,
            _ => {}
        }
    }

    fn extend_path(&mut self, x: f32, y: f32) {
        let (x, y) = self.gs.ctm.apply(x, y);
        let s = self.path.get_or_insert(Shape {
            x0: x,
            y0: y,
            x1: x,
            y1: y,
        });
        s.x0 = s.x0.min(x);
        s.y0 = s.y0.min(y);
        s.x1 = s.x1.max(x);
        s.y1 = s.y1.max(y);
    }
}

fn matrix_operands(args: &[Object]) -> Option<Matrix> {
    let v: Vec<f32> = args.iter().filter_map(obj::operand_num).collect();
    if v.len() != 6 {
        return None;
    }
    Matrix::from_slice(&v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn run(content: &str) -> PageContent {
        let mut doc = Document::new();
        let font = doc.add_object(
            dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
        );
        let res = dictionary! { "Font" => dictionary! { "F1" => font } };
        let res_id = doc.add_object(res);
        let mut budget = Budget::new(&crate::Limits::default());
        let doc_ref = &doc;
        let res = doc_ref.get_dictionary(res_id).ok();
        let mut fonts = FontCache::new();
        let mut it = Interpreter::new(doc_ref, &mut budget, &mut fonts, Matrix::IDENTITY);
        it.run(content.as_bytes(), res).unwrap();
        it.finish()
    }

    fn text(p: &PageContent) -> String {
        p.glyphs.iter().map(|g| g.text.as_str()).collect()
    }

    #[test]
    fn positions_follow_td_tj_and_widths() {
        let p = run("BT /F1 10 Tf 1 0 0 1 100 700 Tm (AB) Tj 0 -12 Td (C) Tj ET");
        assert_eq!(text(&p), "ABC");
        assert_eq!((p.glyphs[0].x, p.glyphs[0].y), (100.0, 700.0));
        assert!((p.glyphs[1].x - 106.67).abs() < 0.01);
        assert_eq!((p.glyphs[2].x, p.glyphs[2].y), (100.0, 688.0));
        assert_eq!(p.glyphs[0].size, 10.0);
    }

    #[test]
    fn tj_kerning_tc_tw_and_tz() {
        let p = run("BT /F1 10 Tf 2 Tc 3 Tw 50 Tz [(A) -1000 (B)] TJ ( A) Tj ET");
        // 'A' 6.67 + Tc 2 = 8.67, halved by Tz 50; -1000 adds 10 * 0.5.
        assert!(
            (p.glyphs[1].x - (8.67 * 0.5 + 5.0)).abs() < 0.01,
            "{}",
            p.glyphs[1].x
        );
        let space_adv = (2.78 + 2.0 + 3.0) * 0.5;
        let b_end = p.glyphs[1].x + (6.67 + 2.0) * 0.5;
        assert!((p.glyphs[3].x - (b_end + space_adv)).abs() < 0.01);
    }

    #[test]
    fn a_glyph_width_leaves_out_character_spacing() {
        // Ghostscript makes word gaps with Tc: the gap after `s` must be visible.
        let p = run("BT /F1 10 Tf 3.5 Tc (sa) Tj ET");
        let s_end = p.glyphs[0].x + p.glyphs[0].width;
        assert!((p.glyphs[1].x - s_end - 3.5).abs() < 0.01, "{:?}", p.glyphs);
    }

    #[test]
    fn quote_operators_and_leading() {
        let p = run("BT /F1 10 Tf 14 TL 0 100 Td (a) Tj (b) ' 1 2 (c) \" T* (d) Tj ET");
        let ys: Vec<f32> = p.glyphs.iter().map(|g| g.y).collect();
        assert_eq!(ys, [100.0, 86.0, 72.0, 58.0]);
    }

    #[test]
    fn cm_and_q_restore() {
        let p = run("q 2 0 0 2 10 10 cm BT /F1 5 Tf (x) Tj ET Q BT /F1 5 Tf (y) Tj ET");
        assert_eq!(
            (p.glyphs[0].x, p.glyphs[0].y, p.glyphs[0].size),
            (10.0, 10.0, 10.0)
        );
        assert_eq!((p.glyphs[1].x, p.glyphs[1].size), (0.0, 5.0));
    }

    #[test]
    fn rise_and_marked_content() {
        let p = run("/P <</MCID 3>> BDC BT /F1 10 Tf (a) Tj 4 Ts (1) Tj ET EMC /Artifact BMC BT /F1 10 Tf (z) Tj ET EMC");
        assert_eq!(p.glyphs[1].y, 4.0);
        assert_eq!(p.glyphs[0].mcid, Some(3));
        assert!(p.glyphs[2].artifact && p.glyphs[2].mcid.is_none());
    }

    #[test]
    fn actual_text_replaces_glyphs() {
        let p =
            run("BT /F1 10 Tf (a) Tj /Span <</ActualText <FEFF00AD>>> BDC (xy) Tj EMC (b) Tj ET");
        assert_eq!(text(&p), "a\u{AD}b");
        assert!((p.glyphs[1].width - 10.0).abs() < 0.01);
    }

    fn run_with_form(
        form_content: &str,
        self_ref: bool,
        depth: u32,
    ) -> Result<PageContent, LimitHit> {
        let mut doc = Document::new();
        let font = doc.add_object(
            dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier" },
        );
        let form_id = doc.new_object_id();
        let mut xobjects = dictionary! {};
        if self_ref {
            xobjects.set("X", form_id);
        }
        let form_res =
            dictionary! { "Font" => dictionary! { "F9" => font }, "XObject" => xobjects };
        let form = lopdf::Stream::new(
            dictionary! { "Subtype" => "Form", "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 50.into(), 0.into()], "Resources" => form_res },
            form_content.as_bytes().to_vec(),
        );
        doc.objects.insert(form_id, Object::Stream(form));
        let res_id = doc.add_object(dictionary! { "XObject" => dictionary! { "X" => form_id } });
        let limits = crate::Limits {
            max_depth: depth,
            ..crate::Limits::default()
        };
        let mut budget = Budget::new(&limits);
        let mut fonts = FontCache::new();
        let res = doc.get_dictionary(res_id).ok();
        let mut it = Interpreter::new(&doc, &mut budget, &mut fonts, Matrix::IDENTITY);
        it.run(b"q 1 0 0 1 0 100 cm /X Do Q", res)?;
        Ok(it.finish())
    }

    #[test]
    fn form_xobjects_use_own_resources_and_matrix() {
        let p = run_with_form("BT /F9 10 Tf (ab) Tj ET", false, 8).unwrap();
        assert_eq!(text(&p), "ab");
        assert_eq!((p.glyphs[0].x, p.glyphs[0].y), (50.0, 100.0));
        assert_eq!(p.glyphs[1].x, 56.0);
    }

    #[test]
    fn form_cycles_are_drawn_once_and_depth_is_limited() {
        let p = run_with_form("BT /F9 10 Tf (z) Tj ET /X Do", true, 8).unwrap();
        assert_eq!(text(&p), "z");
        let err = run_with_form("BT /F9 10 Tf (z) Tj ET", false, 0).unwrap_err();
        assert_eq!(err.limit, "nesting depth");
    }

    #[test]
    fn operator_budget_stops_the_page() {
        let doc = Document::new();
        let limits = crate::Limits {
            max_operators: 5,
            ..crate::Limits::default()
        };
        let mut budget = Budget::new(&limits);
        let mut fonts = FontCache::new();
        let mut it = Interpreter::new(&doc, &mut budget, &mut fonts, Matrix::IDENTITY);
        let err = it.run(b"q Q q Q q Q q Q", None).unwrap_err();
        assert_eq!(err.limit, "operators");
    }

    #[test]
    fn filled_small_shapes_are_kept() {
        let p = run("10 10 4 4 re f 0 0 m 500 0 l 500 500 l f");
        assert_eq!(
            p.shapes,
            vec![Shape {
                x0: 10.0,
                y0: 10.0,
                x1: 14.0,
                y1: 14.0
            }]
        );
    }

    #[test]
    fn unknown_font_and_garbage_are_harmless() {
        let p = run("BT /Nope 12 Tf (hi) Tj ET ] ] BT (x) Tj");
        assert_eq!(text(&p), "hi");
    }
}
