#!/usr/bin/env python3
"""Word agreement and speed of offprint against poppler's pdftotext on a corpus of real PDFs.

    scripts/corpus-f1.py [CORPUS_DIR] [--bin target/release/offprint] [--min 0.95]

For every PDF under CORPUS_DIR (default ../shared/corpus/real), runs `offprint convert
--to markdown` and `pdftotext -layout`, and reports per file the bag-of-words F1 of
offprint's Markdown (markup stripped) against pdftotext's words, and the time ratio of
offprint (PDF to JATS) to pdftotext, with offprint's peak memory. A file offprint refuses is
listed with its one-line reason and left out of the average. Exits 1 when the mean F1 is
below --min.

Words are compared case-folded, with punctuation trimmed and hyphens dropped, as the two
tools legitimately differ in where they join line-end hyphens and what they call punctuation;
running headers, footers and page numbers that offprint removes on purpose count against it.
"""
import argparse
import collections
import os
import re
import resource
import subprocess
import sys
import time
import unicodedata

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def words(text):
    text = unicodedata.normalize("NFKC", text)
    for k, v in LIGATURES.items():
        text = text.replace(k, v)
    out = collections.Counter()
    for w in text.split():
        w = w.strip(".,;:!?()[]{}\"'“”‘’«»*_`<>|#").replace("-", "").replace("\u00ad", "").lower()
        if w and any(c.isalnum() for c in w):
            out[w] += 1
    return out


def strip_markdown(md):
    # YAML metadata block, footnote labels, link targets, escapes, emphasis markers.
    md = re.sub(r"\A---\n.*?\n---\n", "", md, flags=re.S)
    md = re.sub(r"\[\^[^\]]+\]:?", " ", md)
    md = re.sub(r"\]\(<?[^)\s>]*>?\)", "]", md)
    md = re.sub(r"<!--.*?-->", " ", md, flags=re.S)
    md = md.replace("\\", "")
    md = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), md)
    md = md.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return re.sub(r"(?m)^\s{0,3}(#+|[-*+]|\d+[.)]|>)\s", " ", md)


def f1(a, b):
    common = sum((a & b).values())
    if not a or not b:
        return 1.0 if not a and not b else 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def run(cmd):
    """(stdout, stderr, returncode, seconds, peak KiB) of cmd."""
    t = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, capture_output=True, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p.stdout, p.stderr, p.returncode, max(cpu, time.perf_counter() - t if cpu == 0 else cpu), after.ru_maxrss


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=os.path.join(here, "../../shared/corpus/real"))
    ap.add_argument("--bin", default=os.path.join(here, "../target/release/offprint"))
    ap.add_argument("--min", type=float, default=0.95)
    args = ap.parse_args()
    pdfs = sorted(
        os.path.join(d, f)
        for d, _, fs in os.walk(args.corpus)
        for f in fs
        if f.lower().endswith(".pdf")
    )
    if not pdfs:
        sys.exit(f"no PDFs under {args.corpus}")
    print(f"{'file':<58} {'pages':>5} {'F1':>6} {'time x':>7} {'MiB':>6}")
    scores, ratios, refused = [], [], []
    for pdf in pdfs:
        name = os.path.relpath(pdf, args.corpus)
        md, err, rc, _, _ = run([args.bin, "convert", pdf, "--to", "markdown", "--no-sidecar"])
        if rc != 0:
            refused.append((name, err.decode(errors="replace").strip()))
            print(f"{name:<58} refused: {err.decode(errors='replace').strip()[:80]}")
            continue
        _, _, _, t_jats, _ = run([args.bin, "convert", pdf, "--to", "jats", "-o", os.devnull])
        ptt, _, prc, t_ptt, _ = run(["pdftotext", "-layout", pdf, "-"])
        if prc != 0:
            print(f"{name:<58} pdftotext failed; skipped")
            continue
        # Peak memory of offprint alone, from a fresh process.
        peak = subprocess.run(
            ["/usr/bin/time", "-f", "%M", args.bin, "convert", pdf, "--to", "jats", "-o", os.devnull],
            capture_output=True,
        ).stderr.decode().strip().splitlines()
        peak_mib = int(peak[-1]) / 1024 if peak and peak[-1].isdigit() else float("nan")
        pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        m = re.search(r"Pages:\s+(\d+)", pages)
        score = f1(words(strip_markdown(md.decode(errors="replace"))), words(ptt.decode(errors="replace")))
        ratio = t_jats / t_ptt if t_ptt > 0 else float("nan")
        scores.append(score)
        ratios.append(ratio)
        print(f"{name:<58} {m.group(1) if m else '?':>5} {score:6.3f} {ratio:6.2f}x {peak_mib:6.1f}")
    mean = sum(scores) / len(scores) if scores else 0.0
    ratios.sort()
    median = ratios[len(ratios) // 2] if ratios else float("nan")
    print(
        f"\n{len(scores)} converted, {len(refused)} refused; mean F1 {mean:.3f} "
        f"(min {min(scores):.3f}); offprint/pdftotext time: median {median:.2f}x, "
        f"total {sum(ratios) / max(len(ratios), 1):.2f}x mean"
    )
    for name, why in refused:
        print(f"refused: {name}: {why}")
    sys.exit(0 if mean >= args.min else 1)


if __name__ == "__main__":
    main()
