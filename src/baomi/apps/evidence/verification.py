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
from baomi.ledger.receipt import Reason, ReceiptInvalid, ReceiptMalformed, loads
from baomi.ledger.verify import Verification, verify_receipt

MAX_RECEIPT_BYTES = 8 * 1024 * 1024
KEY_INSTANCE, KEY_GIVEN, KEY_RECEIPT = "instance", "given", "receipt"
KEY_CHOICES = [
    (KEY_INSTANCE, gettext_lazy("This platform's published log key")),
    (KEY_GIVEN, gettext_lazy("A log key I trust (paste it below)")),
    (KEY_RECEIPT, gettext_lazy("The key inside the receipt (internal consistency only)")),
]
SHA256_HEX = re.compile(r"[0-9a-f]{64}")

# Which §5 check each engine reason code belongs to, and how to say it plainly. Keyed by
# the stable code, never by the English reason text (which the engine may reword).
_NOT_READABLE = gettext_lazy(
    "This is not a readable evidence receipt (baomi-receipt/1): it is malformed or truncated."
)
_EXPLANATIONS: dict[Reason, tuple[str, Any]] = {
    Reason.MALFORMED: ("format", _NOT_READABLE),
    Reason.CHECKPOINT_MALFORMED: (
        "format",
        gettext_lazy("The receipt's checkpoint is not a well-formed signed note."),
    ),
    Reason.VERIFIER_KEY: ("signature", gettext_lazy("The log key is not a valid verifier key.")),
    Reason.WITNESS_KEY: (
        "witness",
        gettext_lazy("This platform's witness key is not a valid cosignature/v1 key."),
    ),
    Reason.OTHER_LOG: (
        "signature",
        gettext_lazy(
            "The receipt is from another evidence log than the one whose key was used. Verify it "
            "with that log's published key."
        ),
    ),
    Reason.CHECKPOINT_SIGNATURE: (
        "signature",
        gettext_lazy(
            "The checkpoint's signature does not verify under the log key: the receipt was altered "
            "or the key is not this log's."
        ),
    ),
    Reason.INDEX_BEYOND_TREE: (
        "inclusion",
        gettext_lazy(
            "The entry's index lies beyond the checkpoint's tree size: the receipt is inconsistent."
        ),
    ),
    Reason.INCLUSION_PROOF: (
        "inclusion",
        gettext_lazy(
            "The entry is not in the checkpoint's tree: the inclusion proof does not reach "
            "its root."
        ),
    ),
    Reason.ORIGIN_MISMATCH: (
        "inclusion",
        gettext_lazy("The checkpoint belongs to another log than the receipt names."),
    ),
    Reason.PART_MISMATCH: (
        "material",
        gettext_lazy("The material differs from the registered material."),
    ),
    Reason.PART_COUNT: (
        "material",
        gettext_lazy("The material has a different number of parts than the registration."),
    ),
    Reason.COMMITMENT_MISMATCH: (
        "material",
        gettext_lazy(
            "The part digests in the receipt do not produce its commitment: the receipt "
            "was altered."
        ),
    ),
    Reason.DISCLOSED_PART: (
        "material",
        gettext_lazy("A disclosed part does not belong to the commitment."),
    ),
    Reason.NO_MATCHING_PART: (
        "material",
        gettext_lazy("The material matches none of the disclosed parts."),
    ),
    Reason.REDACTED: (
        "material",
        gettext_lazy(
            "This receipt is redacted (it has no disclosure): it cannot prove the material. The "
            "registrant's full receipt is needed."
        ),
    ),
    Reason.WITNESS_COSIGNATURE: (
        "witness",
        gettext_lazy("A witness cosignature does not verify."),
    ),
    Reason.TIMESTAMP_TOKEN: (
        "timestamp",
        gettext_lazy("The RFC 3161 time-stamp token does not cover the checkpoint."),
    ),
}


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
    code: str = ""  # the engine's stable reason code (baomi.ledger.receipt.Reason)
    key_used: str = ""
    key_source: str = ""
    checks: list[Check] = field(default_factory=list)
    verification: Verification | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
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


def explain(code: Reason) -> tuple[str, str]:
    """The §5 check (a key of the check titles) a reason code fails, and a plain message."""
    if code in _EXPLANATIONS:
        check, message = _EXPLANATIONS[code]
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
        raise ReceiptMalformed(
            "material digests must be 64 hexadecimal digits each", code=Reason.MALFORMED
        )
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
    except ReceiptInvalid as exc:
        check, message = explain(exc.code)
        # The key is worth showing when the signature check ran with it, not when it is unusable.
        shows_key = check == "signature" and not isinstance(exc, ReceiptMalformed)
        return Outcome(
            False,
            message,
            reason=exc.reason,
            code=str(exc.code),
            key_used=(trusted or "") if shows_key else "",
            checks=[Check(check, titles[check], "fail")],
        )
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        # The engine parses strictly; anything else that slips through is still bad input.
        return Outcome(
            False,
            str(_NOT_READABLE),
            reason=str(exc)[:300],
            code=str(Reason.MALFORMED),
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
