"""``baomi evidence``: register material in the evidence log and verify receipts.

Contract: specs/cli.md (Evidence) and specs/evidence-receipt.md. No Django:
the ledger lives under ``$BAOMI_HOME/ledger`` and its keys under
``$BAOMI_HOME/keys``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from baomi.cli.common import EXIT_CHECK_FAILED, baomi_home, emit_json, fail, stderr
from baomi.ledger import commitment as cm
from baomi.ledger import instance as ledger_instance
from baomi.ledger import receipt as rc
from baomi.ledger.keys import KeyFileError
from baomi.ledger.log import LedgerError
from baomi.ledger.note import NoteError, b64, parse_verifier_key

NAME = "evidence"
app = typer.Typer(
    name=NAME,
    help="Evidence registration (存证): salted commitments in an append-only log, receipts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def init_instance(home: Path) -> None:
    """Create the instance's ledger (keys, log, witness) if missing; idempotent."""
    ledger_instance.init_instance(home)


def _home_readonly() -> Path:
    """``$BAOMI_HOME`` without creating it (for commands that must write nothing)."""
    return Path(os.environ.get("BAOMI_HOME", "var")).resolve()


def _open_ledger(tsa_url: str | None = None) -> ledger_instance.Ledger:
    home = _home_readonly()
    try:
        home = baomi_home()
        init_instance(home)
        return ledger_instance.Ledger(home, tsa_url=tsa_url)
    except (KeyFileError, OSError, LedgerError, NoteError) as exc:
        fail(f"{home}: cannot open the evidence ledger: {exc}")


@contextmanager
def _progress(label: str) -> Iterator[cm.Progress]:
    """A progress bar on stderr for folders of many files, only on a terminal."""
    bar: Progress | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if total < 100 or not stderr.is_terminal:
                return
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=stderr,
                transient=True,
            )
            bar.start()
            task = bar.add_task(label, total=total)
        assert task is not None
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def _receipt_path(path: Path, out: Path | None) -> Path:
    name = path.resolve().name or "root"
    return (out if out is not None else path.resolve().parent) / f"{name}.receipt.json"


def _write_receipt(target: Path, receipt: dict[str, Any]) -> None:
    """Write atomically; an existing receipt is kept under ``<name>.<index>.receipt.json``."""
    if target.exists():
        try:
            old_index = json.loads(target.read_text()).get("index", "old")
        except (OSError, ValueError, AttributeError):
            old_index = "old"
        base = target.name[: -len(".receipt.json")]
        keep = target.with_name(f"{base}.{old_index}.receipt.json")
        n = 1
        while keep.exists():
            keep = target.with_name(f"{base}.{old_index}-{n}.receipt.json")
            n += 1
        os.replace(target, keep)
    tmp = target.with_name(f".{target.name}.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(rc.dumps(receipt))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)


# Not named ``register``: baomi.cli treats a module-level ``register`` as its plug-in hook.
@app.command("register")
def register_material(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or tables to register.")],
    org: Annotated[str, typer.Option(help="Opaque id of the registering organisation.")] = "local",
    kind: Annotated[
        str | None,
        typer.Option(help="file|folder|table|text (default: folder for directories, else file)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write receipts into this folder instead.")
    ] = None,
    tsa_url: Annotated[
        str | None,
        typer.Option(help="RFC 3161 time-stamping authority URL (default $BAOMI_TSA_URL)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines on stdout.")] = False,
) -> None:
    """Register each PATH as one registration and write <name>.receipt.json."""
    if kind is not None and kind not in cm.KINDS:
        fail(f"--kind must be file, folder, table or text, not {kind!r}")
    if not org or any(c in org for c in "\n\r"):
        fail("--org must be a non-empty single-line id")
    if out is not None and out.exists() and not out.is_dir():
        fail(f"{out}: --out is not a folder")
    requests = []
    for path in paths:
        if not path.exists() and not path.is_symlink():
            fail(f"{path}: no such file or folder")
        this_kind = kind or ("folder" if path.is_dir() else "file")
        if this_kind != "folder" and path.is_dir():
            fail(f"{path}: is a folder (use --kind folder)")
        if this_kind == "folder" and not path.is_dir():
            fail(f"{path}: not a folder")
        try:
            with _progress(f"hashing {path.name}") as progress:
                parts = cm.parts_of_path(path, this_kind, progress)
        except cm.MaterialError as exc:
            fail(str(exc))
        requests.append(ledger_instance.RegistrationRequest(parts, this_kind, org))
    ledger = _open_ledger(tsa_url)
    try:
        if out is not None:
            try:
                out.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                fail(f"{out}: cannot create: {exc.strerror or exc}")
        registered = ledger.register(requests)
    finally:
        ledger.close()
    for warning in registered[0].warnings if registered else []:
        print(f"baomi: warning: {warning}", file=sys.stderr)
    for path, reg in zip(paths, registered, strict=True):
        target = _receipt_path(path, out)
        try:
            _write_receipt(target, reg.receipt)
        except OSError as exc:
            fail(f"{target}: cannot write the receipt: {exc.strerror or exc}")
        if as_json:
            emit_json(
                {
                    "path": str(path),
                    "index": reg.index,
                    "commitment": reg.commitment.hex(),
                    "receipt": str(target),
                }
            )
        else:
            typer.echo(f"{path}: entry {reg.index}, commitment {reg.commitment.hex()}")
            typer.echo(f"  receipt: {target}")


def _read_receipt(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"{path}: cannot read: {exc.strerror or exc}")
    if not data.strip():
        fail(f"{path}: empty file, not a receipt")
    try:
        return rc.loads(data)
    except rc.ReceiptMalformed as exc:
        fail(f"{path}: {exc.reason}")


def _key_text(value: str, what: str) -> str:
    """A key given inline or as a file holding it."""
    candidate = Path(value)
    if "+" not in value or candidate.is_file():
        try:
            value = candidate.read_text().strip()
        except OSError as exc:
            fail(f"{what} {value}: not a key string and not a readable file ({exc.strerror})")
    try:
        parse_verifier_key(value)
    except NoteError as exc:
        fail(f"{what} {value}: {exc}")
    return value


def _material(receipt: dict[str, Any], path: Path) -> list[bytes]:
    """Part digests of PATH as the receipt's entry kind reads it (plus the whole file)."""
    try:
        parsed = rc.parse_receipt(receipt)
    except rc.ReceiptInvalid:
        return []  # verification itself reports the receipt's defect
    kind = parsed.entry.kind
    if not path.exists():
        fail(f"{path}: no such file or folder")
    partial = parsed.disclosed is not None
    try:
        if partial and path.is_file():
            digests = [p.sha256 for p in cm.parts_of_file(path, allow_empty=True)]
            if kind == "table":
                digests += [p.sha256 for p in cm.parts_of_table(path)]
            return digests
        if kind == "folder" and not path.is_dir():
            fail(f"{path}: the receipt registers a folder; give the folder")
        return [p.sha256 for p in cm.parts_of_path(path, kind)]
    except cm.MaterialError as exc:
        fail(str(exc))


@app.command()
def verify(
    receipt_path: Annotated[Path, typer.Argument(metavar="RECEIPT", help="A *.receipt.json.")],
    path: Annotated[
        Path | None,
        typer.Argument(metavar="PATH", help="The registered material (or a disclosed part)."),
    ] = None,
    vkey: Annotated[
        str | None, typer.Option(help="The log's verifier key (string or file), trusted.")
    ] = None,
    witness_vkey: Annotated[
        list[str] | None, typer.Option(help="A trusted witness key (repeatable).")
    ] = None,
    tsa_cert: Annotated[
        list[Path] | None, typer.Option(help="A trusted TSA root certificate (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Verify a receipt (and the material, if PATH is given); exit 1 if it does not hold."""
    from baomi.ledger.verify import verify_receipt

    receipt = _read_receipt(receipt_path)
    trusted = _key_text(vkey, "--vkey") if vkey else None
    witnesses = [_key_text(w, "--witness-vkey") for w in witness_vkey or []]
    certs: list[bytes] = []
    for cert in tsa_cert or []:
        try:
            certs.append(cert.read_bytes())
        except OSError as exc:
            fail(f"{cert}: cannot read: {exc.strerror or exc}")
    home = _home_readonly()
    if trusted is None or not witness_vkey:
        # This instance's own log and witness keys are trusted by default (read
        # from the key files: verification opens no database and writes nothing).
        try:
            local_log, local_witnesses = ledger_instance.local_verifier_keys(home)
        except (KeyFileError, NoteError) as exc:
            fail(f"{home}: cannot read the instance's keys: {exc}")
        if trusted is None:
            trusted = local_log
        if not witness_vkey:
            witnesses += local_witnesses
    material = _material(receipt, path) if path is not None else None
    try:
        result = verify_receipt(
            receipt,
            vkey=trusted,
            material=material,
            witness_vkeys=witnesses,
            tsa_certificates=certs,
        )
    except rc.ReceiptInvalid as exc:
        if as_json:
            emit_json({"valid": False, "receipt": str(receipt_path), "reason": exc.reason})
        else:
            print(f"baomi: {receipt_path}: NOT VALID: {exc.reason}", file=sys.stderr)
        raise typer.Exit(EXIT_CHECK_FAILED) from None
    for warning in result.warnings:
        print(f"baomi: warning: {warning}", file=sys.stderr)
    if as_json:
        emit_json({"valid": True, "receipt": str(receipt_path), **result.to_json()})
        return
    typer.echo(f"{receipt_path}: VALID")
    typer.echo(f"  log:           {result.origin} (tree size {result.tree_size})")
    typer.echo(f"  entry:         {result.index}, {result.kind}, {result.parts} part(s)")
    typer.echo(f"  registered at: {result.registered_at} (org {result.org})")
    typer.echo(f"  material:      {result.material}; disclosure {result.disclosure}")
    key_note = "trusted key" if result.key_source == "trusted" else "key from the receipt"
    typer.echo(f"  log signature: valid ({key_note})")
    for c in result.cosignatures:
        status = f"valid, time {c.time}" if c.verified else "not checked (untrusted key)"
        typer.echo(f"  witness:       {c.witness}: {status}")
    if result.timestamp:
        checked = "signature checked" if result.timestamp["signature_checked"] else "imprint only"
        typer.echo(f"  time-stamp:    {result.timestamp['time']} ({checked})")


@app.command()
def vkey() -> None:
    """Print the log's verifier key string."""
    ledger = _open_ledger()
    try:
        typer.echo(ledger.vkey())
    finally:
        ledger.close()


@app.command()
def checkpoint(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Print the latest signed checkpoint (with witness cosignatures)."""
    ledger = _open_ledger()
    try:
        note = ledger.checkpoint()
    finally:
        ledger.close()
    if as_json:
        emit_json({"checkpoint": note})
    else:
        sys.stdout.write(note)


@app.command()
def consistency(
    old_size: Annotated[int, typer.Argument(metavar="OLD_SIZE", help="The earlier tree size.")],
    new_size: Annotated[
        int | None, typer.Argument(metavar="NEW_SIZE", help="The later size (default latest).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Print an RFC 9162 consistency proof between two tree sizes."""
    ledger = _open_ledger()
    try:
        size = ledger.log.size()
        new = size if new_size is None else new_size
        if new > size:
            fail(f"new size {new} is beyond the tree size {size}")
        if not 0 <= old_size <= new:
            fail(f"old size {old_size} must be between 0 and the new size {new}")
        old, new, proof = ledger.consistency(old_size, new)
    finally:
        ledger.close()
    if as_json:
        emit_json({"old_size": old, "new_size": new, "proof": [b64(h) for h in proof]})
    else:
        typer.echo(f"consistency proof {old} → {new} ({len(proof)} hashes)")
        for h in proof:
            typer.echo(b64(h))


@app.command()
def prove(
    index: Annotated[int, typer.Argument(metavar="INDEX", help="The entry index (0-based).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Print a fresh receipt body (entry, inclusion, checkpoint) without disclosure."""
    ledger = _open_ledger()
    try:
        size = ledger.log.size()
        if not 0 <= index < size:
            fail(f"index {index} is beyond the tree size {size}")
        body = ledger.prove(index)
    finally:
        ledger.close()
    if as_json:
        emit_json(body)
    else:
        sys.stdout.write(rc.dumps(body))


@app.command()
def disclose(
    receipt_path: Annotated[Path, typer.Argument(metavar="RECEIPT", help="A full receipt.")],
    parts: Annotated[
        str | None, typer.Option(help="Comma-separated part indexes to reveal (none: redact).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Make a redacted receipt, or a partial disclosure revealing only some parts."""
    receipt = _read_receipt(receipt_path)
    try:
        indices = [int(p) for p in parts.split(",") if p.strip()] if parts else []
    except ValueError:
        fail(f"--parts must be comma-separated integers, not {parts!r}")
    try:
        rc.parse_receipt(receipt)
        result = rc.disclose(receipt, indices) if indices else rc.redact(receipt)
    except rc.ReceiptInvalid as exc:
        fail(f"{receipt_path}: {exc.reason}")
    if out is None:
        sys.stdout.write(rc.dumps(result))
        return
    try:
        out.write_text(rc.dumps(result), encoding="utf-8")
    except OSError as exc:
        fail(f"{out}: cannot write: {exc.strerror or exc}")
