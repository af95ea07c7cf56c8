"""The evidence ledger engine (存证): Merkle log, signed notes, receipts, verification.

Framework-free: no Django import. See ``docs/ledger.md`` and the
evidence-receipt spec. The entry points for applications are in
:mod:`baomi.ledger.instance` (``init_instance``, ``Ledger``) and
:mod:`baomi.ledger.verify` (``verify_receipt``).
"""
