"""Leak-detection benchmark: Baomi against copydetect on a generated corpus.

    make bench-leaks            # full run, updates the "## Leaks" section of docs/benchmarks.md
    python bench/leaks/run.py --quick --no-write

Each tool runs in its own child process (so peak memory is its own), on the
same corpus, in the same run. Figures: recall and precision of (suspect,
secret) pairs, recall on what copydetect can read (plain UTF-8 .txt/.py/.c),
false pairs from topic-only distractors, wall time, peak memory, throughput
(MB of suspects per second, end to end). Then an index of 100k small
documents is built and scanned.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- workers (run in child processes) ------------------------------------------


def worker_baomi(root: Path) -> dict[str, object]:
    from baomi.extract import ExtractError
    from baomi.fingerprint.parallel import should_distribute
    from baomi.fingerprint.pipeline import build_index, scan_paths

    start = time.perf_counter()
    built = build_index(
        root / "work" / "index", [str(root / "secrets")], templates=[str(root / "template")]
    )
    built_at = time.perf_counter()
    pairs, errors = set(), 0
    for item in scan_paths(root / "work" / "index", [str(root / "suspects")]):
        if isinstance(item, ExtractError):
            errors += 1
            continue
        suspect = Path(item.suspect.split("!")[0]).name
        pairs.add((suspect, Path(item.secret).name))
    end = time.perf_counter()
    return {
        "pairs": sorted(pairs),
        "build_seconds": built_at - start,
        "scan_seconds": end - built_at,
        "seconds": end - start,
        "documents": built.documents_added,
        "errors": errors,
        "peak_mb": _peak_mb(),
        "mode": "Dask local cluster"
        if should_distribute([p.stat().st_size for p in (root / "suspects").iterdir()], None)
        else "in-process",
    }


def worker_copydetect(root: Path) -> dict[str, object]:
    import logging

    from copydetect import CopyDetector

    logging.disable(logging.WARNING)
    start = time.perf_counter()
    found = []
    # Prose unfiltered (copydetect's code filter would drop all of a .txt file),
    # code with its tokenizer and identifier abstraction.
    for extensions, raw in ((["txt"], True), (["py", "c"], False)):
        detector = CopyDetector(
            test_dirs=[str(root / "suspects")],
            ref_dirs=[str(root / "secrets")],
            boilerplate_dirs=[str(root / "template")],
            extensions=extensions,
            display_t=0.0,
            disable_filtering=raw,
            autoopen=False,
            silent=True,
        )
        detector.run()
        found += [
            (Path(test).name, Path(ref).name, float(similarity))
            for similarity, _, test, ref, *_ in detector.get_copied_code_list()
        ]
    end = time.perf_counter()
    return {
        "pairs": sorted({(t, r) for t, r, _ in found}),
        # copydetect's own default display threshold is 0.33 of the suspect
        "pairs_default_threshold": sorted({(t, r) for t, r, sim in found if sim > 0.33}),
        "seconds": end - start,
        "peak_mb": _peak_mb(),
    }


def worker_scale(root: Path, documents: int, dask: bool) -> dict[str, object]:
    """Index ``documents`` small documents (in batches, on Dask), then scan planted copies."""
    from corpus import EN_TOPICS, ZH_TOPICS, prose

    from baomi.fingerprint.index import IndexReader, open_writer
    from baomi.fingerprint.parallel import fan_out
    from baomi.fingerprint.scan import prepare_texts, scan_unit
    from baomi.fingerprint.units import text_unit

    rng = random.Random(100)
    texts: list[tuple[str, str]] = []
    for i in range(documents):
        if i % 2:
            text = prose(rng, "zh", rng.choice(list(ZH_TOPICS)), rng.randint(250, 600), False)
        else:
            text = prose(rng, "en", rng.choice(list(EN_TOPICS)), rng.randint(500, 1200), False)
        texts.append((f"doc/{i:06d}.txt", text))
    megabytes = sum(len(t.encode()) for _, t in texts) / 1e6
    index = root / "work" / "index100k"
    start = time.perf_counter()
    with open_writer(index) as writer:
        batches = [
            (texts[i : i + 2000], writer.key, writer.params) for i in range(0, len(texts), 2000)
        ]
        results = fan_out(prepare_texts, batches, distribute=dask, batch_size=1)
        for _, prepared in results:
            for doc in prepared:
                writer.add(doc)
    build_seconds = time.perf_counter() - start
    reader = IndexReader(index)
    probes = rng.sample(range(documents), 200)
    found = 0
    scan_start = time.perf_counter()
    for n, i in enumerate(probes):
        origin, text = texts[i]
        copy = text[len(text) // 4 : len(text) // 4 + 120]
        suspect = prose(rng, "zh", "sales", 600, False) + "\n" + copy + "\n"
        matches = scan_unit(text_unit(f"probe{n}.txt", suspect), reader)
        found += any(m.secret == origin for m in matches)
    scan_seconds = time.perf_counter() - scan_start
    return {
        "documents": documents,
        "megabytes": megabytes,
        "build_seconds": build_seconds,
        "index_mb": _size(index) / 1e6,
        "probe_recall": found / len(probes),
        "scan_ms_per_document": 1000 * scan_seconds / len(probes),
        "mode": "Dask local cluster" if dask else "in-process",
        "peak_mb": _peak_mb(),
    }


# --- orchestration --------------------------------------------------------------


def _child(mode: str, root: Path, *extra: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, str(Path(__file__)), "--worker", mode, "--root", str(root), *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{mode} worker failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _metrics(pairs: list[list[str]], truth: set[tuple[str, str]], readable: set[str]) -> dict:
    predicted = {tuple(p) for p in pairs}
    hits = predicted & truth
    readable_truth = {t for t in truth if t[0] in readable}
    return {
        "recall": len(hits) / len(truth),
        "recall_readable": len(hits & readable_truth) / max(1, len(readable_truth)),
        "precision": len(hits) / max(1, len(predicted)),
        "false_pairs": len(predicted - truth),
        "false_pairs_from_distractors": sum(1 for p in predicted if p[0].startswith("other_")),
    }


def _by_modification(pairs: list[list[str]], planted: dict[str, dict]) -> dict[str, str]:
    predicted = {tuple(p) for p in pairs}
    groups: dict[str, list[bool]] = {}
    for name, info in planted.items():
        groups.setdefault(f"{info['how']}/{info['form']}", []).append(
            (name, info["secret"]) in predicted
        )
    return {k: f"{sum(v)}/{len(v)}" for k, v in sorted(groups.items())}


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} CPUs, {memory:.0f} GiB RAM, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", choices=["baomi", "copydetect", "scale"])
    parser.add_argument("--root", type=Path)
    parser.add_argument("--quick", action="store_true", help="a small corpus (smoke test)")
    parser.add_argument("--documents", type=int, default=100_000, help="scale test size")
    parser.add_argument("--no-write", action="store_true", help="do not update docs")
    parser.add_argument("--dask", action="store_true", help="scale test on a Dask local cluster")
    parser.add_argument(
        "--scale-from", type=Path, help="take the scale figures from a saved result"
    )
    parser.add_argument(
        "--render", type=Path, help="only rewrite docs from a saved JSON result of this script"
    )
    args = parser.parse_args()
    if args.render:
        _write_markdown(json.loads(args.render.read_text(encoding="utf-8")))
        return
    if args.worker:
        workers = {
            "baomi": lambda: worker_baomi(args.root),
            "copydetect": lambda: worker_copydetect(args.root),
            "scale": lambda: worker_scale(args.root, args.documents, args.dask),
        }
        print(json.dumps(workers[args.worker]()))
        return

    from corpus import generate

    size = (
        {"secrets": 40, "suspects": 60, "distractors": 80}
        if args.quick
        else {"secrets": 400, "suspects": 600, "distractors": 1400}
    )
    documents = 5000 if args.quick else args.documents
    load = [round(os.getloadavg()[0], 1)]
    with tempfile.TemporaryDirectory(prefix="baomi-bench-leaks-") as tmp:
        root = Path(tmp)
        corpus = generate(root, seed=2026, **size)
        suspect_mb = _size(corpus.suspects) / 1e6
        print(f"corpus: {size}, suspects {suspect_mb:.1f} MB", file=sys.stderr)
        ours = _child("baomi", root)
        print(f"baomi: {ours['seconds']:.1f} s", file=sys.stderr)
        theirs = _child("copydetect", root)
        print(f"copydetect: {theirs['seconds']:.1f} s", file=sys.stderr)
        if args.scale_from:  # reuse the scale figures of an earlier full run
            saved = json.loads(args.scale_from.read_text(encoding="utf-8"))
            scale = saved["scale"] | {"from_run": saved["date"]}
        else:
            scale = _child(
                "scale", root, "--documents", str(documents), *(["--dask"] if args.dask else [])
            )
        load.append(round(os.getloadavg()[0], 1))
        print(f"scale: {scale}", file=sys.stderr)
    readable = corpus.readable_by_copydetect
    at_default = _metrics(theirs.pop("pairs_default_threshold"), corpus.truth, readable)
    results = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine(),
        "corpus": size | {"suspect_mb": round(suspect_mb, 2), "planted_pairs": len(corpus.truth)},
        "baomi": ours | _metrics(ours["pairs"], corpus.truth, readable),
        "copydetect": theirs | _metrics(theirs["pairs"], corpus.truth, readable),
        "baomi_by_modification": _by_modification(ours["pairs"], corpus.planted),
        "copydetect_by_modification": _by_modification(theirs["pairs"], corpus.planted),
        "scale": scale,
        "copydetect_default_threshold": at_default,
        "load_average": load,
    }
    for tool in ("baomi", "copydetect"):
        results[tool].pop("pairs")
        results[tool]["mb_per_second"] = suspect_mb / results[tool]["seconds"]
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if not args.no_write:
        _write_markdown(results)


def _load_sentence(load: list[float]) -> str:
    where = f"1-minute load average {load[0]} at the start, {load[1]} at the end"
    if max(load) < 1.0:
        return f"The machine was otherwise idle during the run ({where}, on {os.cpu_count()} CPUs)."
    return (
        f"The machine was shared with other work during the run ({where}, on "
        f"{os.cpu_count()} CPUs), so times are inflated for both tools alike."
    )


def _write_markdown(r: dict) -> None:
    from baomi.fingerprint.winnow import WinnowParams

    ours, theirs, scale = r["baomi"], r["copydetect"], r["scale"]
    rows = [
        ("recall, all planted pairs", "{:.3f}", "recall"),
        ("recall, files copydetect can read", "{:.3f}", "recall_readable"),
        ("precision", "{:.3f}", "precision"),
        ("false pairs from topic-only distractors", "{}", "false_pairs_from_distractors"),
        ("wall time, s (index + scan)", "{:.1f}", "seconds"),
        ("peak memory, MB", "{:.0f}", "peak_mb"),
        ("throughput, MB of suspects/s", "{:.2f}", "mb_per_second"),
    ]
    table = "\n".join(
        f"| {label} | {fmt.format(ours[key])} | {fmt.format(theirs[key])} |"
        for label, fmt, key in rows
    )
    modifications = "\n".join(
        f"| {k} | {v} | {r['copydetect_by_modification'].get(k, '-')} |"
        for k, v in r["baomi_by_modification"].items()
    )
    c = r["corpus"]
    section = f"""## Leaks (`bench/leaks`)

Last run: {r["date"]} on {r["machine"]}.
Corpus (generated, seed 2026): {c["secrets"]} secrets (Chinese and English prose, Python
and C), {c["suspects"]} suspects with {c["planted_pairs"]} planted copies (50–400
normalised characters; verbatim, reformatted, full-width, traditional script, typos,
renamed identifiers; as .txt/.py/.c, .docx, .zip, .eml, GB18030 text) and
{c["distractors"]} distractors sharing only topic, vocabulary and short stock phrases;
{c["suspect_mb"]} MB of suspects. copydetect {_copydetect_version()} runs through its Python
API (noise 25, guarantee 25, display threshold 0, the template as boilerplate; .txt
unfiltered, .py/.c with its code filter) on the same files; Baomi with its defaults
(k = {WinnowParams().k}, t = {WinnowParams().t}, see docs/leaks.md), the template given
with `--template`, scan {ours["mode"]}.

| | Baomi | copydetect |
|---|---|---|
{table}

copydetect at its default display threshold (0.33): recall
{r["copydetect_default_threshold"]["recall"]:.3f}, precision
{r["copydetect_default_threshold"]["precision"]:.3f}.
{_load_sentence(r["load_average"])}
Each index gets a new random key, so which chance k-gram matches exist varies
from run to run; recall moves by a pair or two between runs for that reason.

Targets (issue 5): recall ≥ 0.95 on planted copies — {_mark(ours["recall"] >= 0.95)};
recall ≥ copydetect's on what it reads — {
        _mark(ours["recall_readable"] >= theirs["recall_readable"])
    }; no false pair from topic-only distractors — {
        _mark(ours["false_pairs_from_distractors"] == 0)
    }; ≥ 10× copydetect's throughput — {_mark(theirs["seconds"] >= 10 * ours["seconds"])}
({theirs["seconds"] / ours["seconds"]:.1f}×).

Baomi scan only: {ours["scan_seconds"]:.1f} s after a {ours["build_seconds"]:.1f} s index
build ({c["suspect_mb"] / ours["scan_seconds"]:.2f} MB/s);
speed-up over copydetect end to end: {theirs["seconds"] / ours["seconds"]:.1f}×.

Found / planted by modification and container:

| modification/form | Baomi | copydetect |
|---|---|---|
{modifications}

Scale: {scale["documents"]:,} documents ({scale["megabytes"]:.0f} MB of text) indexed
({scale["mode"]}) in {scale["build_seconds"]:.0f} s (index {scale["index_mb"]:.0f} MB on disk);
scanning a
suspect against it takes {scale["scan_ms_per_document"]:.0f} ms and found
{scale["probe_recall"]:.0%} of 200 planted 120-character copies{
        f" (scale figures from the run of {scale['from_run']})" if "from_run" in scale else ""
    }.

"""
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"## Leaks \(`bench/leaks`\)\n.*?(?=^## )", re.S | re.M)
    if not pattern.search(text):
        raise SystemExit("docs/benchmarks.md has no '## Leaks (`bench/leaks`)' section")
    path.write_text(pattern.sub(lambda _: section, text, count=1), encoding="utf-8")


def _mark(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _copydetect_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("copydetect")


if __name__ == "__main__":
    main()
