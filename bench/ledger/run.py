"""Evidence ledger benchmark (``make bench-ledger``).

Measures, on a fresh instance in a temporary directory:
- batched registrations per second for 10k and 100k registrations (salted
  commitment, log append with one fsync'd transaction and one signed and
  witness-cosigned checkpoint per batch, a full receipt per registration);
- time to receipt for a single registration (a batch of one) on a 100k log;
- proof sizes on a 1M-entry log (inclusion proof, consistency proof, receipt);
- receipt verification time (all §5 checks but the material).

Prints a Markdown block for docs/benchmarks.md and writes bench/results/ledger.json.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from baomi.ledger import commitment as cm
from baomi.ledger import receipt as rc
from baomi.ledger.instance import Ledger, RegistrationRequest, init_instance
from baomi.ledger.verify import verify_receipt


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = f", load average {os.getloadavg()[0]:.1f} at start" if hasattr(os, "getloadavg") else ""
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, {platform.system()}{load}"


def requests(n: int, rng: random.Random) -> list[RegistrationRequest]:
    return [RegistrationRequest([cm.Part("p", rng.randbytes(32))], "file") for _ in range(n)]


def throughput(total: int, batch: int, rng: random.Random) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        init_instance(home)
        ledger = Ledger(home)
        try:
            work = [requests(min(batch, total - i), rng) for i in range(0, total, batch)]
            start, cpu_start = time.perf_counter(), time.process_time()
            done = 0
            for chunk in work:
                done += len(ledger.register(chunk))
            elapsed = time.perf_counter() - start
            cpu = time.process_time() - cpu_start
        finally:
            ledger.close()
    return {
        "registrations": done,
        "batch": batch,
        "seconds": elapsed,
        "per_second": done / elapsed,
        "cpu_seconds": cpu,
        "per_cpu_second": done / cpu,
    }


def batched_concurrent(total: int, threads: int, rng: random.Random) -> dict[str, float]:
    """Single registrations from many threads, coalesced by the Batcher (the web case)."""
    from concurrent.futures import ThreadPoolExecutor

    from baomi.ledger.batcher import Batcher

    work = requests(total, rng)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        init_instance(home)
        batcher = Batcher(home)
        try:
            start = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(batcher.register, work[: total // 10]))
            threaded = time.perf_counter() - start
            # Many more clients than threads (e.g. an async front end): all queued at once.
            start, cpu_start = time.perf_counter(), time.process_time()
            futures = [batcher.submit(r) for r in work]
            for future in futures:
                future.result()
            queued = time.perf_counter() - start
            queued_cpu = time.process_time() - cpu_start
        finally:
            batcher.close()
    return {
        "threads": threads,
        "threaded_registrations": total // 10,
        "threaded_per_second": (total // 10) / threaded,
        "queued_registrations": total,
        "queued_per_second": total / queued,
        "queued_per_cpu_second": total / queued_cpu,
    }


def latency_and_sizes(log_size: int, rng: random.Random) -> dict[str, float]:
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        init_instance(home)
        ledger = Ledger(home)
        try:
            entries = rc.Entry(bytes(32), 1, "2026-01-01T00:00:00Z", "bench", "file").to_bytes()
            step = 100_000
            for start in range(0, log_size, step):
                ledger.log.append_batch([entries] * min(step, log_size - start))
            ledger.finish_checkpoint()
            timings = []
            receipts = []
            for _ in range(30):
                t0 = time.perf_counter()
                receipts += [r.receipt for r in ledger.register(requests(1, rng))]
                timings.append(time.perf_counter() - t0)
            out["time_to_receipt_ms_median"] = statistics.median(timings) * 1000
            out["time_to_receipt_ms_max"] = max(timings) * 1000
            size = ledger.log.size()
            sample = [rng.randrange(size) for _ in range(200)]
            inclusion = [len(ledger.log.inclusion_proof(i, size)) * 32 for i in sample]
            out["log_size"] = size
            out["inclusion_proof_bytes_max"] = max(inclusion)
            out["inclusion_proof_base64_chars_max"] = max(
                len(json.dumps([base64.b64encode(bytes(32)).decode()] * (n // 32)))
                for n in inclusion
            )
            consistency = [
                len(ledger.log.consistency_proof(rng.randrange(1, size), size)) * 32
                for _ in range(200)
            ]
            out["consistency_proof_bytes_max"] = max(consistency)
            redacted = [rc.redact(ledger.prove(i)) for i in sample[:50]]
            out["redacted_receipt_bytes_max"] = max(len(rc.dumps(r).encode()) for r in redacted)
            out["full_receipt_bytes_max"] = max(len(rc.dumps(r).encode()) for r in receipts)
            vkey = ledger.vkey()
            witness = ledger.witness_vkey() or ""
            for r in receipts[:5]:
                verify_receipt(r, vkey=vkey, witness_vkeys=[witness])
            runs = 300
            t0 = time.perf_counter()
            for i in range(runs):
                verify_receipt(receipts[i % len(receipts)], vkey=vkey)
            out["verify_ms"] = (time.perf_counter() - t0) / runs * 1000
            t0 = time.perf_counter()
            for i in range(runs):
                verify_receipt(receipts[i % len(receipts)], vkey=vkey, witness_vkeys=[witness])
            out["verify_with_witness_ms"] = (time.perf_counter() - t0) / runs * 1000
        finally:
            ledger.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--batch", type=int, default=10_000, help="registrations per batch")
    args = parser.parse_args()
    rng = random.Random(1)
    sizes = (1_000, 5_000) if args.quick else (10_000, 100_000)
    big = 20_000 if args.quick else 1_000_000
    results: dict[str, object] = {
        "machine": machine(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "throughput": [throughput(n, args.batch, rng) for n in sizes],
        # The baseline: the same engine without batching (one transaction, one
        # fsync, one signed and cosigned checkpoint per registration).
        "unbatched": throughput(200 if args.quick else 1_000, 1, rng),
        "concurrent": batched_concurrent(2_000 if args.quick else 20_000, 16, rng),
    }
    results["big_log"] = latency_and_sizes(big, rng)
    out_dir = Path(__file__).resolve().parents[1] / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "ledger.json").write_text(json.dumps(results, indent=2))
    big_log = results["big_log"]
    assert isinstance(big_log, dict)
    print(f"Machine: {results['machine']}; run {results['date']}.\n")
    print("| measure | figure | target |\n|---|---|---|")
    for t in results["throughput"]:  # type: ignore[attr-defined]
        print(
            f"| registrations/s, {t['registrations']:,} in batches of {t['batch']:,} "
            f"| {t['per_second']:,.0f} /s wall ({t['seconds']:.2f} s); "
            f"{t['per_cpu_second']:,.0f} per CPU-second | ≥ 10,000 /s |"
        )
    u = results["unbatched"]
    assert isinstance(u, dict)
    print(
        f"| baseline: registrations/s unbatched ({u['registrations']:,}, one per transaction) "
        f"| {u['per_second']:,.0f} /s wall | — |"
    )
    c = results["concurrent"]
    assert isinstance(c, dict)
    print(
        f"| registrations/s, {c['threaded_registrations']:,} single requests from "
        f"{c['threads']} blocking threads through the Batcher "
        f"| {c['threaded_per_second']:,.0f} /s wall | — |"
    )
    print(
        f"| registrations/s, {c['queued_registrations']:,} single requests queued at once "
        f"through the Batcher | {c['queued_per_second']:,.0f} /s wall; "
        f"{c['queued_per_cpu_second']:,.0f} per CPU-second | — |"
    )
    n = int(big_log["log_size"])
    print(
        f"| time to receipt (batch of 1, log of {n:,}) "
        f"| median {big_log['time_to_receipt_ms_median']:.1f} ms, "
        f"max {big_log['time_to_receipt_ms_max']:.1f} ms | — |"
    )
    print(
        f"| inclusion proof, log of {n:,} | {big_log['inclusion_proof_bytes_max']:.0f} B "
        f"({big_log['inclusion_proof_base64_chars_max']:.0f} chars as JSON base64) | ≤ 1 KB |"
    )
    print(
        f"| consistency proof, log of {n:,} | ≤ {big_log['consistency_proof_bytes_max']:.0f} B "
        f"| ≤ 1 KB |"
    )
    print(
        f"| receipt file, log of {n:,} | redacted ≤ {big_log['redacted_receipt_bytes_max']:.0f} B, "
        f"full (1 part) ≤ {big_log['full_receipt_bytes_max']:.0f} B | — |"
    )
    print(
        f"| verify one receipt (commitment, inclusion, log signature) "
        f"| {big_log['verify_ms']:.2f} ms | ≤ 1 ms |"
    )
    print(
        f"| verify one receipt, plus the witness cosignature "
        f"| {big_log['verify_with_witness_ms']:.2f} ms | — |"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
