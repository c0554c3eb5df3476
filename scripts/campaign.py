#!/usr/bin/env python3
"""Black-box robustness campaign against the release binary.

usage: scripts/campaign.py [--pdfs N] [--texts N] [--jobs 2] [--seed S] [--keep DIR]
                           [--bin target/release/offprint] [--mem-mib 1024] [--timeout 10]

Mutates the bundled samples (and, when ../shared/corpus/real is beside the checkout, real
papers): PDFs by bit flips, byte runs, truncation, splicing two files, and number edits in
xref offsets, /Length, /Count, /N and array sizes (on `qpdf --qdf --object-streams=disable`
copies when qpdf is installed, so the numbers are in plain text); text exports by duplicated
lines, huge lines, repeated URL-dump lines, odd dump lines, and random byte noise. Each input
runs through `offprint convert FILE -o OUT.xml` under an address-space cap (`ulimit -v`) and a
timeout, `--jobs` at a time. Prints counts of converted / refused / crashed / hung /
out-of-memory, and copies every crash, hang and OOM input to --keep (default
target/campaign/findings) so it can become a regression input under tests/.

The same seed gives the same inputs.
"""
import argparse
import concurrent.futures as cf
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def seeds():
    pdfs = [os.path.join(ROOT, "samples", f) for f in sorted(os.listdir(os.path.join(ROOT, "samples"))) if f.endswith(".pdf")]
    real = os.path.join(ROOT, "..", "shared", "corpus", "real")
    if os.path.isdir(real):
        for d, _, fs in sorted(os.walk(real)):
            pdfs += [os.path.join(d, f) for f in sorted(fs) if f.endswith(".pdf")]
    texts = [os.path.join(ROOT, "samples", "global-e-2960.txt")]
    arts = os.path.join(ROOT, "..", "shared", "corpus", "articles")
    if os.path.isdir(arts):
        texts += [os.path.join(arts, a, "article.txt") for a in sorted(os.listdir(arts)) if os.path.isfile(os.path.join(arts, a, "article.txt"))]
    return pdfs, texts


def qdf(path, tmp):
    if not shutil.which("qpdf"):
        return None
    out = os.path.join(tmp, "qdf-" + os.path.basename(path))
    r = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, out], capture_output=True)
    return out if r.returncode in (0, 3) and os.path.exists(out) else None


NUM = re.compile(rb"(/Length|/Count|/N|/First|/Size|/W \[|/Widths \[) ?(\d+)|(\d{10}) (\d{5}) [nf]")


def mutate_pdf(data, other, rnd):
    b = bytearray(data)
    kind = rnd.choice(["flip", "run", "truncate", "splice", "number", "number", "dup"])
    if kind == "flip":
        for _ in range(rnd.randint(1, 20)):
            i = rnd.randrange(len(b))
            b[i] ^= 1 << rnd.randrange(8)
    elif kind == "run":
        i = rnd.randrange(len(b))
        b[i:i + rnd.randint(1, 64)] = bytes([rnd.randrange(256)]) * rnd.randint(1, 64)
    elif kind == "truncate":
        b = b[: rnd.randrange(1, len(b))]
    elif kind == "splice":
        i, j = rnd.randrange(len(b)), rnd.randrange(len(other))
        b = b[:i] + other[j:]
    elif kind == "dup":
        i = rnd.randrange(len(b))
        n = rnd.randint(1, 4096)
        b = b[:i] + b[i:i + n] * rnd.randint(2, 50) + b[i:]
    else:
        ms = list(NUM.finditer(bytes(b)))
        if ms:
            m = rnd.choice(ms)
            g = 2 if m.group(2) else 3
            new = str(rnd.choice([0, 1, -1, 2**31 - 1, 2**32, 10**7, int(m.group(g)) * 97 + 1, rnd.randrange(10**6)])).encode()
            b = b[: m.start(g)] + new + b[m.end(g):]
    return bytes(b), kind


def mutate_text(data, rnd):
    lines = data.split(b"\n")
    kind = rnd.choice(["dup", "huge", "dump", "odd-dump", "noise", "blank"])
    i = rnd.randrange(len(lines))
    if kind == "dup":
        lines[i:i] = [lines[i]] * rnd.choice([100, 1000, 5000])
    elif kind == "huge":
        lines[i] = lines[i] * rnd.choice([1000, 20000])
    elif kind == "dump":
        lines[i:i] = [b"https://example.org/a/very/long/path/" + str(k % 7).encode() for k in range(rnd.choice([1000, 4000]))]
    elif kind == "odd-dump":
        lines[i:i] = [b"not a url at all"] + [b"https://example.org/x"] * rnd.choice([500, 2000])
    elif kind == "blank":
        lines[i:i] = [b""] * rnd.choice([1000, 50000])
    else:
        b = bytearray(b"\n".join(lines))
        for _ in range(rnd.randint(1, 50)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        return bytes(b), kind
    return b"\n".join(lines), kind


def run_one(binary, path, mem_kib, timeout):
    out = path + ".xml"
    cmd = f'ulimit -v {mem_kib}; exec "$0" convert -q --no-sidecar -t jats -o "$1" "$2"'
    start = time.monotonic()
    try:
        r = subprocess.run(["sh", "-c", cmd, binary, out, path], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "hung", "", time.monotonic() - start
    took = time.monotonic() - start
    err = r.stderr.decode("utf-8", "replace")
    if os.path.exists(out):
        os.remove(out)
    if r.returncode == 0:
        return "converted", err, took
    oom = "memory allocation" in err or "out of memory" in err.lower()
    if r.returncode == 1 and len(err.splitlines()) == 1 and not oom and "panicked" not in err:
        return "refused", err, took
    return ("out-of-memory" if oom else "crashed"), err, took


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pdfs", type=int, default=5000)
    ap.add_argument("--texts", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mem-mib", type=int, default=1024)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "offprint"))
    ap.add_argument("--keep", default=os.path.join(ROOT, "target", "campaign", "findings"))
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    pdfs, texts = seeds()
    tmp = tempfile.mkdtemp(prefix="offprint-campaign-")
    pdf_data = []
    for p in pdfs:
        pdf_data.append(open(p, "rb").read())
        q = qdf(p, tmp)
        if q:
            pdf_data.append(open(q, "rb").read())
    text_data = [open(t, "rb").read() for t in texts]
    jobs = []
    for n in range(a.pdfs):
        data, kind = mutate_pdf(rnd.choice(pdf_data), rnd.choice(pdf_data), rnd)
        jobs.append((f"pdf-{n:05d}-{kind}.pdf", data))
    for n in range(a.texts):
        data, kind = mutate_text(rnd.choice(text_data), rnd)
        jobs.append((f"txt-{n:05d}-{kind}.txt", data))
    counts = {}
    slowest = (0.0, "")
    os.makedirs(a.keep, exist_ok=True)

    def work(job):
        name, data = job
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        status, err, took = run_one(a.bin, path, a.mem_mib * 1024, a.timeout)
        if status in ("crashed", "hung", "out-of-memory"):
            shutil.copy(path, os.path.join(a.keep, name))
            print(f"{status}: {name}: {err.strip()[:200]}", file=sys.stderr)
        os.remove(path)
        return name, status, took

    with cf.ThreadPoolExecutor(a.jobs) as ex:
        for i, (name, status, took) in enumerate(ex.map(work, jobs)):
            counts[status] = counts.get(status, 0) + 1
            slowest = max(slowest, (took, name))
            if (i + 1) % 500 == 0:
                print(f"{i + 1}/{len(jobs)} {counts}", file=sys.stderr)
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"inputs: {a.pdfs} PDFs, {a.texts} text exports (seed {a.seed}, {a.mem_mib} MiB, {a.timeout} s)")
    for k in ["converted", "refused", "crashed", "hung", "out-of-memory"]:
        print(f"{k:>14}: {counts.get(k, 0)}")
    print(f"slowest: {slowest[0]:.2f} s ({slowest[1]})")
    bad = sum(counts.get(k, 0) for k in ["crashed", "hung", "out-of-memory"])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
