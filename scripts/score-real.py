#!/usr/bin/env python3
"""Scores offprint (and optionally pymupdf4llm) on real papers with third-party ground truth.

usage: scripts/score-real.py [--bin target/release/offprint] [--pymupdf4llm] [--corpus DIR] [-v]

Corpus: DIR/docling/*.pdf with docling's reviewed Markdown in DIR/docling/groundtruth/*.md,
and DIR/cermine/test{1,3}.pdf with their JATS front matter (test{1,3}-metadata.xml).
DIR defaults to ../shared/corpus/real (run from the repository root).

How each tool is read:
- offprint: `offprint convert X.pdf --to json` (the document model). Its headings are the body's
  `heading` blocks, preceded by `meta.title` when set (docling's Markdown prints the title as a
  heading too). Its text blocks are paragraphs, each list item, figure captions, block-quote
  paragraphs, pull quotes, notes, the acknowledgement and the abstract.
- pymupdf4llm (`--pymupdf4llm`, needs `import pymupdf4llm`): `to_markdown(X.pdf)`, read like the
  gold Markdown below.
- gold Markdown: blocks are separated by blank lines; a line starting with `#` is a heading;
  each `- `/`* `/`N. ` line of a list is its own block; table rows (`|`), `<!-- image -->`,
  images and code fences are not text blocks.

Text is normalised before comparing: NFKC, Markdown emphasis and escapes removed, control and
private-use characters dropped, lower case, whitespace collapsed. Similarity is difflib's SequenceMatcher ratio.

Metrics (docling part; counts are pooled over all documents, then divided):
- heading recall: gold headings matched by an output heading (ratio >= 0.9, one-to-one,
  best pairs first) / gold headings.
- heading precision: output headings matched that way / output headings.
- junk headings per document: output headings that match no gold heading and no gold text
  block (ratio >= 0.9) and are not the opening words of a gold text block (a run-in heading
  split off) -- table cells, chart ticks, footnote markers, fragments; divided by the number
  of documents.
- paragraphs one-to-one: gold text blocks paired with one output text block (ratio >= 0.9,
  one-to-one, best pairs first, so a paragraph the document repeats needs as many copies) /
  gold text blocks. A block split in two, merged with its neighbour, or turned into a
  heading fails.
- title: documents whose first gold heading matches the output's title (offprint: `meta.title`,
  or its first heading when it has none; pymupdf4llm: its first heading), ratio >= 0.9.
Metadata part (cermine): title = `article-title` matches `meta.title` (ratio >= 0.9); authors =
gold `string-name`s found (ratio >= 0.9) among `meta.authors` / gold authors.
"""

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

THRESHOLD = 0.9


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", s)  # images
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)  # links
    s = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|~@])", r"\1", s)  # escapes
    s = re.sub(r"[*_`]+", "", s)
    s = re.sub(r"<[^>]+>", " ", s)
    s = s.replace("\u00ad", "")
    # Control and private-use characters (docling's gold keeps some checkbox glyphs as U+0084).
    s = "".join(c if unicodedata.category(c) not in ("Cc", "Co") else " " for c in s)
    s = re.sub(r"\s+", " ", s).strip().lower()
    return s


def ratio(a, b):
    if not a or not b:
        return 0.0
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < THRESHOLD or m.quick_ratio() < THRESHOLD:
        return 0.0
    return m.ratio()


LIST_ITEM = re.compile(r"^\s*(?:[-*+•]\s+|\d+[.)]\s+)")


def md_blocks(text):
    """(headings, text blocks) of a Markdown document, normalised."""
    heads, paras = [], []
    in_code = False
    chunk = []

    def flush():
        if not chunk:
            return
        lines = list(chunk)
        chunk.clear()
        if all(LIST_ITEM.match(l) for l in lines[:1]) and len(lines) > 1 and all(
            LIST_ITEM.match(l) or l.startswith((" ", "\t")) for l in lines
        ):
            item = []
            for l in lines:
                if LIST_ITEM.match(l) and item:
                    paras.append(norm(" ".join(item)))
                    item = []
                item.append(LIST_ITEM.sub("", l, count=1) if LIST_ITEM.match(l) else l)
            if item:
                paras.append(norm(" ".join(item)))
            return
        body = " ".join(LIST_ITEM.sub("", l, count=1) if k == 0 else l for k, l in enumerate(lines))
        n = norm(body)
        if n:
            paras.append(n)

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.lstrip().startswith("```"):
            flush()
            in_code = not in_code
            continue
        if in_code:
            continue
        s = line.strip()
        if not s:
            flush()
            continue
        if s.startswith("#"):
            flush()
            h = norm(s.lstrip("#"))
            if h:
                heads.append(h)
            continue
        if s.startswith("|") or s.startswith("<!--") or re.fullmatch(r"!\[[^\]]*\]\([^)]*\)", s):
            flush()
            continue
        if LIST_ITEM.match(line) and chunk and not LIST_ITEM.match(chunk[0]):
            flush()
        chunk.append(s if not LIST_ITEM.match(line) else line.strip())
    flush()
    return heads, [p for p in paras if p]


def plain(inlines):
    out = []
    for i in inlines or []:
        t = i.get("type")
        if t == "text":
            out.append(i.get("text", ""))
        elif t == "note_ref":
            out.append(i.get("label", ""))
        else:
            out.append(plain(i.get("content")))
    return "".join(out)


def offprint_model(binary, pdf):
    r = subprocess.run(
        [binary, "convert", pdf, "--to", "json", "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if r.returncode != 0:
        sys.stderr.write(f"offprint failed on {pdf}: {r.stderr.strip()}\n")
        return None
    return json.loads(r.stdout)


def offprint_blocks(doc):
    heads, paras = [], []
    title = doc["meta"].get("title")
    if title:
        heads.append(norm(title))
    for b in doc.get("body", []):
        t = b.get("type")
        if t == "heading":
            heads.append(norm(plain(b["content"])))
        elif t in ("paragraph", "pull_quote"):
            paras.append(norm(plain(b["content"])))
        elif t == "list":
            paras.extend(norm(plain(i)) for i in b["items"])
        elif t == "figure":
            paras.append(norm(plain(b["caption"])))
        elif t == "block_quote":
            paras.extend(norm(plain(p)) for p in b["paragraphs"])
    for n in doc.get("notes", []):
        paras.append(norm(n.get("label", "") + " " + plain(n["content"])))
    if doc.get("acknowledgement"):
        paras.append(norm(plain(doc["acknowledgement"]["content"])))
    if doc["meta"].get("abstract"):
        paras.append(norm(plain(doc["meta"]["abstract"])))
    return [h for h in heads if h], [p for p in paras if p]


def match_one_to_one(gold, out):
    """Greedy best-first one-to-one matching; returns the number of matched pairs."""
    pairs = []
    for i, g in enumerate(gold):
        for j, o in enumerate(out):
            r = ratio(g, o)
            if r >= THRESHOLD:
                pairs.append((r, i, j))
    pairs.sort(reverse=True)
    used_g, used_o = set(), set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_o:
            used_g.add(i)
            used_o.add(j)
    return used_g, used_o


def is_junk(h, gold_heads, gold_paras):
    if any(ratio(h, g) >= THRESHOLD for g in gold_heads):
        return False
    if any(ratio(h, p) >= THRESHOLD for p in gold_paras):
        return False
    words = h.split()
    if len(words) >= 2 and any(p.startswith(h.rstrip(".:")) for p in gold_paras):
        return False
    return True


def score_doc(gold_md, heads, paras, title_out, verbose, name):
    gh, gp = md_blocks(gold_md)
    mg, mo = match_one_to_one(gh, heads)
    junk = [h for k, h in enumerate(heads) if k not in mo and is_junk(h, gh, gp)]
    mp, _ = match_one_to_one(gp, paras)
    one = len(mp)
    missed = [g for k, g in enumerate(gp) if k not in mp]
    title_ok = bool(gh) and title_out is not None and ratio(gh[0], norm(title_out)) >= THRESHOLD
    if verbose:
        print(f"--- {name}: gold headings {len(gh)}, output {len(heads)}, matched {len(mg)}")
        for k, g in enumerate(gh):
            if k not in mg:
                print(f"   missed heading: {g[:90]!r}")
        for k, h in enumerate(heads):
            if k not in mo:
                tag = "JUNK" if h in junk else "extra"
                print(f"   {tag} heading: {h[:90]!r}")
        for g in missed:
            print(f"   paragraph missed: {g[:90]!r}")
    return {
        "gold_heads": len(gh),
        "out_heads": len(heads),
        "matched_heads": len(mg),
        "junk": len(junk),
        "gold_paras": len(gp),
        "one_to_one": one,
        "title": title_ok,
    }


def pymupdf_md(pdf):
    import pymupdf4llm  # noqa: PLC0415

    return pymupdf4llm.to_markdown(pdf)


def summarise(rows):
    s = lambda k: sum(r[k] for r in rows)  # noqa: E731
    pct = lambda a, b: 100.0 * a / b if b else 0.0  # noqa: E731
    return {
        "heading recall": pct(s("matched_heads"), s("gold_heads")),
        "heading precision": pct(s("matched_heads"), s("out_heads")),
        "paragraphs one-to-one": pct(s("one_to_one"), s("gold_paras")),
        "title": pct(sum(1 for r in rows if r["title"]), len(rows)),
        "junk headings / doc": s("junk") / len(rows) if rows else 0.0,
    }


def cermine_meta(binary, corpus, verbose):
    rows = []
    ns = {}
    for stem in ("test1", "test3"):
        pdf = os.path.join(corpus, "cermine", stem + ".pdf")
        xml = os.path.join(corpus, "cermine", stem + "-metadata.xml")
        if not (os.path.exists(pdf) and os.path.exists(xml)):
            continue
        root = ET.parse(xml).getroot()
        title = "".join(root.find(".//article-title", ns).itertext())
        authors = ["".join(e.itertext()) for e in root.iter("string-name")]
        doc = offprint_model(binary, pdf)
        if doc is None:
            continue
        got_title = doc["meta"].get("title") or ""
        got = [norm(a.get("name", "")) for a in doc["meta"].get("authors", [])]
        found = sum(1 for a in authors if any(ratio(norm(a), g) >= THRESHOLD for g in got))
        rows.append((ratio(norm(title), norm(got_title)) >= THRESHOLD, found, len(authors)))
        if verbose:
            print(f"--- cermine/{stem}: title {got_title!r}; authors {got}")
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default="target/release/offprint")
    ap.add_argument("--corpus", default="../shared/corpus/real")
    ap.add_argument("--pymupdf4llm", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--only", help="score only PDFs whose name contains this")
    a = ap.parse_args()
    ddir = os.path.join(a.corpus, "docling")
    pdfs = sorted(f for f in os.listdir(ddir) if f.endswith(".pdf"))
    if a.only:
        pdfs = [p for p in pdfs if a.only in p]
    tools = {"offprint": []}
    if a.pymupdf4llm:
        tools["pymupdf4llm"] = []
    for f in pdfs:
        stem = f[:-4]
        gold = open(os.path.join(ddir, "groundtruth", stem + ".md"), encoding="utf-8").read()
        pdf = os.path.join(ddir, f)
        doc = offprint_model(a.bin, pdf)
        if doc is not None:
            heads, paras = offprint_blocks(doc)
            title = doc["meta"].get("title") or next(
                (plain(b["content"]) for b in doc["body"] if b.get("type") == "heading"), None
            )
            tools["offprint"].append(score_doc(gold, heads, paras, title, a.verbose, "offprint " + stem))
        if a.pymupdf4llm:
            md = pymupdf_md(pdf)
            heads, paras = md_blocks(md)
            tools["pymupdf4llm"].append(
                score_doc(gold, heads, paras, heads[0] if heads else None, a.verbose, "pymupdf4llm " + stem)
            )
    print(f"docling ground truth, {len(pdfs)} PDFs")
    sums = {t: summarise(r) for t, r in tools.items()}
    keys = list(next(iter(sums.values())).keys())
    print(f"{'metric':24}" + "".join(f"{t:>14}" for t in sums))
    for k in keys:
        cells = "".join(
            f"{v[k]:>13.1f}%" if not k.startswith("junk") else f"{v[k]:>14.2f}" for v in sums.values()
        )
        print(f"{k:24}{cells}")
    meta = cermine_meta(a.bin, a.corpus, a.verbose)
    if meta:
        t = sum(1 for m in meta if m[0])
        fa, na = sum(m[1] for m in meta), sum(m[2] for m in meta)
        print(f"cermine metadata ({len(meta)} PDFs), offprint: title {t}/{len(meta)}, authors {fa}/{na}")


if __name__ == "__main__":
    main()
