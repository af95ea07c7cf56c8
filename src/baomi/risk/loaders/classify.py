"""SQL expressions that classify URLs, mail recipients and file names.

The loaders run these inside DuckDB so classification is vectorised over
millions of rows; :class:`baomi.risk.schema.Classifier` holds the domain lists.
"""

from __future__ import annotations

import re

from baomi.risk.schema import FILE_EXTENSIONS, Category, Classifier, EventKind
from baomi.risk.store import sql_str


def host_sql(url: str) -> str:
    """SQL: the lower-case host name of a URL expression (one reference to ``url``)."""
    pattern = sql_str(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/?#]*@)?([^/:?#]*)")
    return f"regexp_extract(lower(coalesce({url}, '')), {pattern}, 1)"


def url_category_sql(host: str, clf: Classifier) -> str:
    """SQL: the :class:`Category` of a URL from its host (see :func:`host_sql`; compute the
    host once per row in an inner query): internal system, cloud drive, job site or web."""
    return (
        f"CASE WHEN regexp_matches({host}, {sql_str(clf.internal_regex())}) "
        f"THEN '{Category.INTERNAL_SYSTEM}' "
        f"WHEN regexp_matches({host}, {sql_str(clf.domain_regex(clf.cloud_drive_domains))}) "
        f"THEN '{Category.CLOUD_DRIVE}' "
        f"WHEN regexp_matches({host}, {sql_str(clf.domain_regex(clf.job_site_domains))}) "
        f"THEN '{Category.JOB_SITE}' ELSE '{Category.WEB}' END"
    )


def url_kind_sql(url: str, category: str, clf: Classifier, given_kind: str | None = None) -> str:
    """SQL: the event kind of a web event: request to an internal system, upload or visit."""
    lowered = f"lower(coalesce({url}, ''))"
    upload = " OR ".join(f"contains({lowered}, {sql_str(m)})" for m in clf.upload_url_markers)
    fallback = (
        f"CASE WHEN {upload or 'false'} THEN '{EventKind.HTTP_UPLOAD}' "
        f"ELSE '{EventKind.HTTP_VISIT}' END"
    )
    if given_kind is not None:
        fallback = f"coalesce(nullif({given_kind}, ''), {fallback})"
    internal = f"{category} = '{Category.INTERNAL_SYSTEM}'"
    return f"CASE WHEN {internal} THEN '{EventKind.REQUEST}' ELSE {fallback} END"


def mail_domains_sql(recipients: str) -> str:
    """SQL: the recipient domains of a ``;``-joined address list (compute once per row)."""
    return (
        f"list_transform(string_split(lower(coalesce({recipients}, '')), ';'), "
        f"lambda x: CASE WHEN contains(x, '@') THEN rtrim(trim(split_part(x, '@', -1)), '>') "
        f"ELSE '' END)"
    )


def mail_category_sql(domains: str, clf: Classifier, org_domains: list[str]) -> str:
    """SQL: personal mail if any recipient domain (see :func:`mail_domains_sql`) is a personal
    provider, else external if any is outside the organisation's domains, else internal.

    One regular expression over the joined list and list set operations: no
    per-element lambda, which would be much slower on millions of mails.
    """
    providers = "|".join(re.escape(d.lower()) for d in clf.personal_mail_domains) or "\\b\\B"
    personal = sql_str(f";([^;]*\\.)?({providers});")
    joined = f"';' || array_to_string({domains}, ';') || ';'"
    inside = "[" + ", ".join(sql_str(d.lower()) for d in ("", *org_domains)) + "]"
    distinct = f"list_distinct({domains})"
    outside = f"len({distinct}) > len(list_intersect({distinct}, {inside}))"
    return (
        f"CASE WHEN regexp_matches({joined}, {personal}) THEN '{Category.PERSONAL_MAIL}' "
        f"WHEN {outside} THEN '{Category.EXTERNAL_MAIL}' ELSE '{Category.INTERNAL_MAIL}' END"
    )


def file_type_sql(name: str) -> str:
    """SQL: the :class:`FileType` of a file name expression, from its extension."""
    ext = f"lower(regexp_extract(coalesce({name}, ''), '\\.([A-Za-z0-9]+)$', 1))"
    cases = " ".join(
        f"WHEN {ext} IN ({', '.join(sql_str(e) for e in exts)}) THEN '{file_type}'"
        for file_type, exts in FILE_EXTENSIONS.items()
    )
    return f"CASE WHEN coalesce({name}, '') = '' THEN '' {cases} ELSE 'other' END"


def user_sql(expr: str) -> str:
    """SQL: a user id without a ``DOMAIN/`` or ``DOMAIN\\`` prefix (as in ``DTAA/ABC0123``)."""
    value = f"coalesce({expr}, '')"
    return f"trim(split_part(split_part({value}, '/', -1), '\\', -1))"
