"""Optional RFC 3161 time-stamp tokens over checkpoint bodies (via ``rfc3161-client``).

The token's message imprint is SHA-256 of the checkpoint body (the signed
text of the checkpoint note). The log stores the whole DER ``TimeStampResp``.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

SHA256_OID = "2.16.840.1.101.3.4.2.1"


class TimestampError(ValueError):
    """A time-stamp could not be obtained, or a token does not cover the data."""


def request_token(url: str, data: bytes, timeout: float = 10.0) -> bytes:
    """Ask the TSA at ``url`` to time-stamp SHA-256 of ``data``; return the DER response."""
    if not url.startswith(("http://", "https://")):
        raise TimestampError(f"TSA URL must be http(s): {url}")
    req = TimestampRequestBuilder(data=data, hash_algorithm=HashAlgorithm.SHA256).build()
    http = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=req.as_bytes(),
        headers={"Content-Type": "application/timestamp-query"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(http, timeout=timeout) as resp:  # noqa: S310
            der = resp.read()
    except (urllib.error.URLError, OSError) as exc:
        raise TimestampError(f"TSA at {url} did not answer: {exc}") from exc
    try:
        tsr = decode_timestamp_response(der)
    except ValueError as exc:
        raise TimestampError(f"TSA at {url} sent a malformed response: {exc}") from exc
    if tsr.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        raise TimestampError(f"TSA at {url} refused: status {tsr.status}")
    if tsr.tst_info.nonce != req.nonce:
        raise TimestampError(f"TSA at {url} answered with another nonce")
    _check_imprint(tsr, data)
    return der


def _check_imprint(tsr: Any, data: bytes) -> None:
    imprint = tsr.tst_info.message_imprint
    if imprint.hash_algorithm.dotted_string != SHA256_OID:
        raise TimestampError("token does not use SHA-256")
    if imprint.message != hashlib.sha256(data).digest():
        raise TimestampError("token does not cover the checkpoint body")


def _load_certificate(data: bytes) -> x509.Certificate:
    if data.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def check_token(token: bytes, data: bytes, roots: Sequence[bytes] = ()) -> dict[str, Any]:
    """Check that ``token`` (a DER TimeStampResp) covers SHA-256 of ``data``.

    With trusted TSA ``roots`` (PEM or DER certificates) the token's signature
    and certificate chain are verified too. Returns ``{"time", "tsa",
    "signature_checked"}``.
    """
    try:
        tsr = decode_timestamp_response(token)
    except ValueError as exc:
        raise TimestampError(f"malformed token: {exc}") from exc
    _check_imprint(tsr, data)
    checked = False
    if roots:
        builder = VerifierBuilder()
        for cert in roots:
            builder = builder.add_root_certificate(_load_certificate(cert))
        try:
            checked = builder.build().verify_message(tsr, data)
        except VerificationError as exc:
            raise TimestampError(f"token signature does not verify: {exc}") from exc
        if not checked:
            raise TimestampError("token signature does not verify")
    gen_time = tsr.tst_info.gen_time
    return {
        "time": gen_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tsa": str(tsr.tst_info.name) if tsr.tst_info.name is not None else None,
        "signature_checked": checked,
    }
