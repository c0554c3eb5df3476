//! Page layout: positioned glyphs -> lines (shared baselines, superscripts kept in line) ->
//! reading order (stream order, or an XY cut when columns sit side by side) -> blocks
//! (structure elements, vertical gaps, size changes, indents, bullets). Gaps between glyphs
//! are measured against the font's own space width, in the manner of poppler's TextOutputDev.

use super::content::{Glyph, Shape};
use super::links::Link;
use super::structure::Tag;
use crate::read::{LineStyle, Mark, MarkKind, Role};

/// Characters drawn as list bullets.
const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '●', '○', '■', '□', '‣', '∙', '⁃', '\u{F0B7}', '\u{F0A7}',
];

/// A laid-out line, top to bottom in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// Its text.
    pub text: String,
    /// Layout facts (y from the page top).
    pub style: LineStyle,
    /// Marked ranges.
    pub marks: Vec<Mark>,
}

/// What one page offers the layout.
pub struct PageInput<'a> {
    /// Glyphs in drawing order.
    pub glyphs: &'a [Glyph],
    /// Small filled shapes (bullets).
    pub shapes: &'a [Shape],
    /// URI links.
    pub links: &'a [Link],
    /// Page height (y is flipped against it).
    pub height: f32,
    /// Structure tags of the glyphs (same order), when the document is tagged.
    pub tags: Option<&'a [Option<Tag>]>,
}

/// A line under construction: glyph indices and geometry.
#[derive(Debug, Clone)]
struct Raw {
    glyphs: Vec<usize>,
    rot: u8,
    x0: f32,
    x1: f32,
    base: f32,
    size: f32,
}

impl Raw {
    fn new(i: usize, g: &Glyph) -> Raw {
        Raw {
            glyphs: vec![i],
            rot: g.rot,
            x0: g.x,
            x1: g.x + g.width.max(0.0),
            base: g.y,
            size: g.size,
        }
    }

    fn push(&mut self, i: usize, g: &Glyph, on_base: bool) {
        self.glyphs.push(i);
        self.x0 = self.x0.min(g.x);
        self.x1 = self.x1.max(g.x + g.width.max(0.0));
        if on_base && g.size > self.size {
            self.size = g.size;
        }
    }

    /// Whether glyph `g` continues this line: same baseline (or raised/lowered and smaller,
    /// as a superscript is) and horizontally close.
    fn accepts(&self, g: &Glyph) -> Option<bool> {
        if g.rot != self.rot {
            return None;
        }
        let size = self.size.max(g.size).max(0.1);
        let dy = g.y - self.base;
        let on_base = dy.abs() <= 0.2 * size;
        let shifted = g.size < 0.92 * self.size && dy.abs() <= 0.7 * self.size;
        let returning = self.size < 0.92 * g.size && dy.abs() <= 0.7 * g.size;
        if !(on_base || shifted || returning) {
            return None;
        }
        let gap = g.x - self.x1;
        (gap >= -0.6 * size && gap <= 1.6 * size).then_some(on_base || returning)
    }
}

/// Lays a page out into lines in reading order; `bool` says the line starts a block.
pub fn layout(page: &PageInput) -> Vec<(TextLine, bool)> {
    // Rotated text is laid out in its own upright frame, then its position turned back.
    let upright: Vec<Glyph> = page.glyphs.iter().map(to_upright).collect();
    let page = &PageInput {
        glyphs: &upright,
        ..*page
    };
    let mut raws = group_lines(page.glyphs, page.tags);
    attach_markers(&mut raws, page.glyphs);
    let raws = split_link_runs(raws, page.glyphs, page.links);
    let order = reading_order(&raws, page);
    let lines: Vec<(TextLine, Info)> = order
        .into_iter()
        .map(|r| build_line(&raws[r], page))
        .collect();
    mark_blocks(lines, page)
}

/// A glyph's position in the frame where its writing direction is left to right.
fn to_upright(g: &Glyph) -> Glyph {
    let (x, y) = match g.rot {
        1 => (g.y, -g.x),
        2 => (-g.x, -g.y),
        3 => (-g.y, g.x),
        _ => return g.clone(),
    };
    Glyph { x, y, ..g.clone() }
}

/// A point of the upright frame of rotation `rot` back in page space.
fn from_upright(rot: u8, x: f32, y: f32) -> (f32, f32) {
    match rot {
        1 => (-y, x),
        2 => (-x, -y),
        3 => (y, -x),
        _ => (x, y),
    }
}

/// Groups glyphs into lines in drawing order, looking back over a few recent lines so that
/// runs drawn out of order (a note number, a link) still join their line. Glyphs of two
/// structure blocks (say, inline list items) never share a line.
fn group_lines(glyphs: &[Glyph], tags: Option<&[Option<Tag>]>) -> Vec<Raw> {
    let block = |i: usize| {
        tags.and_then(|t| t.get(i).copied().flatten())
            .map(|t| t.block)
    };
    let mut raws: Vec<Raw> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        if !(g.x.is_finite() && g.y.is_finite() && g.size.is_finite()) {
            continue;
        }
        let start = raws.len().saturating_sub(6);
        let same_block = |r: &Raw| {
            let last = r.glyphs.iter().rev().find_map(|&k| block(k));
            !matches!((last, block(i)), (Some(a), Some(b)) if a != b)
        };
        let hit = raws[start..]
            .iter()
            .rposition(|r| r.accepts(g).is_some() && same_block(r))
            .map(|p| p + start);
        match hit {
            Some(k) => {
                let on_base = raws[k].accepts(g).unwrap_or(false);
                if raws[k].size < 0.92 * g.size {
                    // The line so far was a raised (or lowered) part; the baseline is this glyph's.
                    raws[k].base = g.y;
                    raws[k].size = g.size;
                }
                raws[k].push(i, g, on_base);
            }
            None => raws.push(Raw::new(i, g)),
        }
    }
    for r in &mut raws {
        r.glyphs
            .sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x).then(a.cmp(&b)));
    }
    raws
}

/// Joins a line made only of list bullets to the line it marks: the one on its baseline
/// that starts just right of it. Producers draw bullets apart from the text, often after it
/// (WeasyPrint) or with a gap wider than a word space (groff's `.IP`).
fn attach_markers(raws: &mut Vec<Raw>, glyphs: &[Glyph]) {
    let is_marker = |r: &Raw| {
        let text: String = r.glyphs.iter().map(|&i| glyphs[i].text.as_str()).collect();
        let t = text.trim();
        !t.is_empty() && t.chars().all(|c| BULLETS.contains(&c))
    };
    // Each marker scans the page's lines once: bound the markers so a hostile page of
    // bullets stays linear.
    let mut budget = 400usize;
    let mut k = 0;
    while k < raws.len() && budget > 0 {
        if !is_marker(&raws[k]) {
            k += 1;
            continue;
        }
        budget -= 1;
        let m = &raws[k];
        let size = m.size.max(0.1);
        let target = (0..raws.len())
            .filter(|&j| j != k && raws[j].rot == m.rot && !is_marker(&raws[j]))
            .filter(|&j| {
                let r = &raws[j];
                (r.base - m.base).abs() <= 0.3 * r.size.max(size)
                    && r.x0 >= m.x1 - 0.2 * size
                    && r.x0 - m.x1 <= 4.0 * r.size.max(size)
            })
            .min_by(|&a, &b| raws[a].x0.total_cmp(&raws[b].x0));
        let Some(j) = target else {
            k += 1;
            continue;
        };
        let marker = raws.remove(k);
        let j = if j > k { j - 1 } else { j };
        let r = &mut raws[j];
        r.x0 = r.x0.min(marker.x0);
        let mut merged = marker.glyphs;
        merged.extend_from_slice(&r.glyphs);
        merged.sort_by(|&a, &b| glyphs[a].x.total_cmp(&glyphs[b].x).then(a.cmp(&b)));
        r.glyphs = merged;
    }
}

/// Splits a line where a gap far wider than a word space separates two different links:
/// items set inline (a row of tags, each its own link) are separate lines, as a list is.
fn split_link_runs(raws: Vec<Raw>, glyphs: &[Glyph], links: &[Link]) -> Vec<Raw> {
    if links.is_empty() {
        return raws;
    }
    let link_at = |g: &Glyph| {
        let (cx, cy) = (g.x + g.width / 2.0, g.y + g.size * 0.3);
        links.iter().position(|l| l.covers(cx, cy))
    };
    let mut out = Vec::with_capacity(raws.len());
    for raw in raws {
        let mut cur: Option<Raw> = None;
        let mut last: Option<usize> = None;
        for &i in &raw.glyphs {
            let g = &glyphs[i];
            let visible = !g.text.trim().is_empty();
            if let (true, Some(p)) = (visible, last) {
                let pg = &glyphs[p];
                let gap = g.x - (pg.x + pg.width);
                let wide = gap > (0.9 * g.size).max(2.5 * g.space);
                let (a, b) = (link_at(pg), link_at(g));
                if wide && a != b && a.is_some() && b.is_some() {
                    out.extend(cur.take());
                }
            }
            match cur.as_mut() {
                Some(r) => r.push(i, g, true),
                None => {
                    let mut r = Raw::new(i, g);
                    r.base = raw.base;
                    r.size = raw.size;
                    cur = Some(r);
                }
            }
            if visible {
                last = Some(i);
            }
        }
        out.extend(cur);
    }
    out
}

/// Tagged pages keep the structure's (stream) order; otherwise the order comes from the
/// geometry, a recursive XY cut (columns, then bands top to bottom), whatever order the
/// producer drew in (WeasyPrint draws running heads and feet last).
fn reading_order(raws: &[Raw], page: &PageInput) -> Vec<usize> {
    let idx: Vec<usize> = (0..raws.len()).collect();
    let tagged = page.tags.is_some_and(|t| t.iter().any(Option::is_some));
    if tagged {
        return idx;
    }
    let mut out = Vec::with_capacity(raws.len());
    xy_cut(raws, idx, 0, &mut out);
    out
}

fn xy_cut(raws: &[Raw], set: Vec<usize>, depth: usize, out: &mut Vec<usize>) {
    let mut by_y = set.clone();
    by_y.sort_by(|&a, &b| raws[b].base.total_cmp(&raws[a].base));
    if set.len() <= 1 || depth > 24 {
        out.extend(by_y);
        return;
    }
    let mut sizes: Vec<f32> = set.iter().map(|&i| raws[i].size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes[sizes.len() / 2].max(1.0);
    // Cut where the widest empty gap is: between bands of lines or between columns.
    let (bands, gap_y) = split(&by_y, 0.5 * size, |i| {
        (
            -(raws[i].base + raws[i].size * 0.8),
            -(raws[i].base - raws[i].size * 0.25),
        )
    });
    let mut by_x = set.clone();
    by_x.sort_by(|&a, &b| raws[a].x0.total_cmp(&raws[b].x0));
    // Columns may be set a gutter of one em apart (LaTeX), less than a line of type.
    let (cols, gap_x) = split(&by_x, 0.5 * size, |i| (raws[i].x0, raws[i].x1));
    let groups = match (bands.len() > 1, cols.len() > 1) {
        (true, true) if gap_x >= gap_y => cols,
        (true, _) => bands,
        (false, true) => cols,
        (false, false) => {
            out.extend(by_y);
            return;
        }
    };
    for g in groups {
        xy_cut(raws, g, depth + 1, out);
    }
}

/// Splits items sorted by interval start wherever a gap wider than `min_gap` is left
/// uncovered; also returns the widest such gap.
fn split(
    sorted: &[usize],
    min_gap: f32,
    span: impl Fn(usize) -> (f32, f32),
) -> (Vec<Vec<usize>>, f32) {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut end = f32::NEG_INFINITY;
    let mut widest = 0.0f32;
    for &i in sorted {
        let (a, b) = span(i);
        if groups.is_empty() || a > end + min_gap {
            if !groups.is_empty() {
                widest = widest.max(a - end);
            }
            groups.push(Vec::new());
        }
        end = end.max(b);
        if let Some(g) = groups.last_mut() {
            g.push(i);
        }
    }
    (groups, widest)
}

/// What the block pass needs beyond the line itself.
#[derive(Debug, Clone, Copy)]
struct Info {
    tag: Option<Tag>,
    artifact: bool,
    bullet: bool,
    /// For a line that starts with a bullet glyph: how far right of the line's start the
    /// item's text begins (where a hanging-indented continuation line starts).
    hang: Option<f32>,
    font: u32,
}

fn build_line(raw: &Raw, page: &PageInput) -> (TextLine, Info) {
    let gl = page.glyphs;
    let base = raw.base;
    let size = raw.size.max(0.1);
    let mut text = String::new();
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    let mut prev_end: Option<f32> = None;
    let last_visible = last_text_glyph(&raw.glyphs, gl);
    let has_text = last_visible.is_some();
    let floor = letter_gap_floor(raw, gl);
    for (k, &i) in raw.glyphs.iter().enumerate() {
        let g = &gl[i];
        if is_break_mark(&g.text) {
            // A soft hyphen is a break opportunity: nothing inside a line, and at a line
            // break its trace U+00AD (the visible hyphen drawn with it is not text).
            if last_visible.is_some_and(|v| k > v) && !text.ends_with('\u{AD}') {
                let start = text.len();
                text.push('\u{AD}');
                spans.push((i, start, text.len()));
            }
            prev_end = Some(g.x + g.width);
            continue;
        }
        if g.text == "\u{2010}" && text.ends_with('\u{AD}') {
            continue;
        }
        // Word breaks come from the gaps between visible glyphs, not from space glyphs:
        // producers draw spaces that overlap the next word (dompdf, at a change of font or
        // link) or that advance by almost nothing (Ghostscript kerning with `Tw`).
        if has_text && g.text.trim().is_empty() {
            continue;
        }
        if let Some(end) = prev_end {
            let thr = (0.4 * g.space)
                .clamp(0.1 * g.size.max(0.1), 0.3 * g.size.max(0.1))
                .max(floor);
            let explicit =
                text.ends_with(char::is_whitespace) || g.text.starts_with(char::is_whitespace);
            if g.x - end > thr && !explicit {
                text.push(' ');
            }
        }
        let start = text.len();
        text.push_str(&g.text);
        spans.push((i, start, text.len()));
        prev_end = Some(g.x + g.width);
    }
    let mut marks = Vec::new();
    superscripts(&spans, gl, base, size, &mut marks);
    style_marks(&spans, gl, &mut marks);
    link_marks(&spans, gl, page.links, &text, &mut marks);
    let (bold, italic) = dominant_style(&spans, gl);
    let tag = dominant_tag(&spans, page.tags);
    let artifact = spans.iter().all(|(i, _, _)| gl[*i].artifact)
        || page.tags.is_some_and(|t| t.iter().any(Option::is_some)) && tag.is_none();
    let font = spans.first().map_or(0, |(i, _, _)| gl[*i].font);
    let text_bullet = starts_with_bullet(&text);
    let bullet = text_bullet || drawn_bullet(raw, page.shapes);
    let hang = if text_bullet {
        item_text_start(&spans, gl).map(|x| x - raw.x0)
    } else {
        None
    };
    let (x, y) = from_upright(raw.rot, raw.x0, base);
    let style = LineStyle {
        x,
        y: page.height - y,
        width: raw.x1 - raw.x0,
        size: (size * 100.0).round() / 100.0,
        bold,
        italic,
        role: if artifact {
            Some(Role::Artifact)
        } else {
            tag.and_then(|t| t.role)
        },
        starts_block: false,
    };
    let info = Info {
        tag,
        artifact,
        bullet,
        hang,
        font,
    };
    (TextLine { text, style, marks }, info)
}

/// The line's own letter spacing: most gaps between visible glyphs are inside words, so a
/// word break must be wider than their median (letter-spaced type). Capped, and only for
/// lines with enough gaps to tell.
fn letter_gap_floor(raw: &Raw, gl: &[Glyph]) -> f32 {
    let mut gaps: Vec<f32> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for &i in &raw.glyphs {
        let g = &gl[i];
        if g.text.trim().is_empty() {
            continue;
        }
        if let Some(p) = prev {
            gaps.push(g.x - (p.x + p.width));
        }
        prev = Some(g);
    }
    if gaps.len() < 8 {
        return 0.0;
    }
    let mid = gaps.len() / 2;
    let (_, median, _) = gaps.select_nth_unstable_by(mid, f32::total_cmp);
    (*median + 0.08 * raw.size).min(0.3 * raw.size)
}

/// Where the text of a list item begins after its bullet glyph (upright x).
fn item_text_start(spans: &[(usize, usize, usize)], gl: &[Glyph]) -> Option<f32> {
    spans
        .iter()
        .map(|(i, _, _)| &gl[*i])
        .filter(|g| !g.text.trim().is_empty())
        .find(|g| !g.text.trim().chars().all(|c| BULLETS.contains(&c)))
        .map(|g| g.x)
}

/// The last glyph that is text rather than a line break's hyphenation: a soft hyphen and the
/// U+2010 hyphen Chromium draws after it at a break do not count.
fn last_text_glyph(order: &[usize], gl: &[Glyph]) -> Option<usize> {
    let visible = |i: usize| !is_break_mark(&gl[i].text) && !gl[i].text.trim().is_empty();
    let core = order
        .iter()
        .rposition(|&i| visible(i) && gl[i].text != "\u{2010}");
    let after = core.map_or(0, |c| c + 1);
    if order[after..].iter().any(|&i| is_break_mark(&gl[i].text)) {
        core
    } else {
        order.iter().rposition(|&i| visible(i))
    }
}

/// A soft hyphen, alone or as Chromium maps the hyphen it draws at a break (U+00AD U+2010).
fn is_break_mark(text: &str) -> bool {
    text == "\u{AD}" || text == "\u{AD}\u{2010}"
}

fn superscripts(
    spans: &[(usize, usize, usize)],
    gl: &[Glyph],
    base: f32,
    size: f32,
    marks: &mut Vec<Mark>,
) {
    let is_sup = |i: usize| {
        let g = &gl[i];
        g.size <= 0.85 * size && g.y - base >= 0.15 * size && !g.text.trim().is_empty()
    };
    push_runs(spans, |i| is_sup(i).then_some(MarkKind::Superscript), marks);
}

fn style_marks(spans: &[(usize, usize, usize)], gl: &[Glyph], marks: &mut Vec<Mark>) {
    let visible = spans
        .iter()
        .filter(|(i, _, _)| !gl[*i].text.trim().is_empty());
    let (n, bold, italic) = visible.fold((0, 0, 0), |(n, b, it), (i, _, _)| {
        (
            n + 1,
            b + usize::from(gl[*i].bold),
            it + usize::from(gl[*i].italic),
        )
    });
    // A whole line in one style says so in LineStyle; marks are for runs within a line.
    if italic > 0 && italic < n {
        push_runs(spans, |i| gl[i].italic.then_some(MarkKind::Emphasis), marks);
    }
    if bold > 0 && bold < n {
        push_runs(spans, |i| gl[i].bold.then_some(MarkKind::Strong), marks);
    }
}

fn link_marks(
    spans: &[(usize, usize, usize)],
    gl: &[Glyph],
    links: &[Link],
    text: &str,
    marks: &mut Vec<Mark>,
) {
    if links.is_empty() {
        return;
    }
    let under = |i: usize| {
        let g = &gl[i];
        let (cx, cy) = (g.x + g.width / 2.0, g.y + g.size * 0.3);
        links
            .iter()
            .find(|l| l.covers(cx, cy))
            .map(|l| MarkKind::Link(l.uri.clone()))
    };
    let mut found = Vec::new();
    push_runs(spans, under, &mut found);
    for mut m in found {
        // A link's area may take in the space before or after the words; marks hold words.
        let slice = &text[m.start..m.end];
        m.start += slice.len() - slice.trim_start().len();
        m.end -= slice.len() - slice.trim_end().len();
        if m.start < m.end {
            marks.push(m);
        }
    }
}

/// Marks maximal runs of glyphs with the same kind; spaces between two marked glyphs of
/// the same kind stay inside the run.
fn push_runs(
    spans: &[(usize, usize, usize)],
    kind: impl Fn(usize) -> Option<MarkKind>,
    marks: &mut Vec<Mark>,
) {
    let mut cur: Option<Mark> = None;
    for &(i, start, end) in spans {
        let k = kind(i);
        match (&mut cur, k) {
            (Some(m), Some(k)) if m.kind == k => m.end = end,
            (_, Some(k)) => {
                marks.extend(cur.take());
                cur = Some(Mark {
                    start,
                    end,
                    kind: k,
                });
            }
            (_, None) => marks.extend(cur.take()),
        }
    }
    marks.extend(cur);
}

fn dominant_style(spans: &[(usize, usize, usize)], gl: &[Glyph]) -> (bool, bool) {
    let visible: Vec<&Glyph> = spans
        .iter()
        .map(|(i, _, _)| &gl[*i])
        .filter(|g| !g.text.trim().is_empty())
        .collect();
    let n = visible.len().max(1);
    let bold = visible.iter().filter(|g| g.bold).count() * 2 > n;
    let italic = visible.iter().filter(|g| g.italic).count() * 2 > n;
    (bold, italic)
}

fn dominant_tag(spans: &[(usize, usize, usize)], tags: Option<&[Option<Tag>]>) -> Option<Tag> {
    let tags = tags?;
    // The first tagged glyph decides: a line that starts a paragraph belongs to it.
    spans
        .iter()
        .find_map(|(i, _, _)| tags.get(*i).copied().flatten())
}

fn starts_with_bullet(text: &str) -> bool {
    let mut chars = text.trim_start().chars();
    matches!(chars.next(), Some(c) if BULLETS.contains(&c))
        && chars.next().is_some_and(char::is_whitespace)
}

/// A small filled shape just left of the line's start, at x-height: a drawn bullet.
fn drawn_bullet(raw: &Raw, shapes: &[Shape]) -> bool {
    shapes.iter().any(|s| {
        let (w, h) = (s.x1 - s.x0, s.y1 - s.y0);
        let cy = (s.y0 + s.y1) / 2.0;
        w <= 0.6 * raw.size
            && h <= 0.6 * raw.size
            && (w - h).abs() <= 0.3 * raw.size
            && s.x1 <= raw.x0
            && raw.x0 - s.x1 <= 3.0 * raw.size
            && cy >= raw.base - 0.1 * raw.size
            && cy <= raw.base + 0.8 * raw.size
    })
}

/// Decides where blocks start and rewrites bullets as `- `.
fn mark_blocks(lines: Vec<(TextLine, Info)>, page: &PageInput) -> Vec<(TextLine, bool)> {
    let lead = typical_leading(&lines);
    let starts: Vec<bool> = (0..lines.len())
        .map(|k| {
            k == 0 || {
                let (prev, cur) = (&lines[k - 1], &lines[k]);
                breaks(&prev.0.style, &prev.1, &cur.0.style, &cur.1, lead)
                    || first_line_indent(&lines, k)
            }
        })
        .collect();
    let _ = page;
    lines
        .into_iter()
        .zip(starts)
        .map(|((mut line, info), starts)| {
            if info.bullet {
                make_list_item(&mut line);
            }
            line.style.starts_block = starts;
            (line, starts)
        })
        .collect()
}

fn breaks(ps: &LineStyle, pi: &Info, s: &LineStyle, i: &Info, lead: Option<f32>) -> bool {
    if i.bullet || i.artifact != pi.artifact {
        return true;
    }
    if let (Some(a), Some(b)) = (pi.tag, i.tag) {
        if a.block != b.block {
            return true;
        }
    }
    let dy = s.y - ps.y;
    let size = s.size.max(ps.size).max(0.1);
    if dy < -0.5 * size || (s.size - ps.size).abs() > 0.12 * size {
        return true;
    }
    // A paragraph gap is space added to the leading: with loose leading (dompdf's 1.77) a
    // ratio of 1.4 would hide an 8 pt gap, so half an em over the leading also counts.
    let expected = lead.unwrap_or(1.25).max(0.9) * size;
    if dy > (1.4 * expected).min(expected + (0.25 * expected).max(0.5 * size)) {
        return true;
    }
    s.bold != ps.bold && pi.font != i.font
}

/// A first-line indent: this line starts right of the line before, and the line after
/// returns to that line's left edge. Not when the line before is a list item whose text
/// starts where this line does: that is the item's hanging indent, and this line wraps it.
fn first_line_indent(lines: &[(TextLine, Info)], k: usize) -> bool {
    let (Some(prev), Some(cur), Some(next)) =
        (lines.get(k.wrapping_sub(1)), lines.get(k), lines.get(k + 1))
    else {
        return false;
    };
    let (p, c, n) = (&prev.0.style, &cur.0.style, &next.0.style);
    let size = c.size.max(0.1);
    let indent = c.x - p.x;
    if prev.1.hang.is_some_and(|h| (indent - h).abs() < 0.3 * size) {
        return false;
    }
    let same_size = (p.size - c.size).abs() < 0.5 && (n.size - c.size).abs() < 0.5;
    same_size
        && (0.8 * size..=6.0 * size).contains(&indent)
        && (n.x - p.x).abs() < 0.5 * size
        && n.y > c.y
        && n.y - c.y < 2.0 * size
}

fn make_list_item(line: &mut TextLine) {
    let trimmed = line.text.trim_start();
    let mut chars = trimmed.chars();
    let removed = match chars.next() {
        Some(c) if BULLETS.contains(&c) => line.text.len() - chars.as_str().trim_start().len(),
        _ => 0,
    };
    let rest = line.text[removed..].to_owned();
    line.text = format!("- {rest}");
    let shift = |p: usize| (p.max(removed) - removed) + 2;
    line.marks.retain(|m| m.end > removed);
    for m in &mut line.marks {
        m.start = shift(m.start);
        m.end = shift(m.end);
    }
}

/// The most common line spacing, as a multiple of the type size, between consecutive
/// lines of the same size (so it applies to headings set larger than the body too).
fn typical_leading(lines: &[(TextLine, Info)]) -> Option<f32> {
    let mut d: Vec<i32> = lines
        .windows(2)
        .map(|w| (&w[0].0.style, &w[1].0.style))
        .filter(|(a, b)| (a.size - b.size).abs() < 0.5 && b.size > 0.0)
        .map(|(a, b)| (b.y - a.y) / b.size)
        .filter(|r| *r > 0.5 && *r < 3.0)
        .map(|r| (r * 20.0).round() as i32)
        .collect();
    if d.len() < 2 {
        return None;
    }
    d.sort_unstable();
    let mut best = (0, 0);
    let mut k = 0;
    while k < d.len() {
        let n = d[k..].iter().take_while(|v| **v == d[k]).count();
        if n > best.1 {
            best = (d[k], n);
        }
        k += n;
    }
    Some(best.0 as f32 / 20.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str, x: f32, y: f32, size: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x,
            y,
            width: 0.5 * size * text.chars().count() as f32,
            size,
            space: 0.25 * size,
            bold: false,
            italic: false,
            font: 1,
            mcid: None,
            artifact: false,
            rot: 0,
        }
    }

    fn word(s: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(k, c)| g(&c.to_string(), x + k as f32 * 0.5 * size, y, size))
            .collect()
    }

    fn lay(glyphs: &[Glyph], shapes: &[Shape], links: &[Link]) -> Vec<(TextLine, bool)> {
        layout(&PageInput {
            glyphs,
            shapes,
            links,
            height: 800.0,
            tags: None,
        })
    }

    #[test]
    fn words_from_gaps_and_superscripts() {
        let mut gl = word("decades.", 100.0, 700.0, 10.0);
        gl.extend(word("1", 140.0, 704.0, 6.0));
        gl.extend(word("However", 147.0, 700.0, 10.0));
        let out = lay(&gl, &[], &[]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0.text, "decades.1 However");
        let sup = &out[0].0.marks[0];
        assert_eq!(
            (sup.start, sup.end, &sup.kind),
            (8, 9, &MarkKind::Superscript)
        );
        assert_eq!(out[0].0.style.y, 100.0);
    }

    #[test]
    fn paragraph_gap_starts_block() {
        let mut gl = word("one", 72.0, 700.0, 10.0);
        gl.extend(word("two", 72.0, 688.0, 10.0));
        gl.extend(word("three", 72.0, 676.0, 10.0));
        gl.extend(word("four", 72.0, 650.0, 10.0));
        let starts: Vec<bool> = lay(&gl, &[], &[]).into_iter().map(|(_, s)| s).collect();
        assert_eq!(starts, [true, false, false, true]);
    }

    #[test]
    fn first_line_indent_starts_block() {
        let mut gl = word("end of one.", 72.0, 700.0, 10.0);
        gl.extend(word("Next begins", 82.0, 688.0, 10.0));
        gl.extend(word("and goes on", 72.0, 676.0, 10.0));
        let starts: Vec<bool> = lay(&gl, &[], &[]).into_iter().map(|(_, s)| s).collect();
        assert_eq!(starts, [true, true, false]);
    }

    #[test]
    fn drawn_bullet_makes_list_item() {
        let gl = word("Item", 90.0, 700.0, 10.0);
        let shapes = [Shape {
            x0: 80.0,
            y0: 702.0,
            x1: 83.0,
            y1: 705.0,
        }];
        let out = lay(&gl, &shapes, &[]);
        assert_eq!(out[0].0.text, "- Item");
        let gl = word("• Item", 90.0, 700.0, 10.0);
        assert_eq!(lay(&gl, &[], &[])[0].0.text, "- Item");
    }

    #[test]
    fn hanging_indent_continues_a_text_bullet_item() {
        // A bullet glyph at 90, the item's text at 102; its wrapped line starts at 102 and
        // the next item returns to 90: a hanging indent, not a first-line indent.
        let mut gl = vec![g("•", 90.0, 700.0, 10.0)];
        gl.extend(word("First item runs", 102.0, 700.0, 10.0));
        gl.extend(word("on here;", 102.0, 688.0, 10.0));
        gl.push(g("•", 90.0, 676.0, 10.0));
        gl.extend(word("Second item", 102.0, 676.0, 10.0));
        let out = lay(&gl, &[], &[]);
        let got: Vec<(&str, bool)> = out.iter().map(|(l, s)| (l.text.as_str(), *s)).collect();
        assert_eq!(
            got,
            [
                ("- First item runs", true),
                ("on here;", false),
                ("- Second item", true)
            ]
        );
        // The same shape without a bullet is a paragraph whose second line is indented.
        let mut gl = word("end of one.", 72.0, 700.0, 10.0);
        gl.extend(word("Next begins", 84.0, 688.0, 10.0));
        gl.extend(word("and goes on", 72.0, 676.0, 10.0));
        let starts: Vec<bool> = lay(&gl, &[], &[]).into_iter().map(|(_, s)| s).collect();
        assert_eq!(starts, [true, true, false]);
    }

    #[test]
    fn link_marks_cover_words_only() {
        let gl = word("see a.org now", 100.0, 700.0, 10.0);
        let link = Link {
            uri: "https://a.org".into(),
            areas: vec![[118.0, 695.0, 148.0, 712.0]],
        };
        let out = lay(&gl, &[], &[link]);
        let m = &out[0].0.marks[0];
        assert_eq!(&out[0].0.text[m.start..m.end], "a.org");
    }

    #[test]
    fn rotated_text_makes_one_line() {
        // Bottom-to-top text in the margin, as arXiv stamps it: x fixed, y rising.
        let gl: Vec<Glyph> = "arXiv:1"
            .chars()
            .enumerate()
            .map(|(k, c)| Glyph {
                rot: 1,
                ..g(&c.to_string(), 20.0, 300.0 + 5.0 * k as f32, 10.0)
            })
            .collect();
        let out = lay(&gl, &[], &[]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0.text, "arXiv:1");
        assert_eq!((out[0].0.style.x, out[0].0.style.y), (20.0, 500.0));
    }

    #[test]
    fn two_columns_read_column_by_column() {
        let mut gl = Vec::new();
        for k in 0..5 {
            let y = 700.0 - 12.0 * k as f32;
            gl.extend(word(&format!("left column line {k}"), 72.0, y, 10.0));
            gl.extend(word(&format!("right column line {k}"), 320.0, y, 10.0));
        }
        let texts: Vec<String> = lay(&gl, &[], &[])
            .into_iter()
            .map(|(l, _)| l.text)
            .collect();
        assert_eq!(texts[0], "left column line 0");
        assert_eq!(texts[4], "left column line 4");
        assert_eq!(texts[5], "right column line 0");
    }

    fn texts(out: &[(TextLine, bool)]) -> Vec<&str> {
        out.iter().map(|(l, _)| l.text.as_str()).collect()
    }

    #[test]
    fn order_comes_from_the_page_not_from_the_drawing() {
        // WeasyPrint draws the body first and the running head and foot last.
        let mut gl = word("Body line one", 72.0, 700.0, 10.0);
        gl.extend(word("Body line two", 72.0, 686.0, 10.0));
        gl.extend(word("Page 1 of 2", 72.0, 30.0, 8.0));
        gl.extend(word("Running head", 72.0, 770.0, 8.0));
        let out = lay(&gl, &[], &[]);
        assert_eq!(
            texts(&out),
            [
                "Running head",
                "Body line one",
                "Body line two",
                "Page 1 of 2"
            ]
        );
    }

    #[test]
    fn a_bullet_drawn_after_its_item_joins_it() {
        let mut gl = word("First item", 90.0, 700.0, 10.0);
        gl.extend(word("Second item", 90.0, 686.0, 10.0));
        gl.push(g("•", 76.0, 700.0, 10.0));
        gl.push(g("•", 76.0, 686.0, 10.0));
        let out = lay(&gl, &[], &[]);
        assert_eq!(texts(&out), ["- First item", "- Second item"]);
        assert!(out.iter().all(|(_, starts)| *starts));
    }

    #[test]
    fn word_breaks_come_from_gaps_not_from_space_glyphs() {
        // dompdf: a space glyph that the next word (new font, new link) overlaps.
        let mut gl = word("future.”", 72.0, 700.0, 10.0);
        let end = 72.0 + 8.0 * 5.0;
        gl.push(Glyph {
            width: 2.5,
            ..g(" ", end + 1.0, 700.0, 10.0)
        });
        gl.extend(word("Foreign", end + 2.8, 700.0, 10.0));
        // Ghostscript: a space glyph used as a kern, advancing by almost nothing.
        let mut kern = word("ev", 72.0, 680.0, 10.0);
        kern.push(Glyph {
            width: 0.1,
            ..g(" ", 82.0, 680.0, 10.0)
        });
        kern.extend(word("en", 82.1, 680.0, 10.0));
        gl.extend(kern);
        let out = lay(&gl, &[], &[]);
        assert_eq!(texts(&out), ["future.” Foreign", "even"]);
    }

    #[test]
    fn letter_spaced_type_keeps_its_words() {
        // Every glyph 1.5 pt apart, words 5 pt apart: the line's own gaps set the bar.
        let mut gl = Vec::new();
        let mut x = 72.0;
        for w in ["SPACED", "OUT", "TITLE"] {
            for c in w.chars() {
                gl.push(g(&c.to_string(), x, 700.0, 10.0));
                x += 5.0 + 1.5;
            }
            x += 3.5;
        }
        assert_eq!(texts(&lay(&gl, &[], &[])), ["SPACED OUT TITLE"]);
    }

    #[test]
    fn inline_links_far_apart_are_separate_lines() {
        let mut gl = word("lens", 72.0, 700.0, 10.0);
        gl.extend(word("mass spectrometry", 72.0 + 20.0 + 14.0, 700.0, 10.0));
        let area = |x0: f32, x1: f32| vec![[x0, 697.0, x1, 710.0]];
        let links = [
            Link {
                uri: "https://j.org/tags/lens".into(),
                areas: area(72.0, 92.0),
            },
            Link {
                uri: "https://j.org/tags/mass-spectrometry".into(),
                areas: area(106.0, 191.0),
            },
        ];
        let out = lay(&gl, &[], &links);
        assert_eq!(texts(&out), ["lens", "mass spectrometry"]);
        // One link with a wide gap inside it stays one line.
        let one = [Link {
            uri: "https://j.org/x".into(),
            areas: area(72.0, 191.0),
        }];
        assert_eq!(texts(&lay(&gl, &[], &one)).len(), 1);
    }

    #[test]
    fn a_paragraph_gap_under_loose_leading_starts_a_block() {
        // Leading 21.25 pt for 12 pt type, paragraphs 8 pt apart (dompdf).
        let mut gl = Vec::new();
        let mut y = 700.0;
        for k in 0..6 {
            gl.extend(word(&format!("line {k} of text"), 72.0, y, 12.0));
            y -= if k == 2 { 29.3 } else { 21.25 };
        }
        let starts: Vec<bool> = lay(&gl, &[], &[]).iter().map(|(_, s)| *s).collect();
        assert_eq!(starts, [true, false, false, true, false, false]);
    }
}
