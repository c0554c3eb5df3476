#!/usr/bin/env python3
"""Converts each producer's PDF of each article to JATS with offprint and scores it with
../shared/eval/score_jats.py --pdf against the article's gold; prints a producer x article
table of fidelity (%) with the mean per producer and per article.

    scripts/score-producers.py [PDF_DIR] [--bin target/release/offprint] [--only PRODUCER,...]
                               [--show ID] [--min MEAN]

PDF_DIR (default target/producers) is what scripts/make-producer-pdfs.sh writes:
PDF_DIR/PRODUCER/ID.pdf. The sample article (global-e-2960) has no gold in ../shared; its
gold is derived from its HTML by scripts/producers/html2gold.py (which reproduces the training
articles' gold exactly). --show ID prints the scorer's misses for that article. Exits 1 when
the overall mean is below --min.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PRODUCERS = ["chromium", "weasyprint", "wkhtmltopdf", "dompdf", "tcpdf", "pdfroff"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf_dir", nargs="?", default=os.path.join(ROOT, "target/producers"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/offprint"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "../shared"))
    ap.add_argument("--only", default="")
    ap.add_argument("--show", default="")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--min", type=float, default=0.0)
    a = ap.parse_args()
    scorer = os.path.join(a.shared, "eval/score_jats.py")
    arts = os.path.join(a.shared, "corpus/articles")
    tmp = tempfile.mkdtemp(prefix="offprint-score-")
    golds = {d: os.path.join(arts, d, "gold.json") for d in sorted(os.listdir(arts))
             if os.path.isfile(os.path.join(arts, d, "gold.json"))}
    sample_html = os.path.join(a.shared, "samples/src/global-e-2960.html")
    if os.path.isfile(sample_html):
        g = os.path.join(tmp, "global-e-2960.gold.json")
        with open(g, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "producers/html2gold.py"), sample_html],
                           stdout=f, check=True)
        golds["global-e-2960"] = g
    producers = [p for p in PRODUCERS if os.path.isdir(os.path.join(a.pdf_dir, p))]
    if a.only:
        producers = [p for p in producers if p in a.only.split(",")]

    def score(job):
        p, art = job
        pdf = os.path.join(a.pdf_dir, p, art + ".pdf")
        if not os.path.exists(pdf):
            return job, None, ""
        out = os.path.join(tmp, f"{p}-{art}.xml")
        r = subprocess.run([a.bin, "convert", pdf, "-o", out, "--to", "jats"],
                           capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            return job, 0.0, r.stderr
        s = subprocess.run([sys.executable, scorer, golds[art], out, "--pdf"],
                           capture_output=True, text=True, timeout=300)
        m = re.search(r"fidelity: ([\d.]+)%", s.stdout)
        return job, float(m.group(1)) if m else 0.0, s.stdout

    jobs = [(p, art) for p in producers for art in golds]
    with ThreadPoolExecutor(a.jobs) as ex:
        res = {job: (v, log) for job, v, log in ex.map(score, jobs)}
    short = {art: art.replace("elife-kitchen-sink", "kitchen").replace("phytokeys_24609", "phyto")
             .replace("pntd.0008301", "pntd").replace("pone.0234687", "pone").replace("global-e-2960", "sample")
             .replace("elife-02833-v2", "el02833").replace("elife-56337", "el56337").replace("elife", "el")
             for art in golds}
    print(f"{'producer':<12}" + "".join(f"{short[t]:>9}" for t in golds) + f"{'mean':>8}{'min':>7}")
    allv = []
    for p in producers:
        vals = [res[(p, t)][0] for t in golds]
        got = [v for v in vals if v is not None]
        allv += got
        cells = "".join(f"{v:9.1f}" if v is not None else f"{'-':>9}" for v in vals)
        mean = sum(got) / len(got) if got else 0.0
        print(f"{p:<12}{cells}{mean:8.1f}{min(got) if got else 0:7.1f}")
    col = []
    for t in golds:
        v = [res[(p, t)][0] for p in producers if res[(p, t)][0] is not None]
        col.append(sum(v) / len(v) if v else None)
    print(f"{'mean':<12}" + "".join(f"{v:9.1f}" if v is not None else f"{'-':>9}" for v in col))
    overall = sum(allv) / len(allv) if allv else 0.0
    print(f"overall mean {overall:.1f}% over {len(allv)} PDFs")
    if a.show:
        for p in producers:
            v, log = res.get((p, a.show), (None, ""))
            print(f"\n== {p} {a.show}: {v}\n{log}")
    return 1 if overall < a.min else 0


if __name__ == "__main__":
    sys.exit(main())
