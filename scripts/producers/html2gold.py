#!/usr/bin/env python3
"""Derive a gold file (the format of ../shared/corpus/articles/*/gold.json, the fields
../shared/eval/score_jats.py reads) from a print-view article HTML of the journal's shape.

    html2gold.py ARTICLE.html > gold.json

Used for the sample article, which has no gold; on the training articles it reproduces their
gold's body, notes and metadata (checked with --check GOLD.json). Standard library only.
"""
import html.parser
import json
import re
import sys


def norm(t):
    return re.sub(r"\s+", " ", t.replace("\u00a0", " ")).strip()


class Gold(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ctx = []  # (tag, class)
        self.buf = None
        self.links = []
        self.refs = []
        self.in_sup = False
        self.g = {"meta": {"authors": [], "keywords": []}, "body": [], "note_refs": [],
                  "ack": "", "notes": [], "pull_quotes": [],
                  "forbidden": ["View PDF", "________", "Page 1 of", "Published on Global-e Journal"]}

    def within(self, cls):
        return any(cls in c.split() for _, c in self.ctx)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.ctx.append((tag, a.get("class") or ""))
        if tag in ("p", "h1", "h2", "li", "figcaption"):
            self.buf, self.links, self.refs = [], [], []
        elif tag == "a" and self.buf is not None and a.get("href"):
            self.links.append(a["href"])
        elif tag == "sup":
            self.in_sup = True
            self.sup = []

    def handle_endtag(self, tag):
        if not self.ctx:
            return
        t, c = self.ctx.pop()
        if tag == "sup":
            self.in_sup = False
            self.refs.append("".join(self.sup).strip())
            return
        if tag not in ("p", "h1", "h2", "li", "figcaption") or self.buf is None:
            return
        text = norm("".join(self.buf))
        self.buf = None
        g, m = self.g, self.g["meta"]
        if not text:
            return
        if tag == "h1":
            m["title"] = text
        elif tag == "figcaption":
            m["caption"] = text
        elif "meta" in c.split():
            v = re.search(r"Volume (\S+), Issue (\S+)", text)
            if v:
                m["volume"], m["issue"] = v.group(1), v.group(2)
        elif "byline" in c.split():
            m["authors"] = [norm(x) for x in re.split(r",| and ", text) if norm(x)]
        elif "bio" in c.split():
            m["bio"] = text
        elif self.within("tags"):
            if tag == "li":
                m["keywords"].append(text)
        elif self.within("notes"):
            n = re.match(r"(\d+)\.\s*(.*)", text)
            if n:
                g["notes"].append([n.group(1), n.group(2), self.links])
        elif "ack" in c.split():
            g["ack"] = text.lstrip("*")
        elif self.within("pullquote"):
            g["pull_quotes"].append(text)
        elif "viewpdf" in c.split() or "published" in c.split() or "site" in c.split():
            pass
        elif self.within("body"):
            kind = {"h2": "h", "li": "li"}.get(tag, "p")
            i = len(g["body"])
            g["body"].append([kind, text])
            for r in self.refs:
                g["note_refs"].append([r, i])
            if text.endswith("*") or "*" in "".join(self.refs):
                g["body"][-1][1] = text.rstrip("*")
                g["note_refs"].append(["*", i])

    def handle_data(self, d):
        if self.in_sup:
            self.sup.append(d)
        elif self.buf is not None:
            self.buf.append(d)


def main():
    p = Gold()
    p.feed(open(sys.argv[1], encoding="utf-8").read())
    g = p.g
    if "--check" in sys.argv:
        ref = json.load(open(sys.argv[sys.argv.index("--check") + 1]))
        bad = 0
        for key in ("body", "notes", "ack", "pull_quotes"):
            if ref[key] != g[key]:
                bad += 1
                print(f"{key} differs", file=sys.stderr)
        for key in ("title", "authors", "bio", "keywords", "caption", "volume", "issue"):
            if ref["meta"].get(key) != g["meta"].get(key):
                bad += 1
                print(f"meta {key} differs: {ref['meta'].get(key)!r} / {g['meta'].get(key)!r}", file=sys.stderr)
        if sorted(map(tuple, ref["note_refs"])) != sorted(map(tuple, g["note_refs"])):
            bad += 1
            print("note_refs differ", file=sys.stderr)
        return 1 if bad else 0
    json.dump(g, sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
