"""SQL expressions that classify URLs, mail recipients and file names.

The loaders run these inside DuckDB so classification is vectorised over
millions of rows; :class:`baomi.risk.schema.Classifier` holds the domain lists.
"""

from __future__ import annotations

from baomi.risk.schema import FILE_EXTENSIONS, Category, Classifier, EventKind
from baomi.risk.store import sql_str


def host_sql(url: str) -> str:
    """SQL: the lower-case host name of a URL expression."""
    return f"regexp_extract(lower(coalesce({url}, '')), '^(?:[a-z][a-z0-9+.-]*://)?([^/:?#@]+)', 1)"


def url_category_sql(url: str, clf: Classifier) -> str:
    """SQL: the :class:`Category` of a URL (cloud drive, job site, internal system, web)."""
    host = host_sql(url)
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
    upload = f"regexp_matches(lower(coalesce({url}, '')), {sql_str(clf.upload_url_pattern)})"
    fallback = (
        f"CASE WHEN {upload} THEN '{EventKind.HTTP_UPLOAD}' ELSE '{EventKind.HTTP_VISIT}' END"
    )
    if given_kind is not None:
        fallback = f"coalesce(nullif({given_kind}, ''), {fallback})"
    internal = f"{category} = '{Category.INTERNAL_SYSTEM}'"
    return f"CASE WHEN {internal} THEN '{EventKind.REQUEST}' ELSE {fallback} END"


def mail_category_sql(recipients: str, clf: Classifier, org_domains: list[str]) -> str:
    """SQL: personal mail if any recipient is at a personal provider, else external if any
    recipient is outside the organisation's domains, else internal."""
    domains = (
        f"list_transform(string_split(lower(coalesce({recipients}, '')), ';'), "
        f"lambda x: regexp_extract(trim(x), '@([^@>\\s]+)>?$', 1))"
    )
    personal = clf.domain_regex(clf.personal_mail_domains)
    org = clf.domain_regex(tuple(org_domains))
    any_personal = f"lambda d: regexp_matches(d, {sql_str(personal)})"
    any_outside = f"lambda d: d <> '' AND NOT regexp_matches(d, {sql_str(org)})"
    return (
        f"CASE WHEN len(list_filter({domains}, {any_personal})) > 0 "
        f"THEN '{Category.PERSONAL_MAIL}' "
        f"WHEN len(list_filter({domains}, {any_outside})) > 0 "
        f"THEN '{Category.EXTERNAL_MAIL}' ELSE '{Category.INTERNAL_MAIL}' END"
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
    return f"trim(regexp_replace(coalesce({expr}, ''), '^.*[/\\\\]', ''))"
