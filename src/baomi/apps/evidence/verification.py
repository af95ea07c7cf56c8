"""Public verification of a receipt, explained check by check in plain language.

Anyone may verify, without logging in: the receipt is checked with the instance's own
published key (default), with a key the visitor pastes (another log's, trusted out of band),
or — only as a consistency check — with the key inside the receipt. The material, if given,
arrives as digests computed in the visitor's browser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baomi.apps.evidence.log_access import public_state
from baomi.ledger.receipt import ReceiptInvalid, ReceiptMalformed, loads
from baomi.ledger.verify import Verification, verify_receipt

MAX_RECEIPT_BYTES = 8 * 1024 * 1024
KEY_INSTANCE, KEY_GIVEN, KEY_RECEIPT = "instance", "given", "receipt"
KEY_CHOICES = [
    (KEY_INSTANCE, gettext_lazy("This platform's published log key")),
    (KEY_GIVEN, gettext_lazy("A log key I trust (paste it below)")),
    (KEY_RECEIPT, gettext_lazy("The key inside the receipt (internal consistency only)")),
]
SHA256_HEX = re.compile(r"[0-9a-f]{64}")

# Which §5 check a reason from the engine belongs to, and how to say it plainly.
_REASONS: list[tuple[str, str, Any]] = [
    (
        "the receipt is from another log",
        "signature",
        gettext_lazy(
            "The receipt is from another evidence log than the one whose key was used. Verify it "
            "with that log's published key."
        ),
    ),
    (
        "checkpoint signature",
        "signature",
        gettext_lazy(
            "The checkpoint's signature does not verify under the log key: the receipt was altered "
            "or the key is not this log's."
        ),
    ),
    ("verifier key", "signature", gettext_lazy("The log key is not a valid verifier key.")),
    (
        "beyond the checkpoint",
        "inclusion",
        gettext_lazy(
            "The entry's index lies beyond the checkpoint's tree size: the receipt is inconsistent."
        ),
    ),
    (
        "inclusion",
        "inclusion",
        gettext_lazy(
            "The entry is not in the checkpoint's tree: the inclusion proof does not reach "
            "its root."
        ),
    ),
    (
        "origin differs",
        "inclusion",
        gettext_lazy("The checkpoint belongs to another log than the receipt names."),
    ),
    ("checkpoint:", "inclusion", gettext_lazy("The checkpoint is not a well-formed signed note.")),
    (
        "differs from the registered material",
        "material",
        gettext_lazy("The material differs from the registered material."),
    ),
    (
        "the material has",
        "material",
        gettext_lazy("The material has a different number of parts than the registration."),
    ),
    (
        "disclosure does not match",
        "material",
        gettext_lazy(
            "The part digests in the receipt do not produce its commitment: the receipt "
            "was altered."
        ),
    ),
    (
        "disclosed part",
        "material",
        gettext_lazy("A disclosed part does not belong to the commitment."),
    ),
    (
        "matches none of the disclosed parts",
        "material",
        gettext_lazy("The material matches none of the disclosed parts."),
    ),
    (
        "receipt is redacted",
        "material",
        gettext_lazy(
            "This receipt is redacted (it has no disclosure): it cannot prove the material. The "
            "registrant's full receipt is needed."
        ),
    ),
    ("witness cosignature", "witness", gettext_lazy("A witness cosignature does not verify.")),
    (
        "time-stamp token",
        "timestamp",
        gettext_lazy("The RFC 3161 time-stamp token does not cover the checkpoint."),
    ),
]


@dataclass
class Check:
    key: str
    title: str
    status: str  # ok | fail | warn | skip
    detail: str = ""


@dataclass
class Outcome:
    """The result of a public verification, ready to be shown or returned as JSON."""

    valid: bool
    message: str
    reason: str = ""
    key_used: str = ""
    key_source: str = ""
    checks: list[Check] = field(default_factory=list)
    verification: Verification | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "message": self.message,
            "reason": self.reason,
            "key_used": self.key_used,
            "key_source": self.key_source,
            "checks": [c.__dict__ for c in self.checks],
            "result": self.verification.to_json() if self.verification else None,
        }


def _titles() -> dict[str, str]:
    return {
        "format": _("Receipt format"),
        "material": _("1. Material and commitment"),
        "inclusion": _("2. Entry included in the log"),
        "signature": _("3. Log signature"),
        "witness": _("4. Witness cosignatures"),
        "timestamp": _("5. Trusted time-stamp (RFC 3161)"),
    }


def _explain(reason: str) -> tuple[str, str]:
    for needle, check, message in _REASONS:
        if needle in reason:
            return check, str(message)
    return "format", _("The receipt is not valid.")


def parse_digests(raw: Sequence[str] | str | None) -> list[bytes] | None:
    """Material digests as sent by the page (hex, one per part, in order); None if absent."""
    if raw is None or raw == "" or raw == []:
        return None
    items = raw.split() if isinstance(raw, str) else list(raw)
    if len(items) > 100_000 or not all(
        isinstance(d, str) and SHA256_HEX.fullmatch(d.lower()) for d in items
    ):
        raise ReceiptMalformed("material digests must be 64 hexadecimal digits each")
    return [bytes.fromhex(d.lower()) for d in items]


def receipt_verify(
    *,
    receipt: str | bytes | dict[str, Any],
    digests: Sequence[bytes] | None = None,
    key_choice: str = KEY_INSTANCE,
    vkey: str = "",
) -> Outcome:
    """Verify a receipt (text or parsed JSON) and explain each check. Never raises for bad
    input: a malformed receipt is an outcome like any other."""
    titles = _titles()
    state = public_state()
    witness_keys = [state.witness_vkey] if state.witness_vkey else []
    if key_choice == KEY_GIVEN:
        trusted: str | None = vkey.strip()
        key_label = _("the key you gave")
        if not trusted:
            return Outcome(False, _("Paste the log key you trust, or choose another option."))
    elif key_choice == KEY_RECEIPT:
        trusted = None
        key_label = _("the key inside the receipt")
    else:
        trusted = state.vkey
        key_label = _("this platform's published key")
    try:
        obj = receipt if isinstance(receipt, dict) else loads(receipt)
        result = verify_receipt(obj, vkey=trusted, material=digests, witness_vkeys=witness_keys)
    except ReceiptMalformed as exc:
        if "verifier key" in exc.reason:
            check, message = _explain(exc.reason)
            return Outcome(
                False, message, reason=exc.reason, checks=[Check(check, titles[check], "fail")]
            )
        return Outcome(
            False,
            _(
                "This is not a readable evidence receipt (baomi-receipt/1): it is malformed or "
                "truncated."
            ),
            reason=exc.reason,
            checks=[Check("format", titles["format"], "fail")],
        )
    except ReceiptInvalid as exc:
        check, message = _explain(exc.reason)
        return Outcome(
            False,
            message,
            reason=exc.reason,
            key_used=(trusted or "") if check == "signature" else "",
            checks=[Check(check, titles[check], "fail")],
        )
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        # The engine parses strictly; anything else that slips through is still bad input.
        return Outcome(
            False,
            _(
                "This is not a readable evidence receipt (baomi-receipt/1): it is malformed or "
                "truncated."
            ),
            reason=str(exc)[:300],
        )
    return _success(result, titles, trusted or str(obj.get("log", {}).get("vkey", "")), key_label)


def _success(result: Verification, titles: dict[str, str], key: str, key_label: str) -> Outcome:
    checks = []
    if result.material == "checked":
        checks.append(
            Check(
                "material",
                titles["material"],
                "ok",
                _(
                    "The material you chose hashes, with the receipt's salts, to the registered "
                    "commitment: it is exactly the registered material."
                ),
            )
        )
    elif result.material == "part checked":
        checks.append(
            Check(
                "material",
                titles["material"],
                "ok",
                _("The material you chose is one of the parts disclosed by this receipt."),
            )
        )
    elif result.disclosure == "none":
        checks.append(
            Check(
                "material",
                titles["material"],
                "skip",
                _(
                    "Redacted receipt: it proves that the commitment was registered, "
                    "not what it covers."
                ),
            )
        )
    else:
        checks.append(
            Check(
                "material",
                titles["material"],
                "skip",
                _(
                    "The receipt's disclosure matches its commitment. Choose the file or folder to "
                    "check the material itself."
                ),
            )
        )
    checks.append(
        Check(
            "inclusion",
            titles["inclusion"],
            "ok",
            _("Entry %(index)d is in the log's tree of %(size)d entries.")
            % {"index": result.index, "size": result.tree_size},
        )
    )
    if result.key_source == "receipt":
        checks.append(
            Check(
                "signature",
                titles["signature"],
                "warn",
                _(
                    "The checkpoint's signature verifies under the key inside the receipt. "
                    "This proves only that the receipt is internally consistent: "
                    "verify with the log's published key."
                ),
            )
        )
    else:
        checks.append(
            Check(
                "signature",
                titles["signature"],
                "ok",
                _("The checkpoint is signed by the log %(origin)s, verified with %(key)s.")
                % {"origin": result.origin, "key": key_label},
            )
        )
    if not result.cosignatures:
        checks.append(Check("witness", titles["witness"], "skip", _("No witness cosignature.")))
    for c in result.cosignatures:
        if c.verified:
            checks.append(
                Check(
                    "witness",
                    titles["witness"],
                    "ok",
                    _("Witness %(name)s cosigned the checkpoint at %(time)s (UTC).")
                    % {"name": c.witness, "time": c.time},
                )
            )
        else:
            checks.append(
                Check(
                    "witness",
                    titles["witness"],
                    "warn",
                    _(
                        "Cosignature by %(name)s: not checked, its key is not one this platform "
                        "trusts."
                    )
                    % {"name": c.witness},
                )
            )
    if result.timestamp:
        checks.append(
            Check(
                "timestamp",
                titles["timestamp"],
                "ok",
                _("Time-stamped at %(time)s (UTC) by %(tsa)s; the token covers the checkpoint.")
                % {"time": result.timestamp["time"], "tsa": result.timestamp.get("tsa") or "TSA"},
            )
        )
    else:
        checks.append(Check("timestamp", titles["timestamp"], "skip", _("No time-stamp token.")))
    message = _("The receipt is valid.")
    return Outcome(
        True,
        message,
        key_used=key,
        key_source=result.key_source,
        checks=checks,
        verification=result,
    )
