#!/usr/bin/env python3
"""Turn a print-view article HTML (the journal's shape) into a groff -ms document.

    html2ms.py ARTICLE.html > article.ms

Only what a typesetter would be given: title, series/issue line, byline, paragraphs,
section headings, bullet lists, pull quotes (indented, larger italic), the acknowledgement,
notes, tags and the bio. Links become their visible text; images are left out (a caption
stays). Standard library only.
"""
import html
import html.parser
import re
import sys


def esc(t):
    """Text safe for troff: backslashes, and a leading dot or quote guarded."""
    t = t.replace("\u00a0", "\\~")
    lines = []
    for ln in t.split("\n"):
        ln = ln.strip()
        if ln.startswith((".", "'")):
            ln = "\\&" + ln
        lines.append(ln)
    return "\n".join(l for l in lines if l)


class MS(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.buf = []
        self.stack = []  # open block context
        self.cls = []
        self.skip = 0
        self.in_style = False
        self.in_sup = False

    def flush(self):
        t = re.sub(r"[ \t\r\n]+", " ", "".join(self.buf)).strip()
        self.buf = []
        return t

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        c = a.get("class", "") or ""
        self.cls.append(c)
        if tag in ("style", "title", "head"):
            self.skip += 1
        elif tag == "sup":
            self.buf.append("\\u")  # marker, replaced below
            self.in_sup = True
        elif tag in ("em", "i"):
            self.buf.append("\\fI")
        elif tag in ("strong", "b"):
            self.buf.append("\\fB")
        elif tag == "br":
            self.buf.append("\n")
        elif tag == "hr":
            self.out.append(".sp\n\\l'1.5i'\n")

    def handle_endtag(self, tag):
        c = self.cls.pop() if self.cls else ""
        if tag in ("style", "title", "head"):
            self.skip -= 1
            return
        if tag == "sup":
            self.buf.append("\\d")
            return
        if tag in ("em", "i", "strong", "b"):
            self.buf.append("\\fP")
            return
        if tag not in ("p", "h1", "h2", "h3", "li", "div", "figcaption"):
            return
        t = self.flush()
        # superscripts: \u ... \d with a smaller size
        t = t.replace("\\u", "\\s-3\\v'-0.4m'").replace("\\d", "\\v'0.4m'\\s+3")
        if not t or t == "\\~":
            return
        if tag == "h1":
            self.out.append(".LP\n.ps 18\n.vs 22p\n\\fB" + esc(t) + "\\fP\n.ps\n.vs\n")
        elif tag == "h2":
            self.out.append(".SH\n" + esc(t) + "\n")
        elif tag == "h3":
            self.out.append(".SH\n" + esc(t) + "\n")
        elif tag == "li":
            if "tags" in " ".join(self.cls):
                self.out.append(".LP\n" + esc(t) + "\n")
            else:
                self.out.append(".IP \\(bu 2\n" + esc(t) + "\n")
        elif "site" in c:
            self.out.append(".LP\n\\fB" + esc(t) + "\\fP\n")
        elif "byline" in c:
            self.out.append(".LP\n\\fI" + esc(t) + "\\fP\n")
        elif "meta" in c or "published" in c:
            self.out.append(".LP\n" + esc(t) + "\n")
        elif "pullquote" in " ".join(self.cls):
            self.out.append(".QS\n.ps +3\n.vs +4p\n\\fI" + esc(t) + "\\fP\n.ps\n.vs\n.QE\n")
        elif tag in ("p", "figcaption", "div"):
            self.out.append(".PP\n" + esc(t) + "\n")

    def handle_data(self, d):
        if self.skip:
            return
        self.buf.append(d.replace("\\", "\\e"))


def main():
    src = open(sys.argv[1], encoding="utf-8").read()
    p = MS()
    p.feed(src)
    print('.nr PS 11\n.nr VS 14\n.nr HM 1i\n.nr FM 1i\n.ds CH\n.ds CF \\\\n%\n.ds LH Global-e Journal\n.ds RH\n.ND\n')
    print("".join(p.out))


if __name__ == "__main__":
    main()
