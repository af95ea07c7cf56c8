"""Zip archives: nesting, origins, member names and the limits against zip bombs."""

from __future__ import annotations

import zipfile

import pytest
from hypothesis import HealthCheck, given, settings

from baomi.extract import ExtractError, Limits, Unit, extract_bytes

TEXT = "退火工艺：温度 850 ℃，保温 30 分钟。".encode()


def by_origin(results) -> dict[str, Unit | ExtractError]:
    return {result.origin: result for result in results}


def test_members_keep_their_origin_through_nested_archives(build) -> None:
    inner = build.zip({"c.txt": TEXT, "deep/d.py": b"SECRET_RATIO = 0.618\n"})
    outer = build.zip({"dir/a.docx": build.docx(["正文段落"]), "b.zip": inner})
    results = by_origin(extract_bytes(outer, "archive.zip"))
    assert list(results) == [
        "archive.zip!dir/a.docx",
        "archive.zip!b.zip!c.txt",
        "archive.zip!b.zip!deep/d.py",
    ]
    assert results["archive.zip!dir/a.docx"].text == "正文段落"  # type: ignore[union-attr]
    assert results["archive.zip!b.zip!deep/d.py"].language == "python"  # type: ignore[union-attr]


def test_directories_are_skipped_and_empty_archive_gives_nothing(build) -> None:
    data = build.zip({"folder/": b"", "folder/a.txt": TEXT})
    assert [r.origin for r in extract_bytes(data, "a.zip")] == ["a.zip!folder/a.txt"]
    assert list(extract_bytes(build.zip({}), "empty.zip")) == []


def test_gbk_member_names_without_utf8_flag_are_decoded(build) -> None:
    gbk_name = "客户名单.txt".encode("gbk")
    placeholder = b"X" * (len(gbk_name) - 4) + b".txt"
    data = build.zip({placeholder.decode(): TEXT}).replace(placeholder, gbk_name)
    (unit,) = extract_bytes(data, "a.zip")
    assert unit.origin == "a.zip!客户名单.txt"


def test_zip_bomb_by_ratio_is_refused_and_the_walk_goes_on(build) -> None:
    data = build.zip({"bomb.txt": b"\0" * (8 << 20), "ok.txt": TEXT})
    results = by_origin(extract_bytes(data, "bomb.zip"))
    bomb = results["bomb.zip!bomb.txt"]
    assert isinstance(bomb, ExtractError) and bomb.code == "archive_ratio"
    assert "zip bomb" in bomb.reason
    assert isinstance(results["bomb.zip!ok.txt"], Unit)


def test_small_highly_compressible_members_are_allowed(build) -> None:
    data = build.zip({"spaces.txt": b" " * 100_000 + TEXT})
    (unit,) = extract_bytes(data, "a.zip")
    assert isinstance(unit, Unit)


def test_office_file_that_is_a_zip_bomb_is_refused(build) -> None:
    with zipfile.ZipFile(__import__("io").BytesIO(build.docx(["正文"]))) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["word/media/padding.bin"] = b"\0" * (8 << 20)
    (result,) = extract_bytes(build.zip(parts), "bomb.docx")
    assert isinstance(result, ExtractError) and result.code == "archive_ratio"


def test_total_uncompressed_size_is_limited_per_top_level_file(build) -> None:
    limits = Limits(max_total_bytes=1 << 20)
    big_text = ("保密" * 200_000).encode()  # 1.2 MB, compresses well below the ratio limit
    (result,) = extract_bytes(build.zip({"big.txt": big_text}), "a.zip", limits=limits)
    assert isinstance(result, ExtractError) and result.code == "archive_too_large"
    assert result.origin == "a.zip"


def test_nested_archives_share_one_total(build) -> None:
    limits = Limits(max_total_bytes=1 << 20)
    part = bytes(range(256)) * 2400  # 600 KB each, incompressible enough
    inner = build.zip({"a.bin.txt": part, "b.bin.txt": part}, method=zipfile.ZIP_STORED)
    outer = build.zip({"inner.zip": inner})
    results = list(extract_bytes(outer, "outer.zip", limits=limits))
    codes = {r.origin: r.code for r in results if isinstance(r, ExtractError)}
    assert "archive_too_large" in codes.values()


def test_nesting_deeper_than_the_limit_is_refused(build) -> None:
    data = TEXT
    name = "leaf.txt"
    for level in range(7):
        data = build.zip({name: data})
        name = f"level{level}.zip"
    results = list(extract_bytes(data, "top.zip", limits=Limits(max_depth=5)))
    (error,) = results
    assert isinstance(error, ExtractError) and error.code == "archive_depth"
    assert error.origin.count("!") == 5
    shallow = list(extract_bytes(data, "top.zip", limits=Limits(max_depth=8)))
    assert [type(r) for r in shallow] == [Unit]
    assert shallow[0].origin.count("!") == 7


def test_too_many_members_is_refused(build) -> None:
    data = build.zip({f"m{i}.txt": TEXT for i in range(11)})
    (result,) = extract_bytes(data, "many.zip", limits=Limits(max_members=10))
    assert isinstance(result, ExtractError) and result.code == "too_many_members"
    assert len(list(extract_bytes(data, "many.zip", limits=Limits(max_members=11)))) == 11


def test_member_count_includes_nested_archives(build) -> None:
    inner = build.zip({f"m{i}.txt": TEXT for i in range(6)})
    outer = build.zip({"a.zip": inner, "b.zip": inner})
    results = list(extract_bytes(outer, "o.zip", limits=Limits(max_members=10)))
    errors = [r for r in results if isinstance(r, ExtractError)]
    assert [e.code for e in errors] == ["too_many_members"]
    assert errors[0].origin == "o.zip!b.zip"


def test_oversize_member_is_refused(build) -> None:
    data = build.zip({"big.txt": bytes(range(256)) * 8, "ok.txt": TEXT})
    results = by_origin(extract_bytes(data, "a.zip", limits=Limits(max_file_bytes=1024)))
    assert results["a.zip!big.txt"].code == "file_too_large"  # type: ignore[union-attr]
    assert isinstance(results["a.zip!ok.txt"], Unit)


def test_truncated_zip_is_malformed(build) -> None:
    data = build.zip({"a.txt": TEXT * 50, "b.txt": TEXT})
    (result,) = extract_bytes(data[: len(data) // 2], "cut.zip")
    assert isinstance(result, ExtractError) and result.code == "malformed"


def test_damaged_member_is_malformed_and_others_still_read(build) -> None:
    data = bytearray(build.zip({"a.txt": TEXT, "b.txt": TEXT}, method=zipfile.ZIP_STORED))
    position = data.index(TEXT)
    data[position] ^= 0xFF  # breaks a.txt's CRC
    results = by_origin(extract_bytes(bytes(data), "a.zip"))
    assert results["a.zip!a.txt"].code == "malformed"  # type: ignore[union-attr]
    assert isinstance(results["a.zip!b.txt"], Unit)


def test_encrypted_member_is_unreadable(build) -> None:
    data = bytearray(build.zip({"locked.txt": TEXT}))
    # Set the "encrypted" flag in the local header and the central directory.
    local = data.index(b"PK\x03\x04")
    data[local + 6] |= 0x1
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    (result,) = extract_bytes(bytes(data), "a.zip")
    assert isinstance(result, ExtractError) and result.code == "unreadable"
    assert "encrypted" in result.reason


def test_mail_attachments_count_as_nesting(build) -> None:
    mail = build.mail("附件", "正文", attachments={"a.zip": build.zip({"b.txt": TEXT})})
    results = list(extract_bytes(mail, "m.eml", limits=Limits(max_depth=1)))
    assert [(r.origin, type(r).__name__) for r in results] == [
        ("m.eml", "Unit"),
        ("m.eml!a.zip", "ExtractError"),
    ]
    assert results[1].code == "archive_depth"  # type: ignore[union-attr]
    deeper = list(extract_bytes(mail, "m.eml", limits=Limits(max_depth=2)))
    assert [r.origin for r in deeper] == ["m.eml", "m.eml!a.zip!b.txt"]


def make_tar(members: dict[str, bytes], mode: str = "w") -> bytes:
    import io
    import tarfile

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as archive:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


SOURCE_TREE = {
    "src/main.py": b"ANNEAL_TEMPERATURE = 850\n",
    "docs/readme.txt": "工艺说明".encode("gbk"),
}


@pytest.mark.parametrize(
    ("mode", "name"),
    [("w", "repo.tar"), ("w:gz", "repo.tar.gz"), ("w:gz", "repo.tgz"), ("w:bz2", "repo.tar.bz2"),
     ("w:xz", "repo.tar.xz")],
)  # fmt: skip
def test_tar_archives_plain_and_compressed(mode: str, name: str) -> None:
    results = list(extract_bytes(make_tar(SOURCE_TREE, mode), name))
    assert [(r.origin, r.kind) for r in results] == [  # type: ignore[union-attr]
        (f"{name}!src/main.py", "code"),
        (f"{name}!docs/readme.txt", "text"),
    ]
    assert results[1].text == "工艺说明"  # type: ignore[union-attr]


def test_a_single_compressed_file_is_one_member() -> None:
    import bz2
    import gzip
    import lzma

    for compress, name, inner in (
        (gzip.compress, "note.txt.gz", "note.txt"),
        (bz2.compress, "note.txt.bz2", "note.txt"),
        (lzma.compress, "note.txt.xz", "note.txt"),
    ):
        (unit,) = extract_bytes(compress("压缩的保密文本".encode()), name)
        assert isinstance(unit, Unit)
        assert (unit.origin, unit.text) == (f"{name}!{inner}", "压缩的保密文本")


def test_gzip_and_tar_bombs_are_refused() -> None:
    import gzip

    (error,) = extract_bytes(gzip.compress(b"\0" * (20 << 20)), "bomb.txt.gz")
    assert isinstance(error, ExtractError) and error.code == "archive_ratio"
    bomb = make_tar({"ok.txt": TEXT, "zeros.txt": b"\0" * (20 << 20)}, "w:gz")
    results = list(extract_bytes(bomb, "bomb.tgz"))
    assert [(r.origin, type(r).__name__) for r in results] == [
        ("bomb.tgz!ok.txt", "Unit"),
        ("bomb.tgz", "ExtractError"),
    ]
    assert results[1].code == "archive_ratio"  # type: ignore[union-attr]


def test_tar_limits_members_and_member_size() -> None:
    many = make_tar({f"m{i}.txt": TEXT for i in range(5)})
    results = list(extract_bytes(many, "many.tar", limits=Limits(max_members=3)))
    assert [type(r).__name__ for r in results] == ["Unit"] * 3 + ["ExtractError"]
    assert results[-1].code == "too_many_members"  # type: ignore[union-attr]
    big = make_tar({"big.txt": b"x" * 5000, "ok.txt": TEXT}, "w:gz")  # a few hundred bytes
    results = list(extract_bytes(big, "big.tgz", limits=Limits(max_file_bytes=4096)))
    assert [(r.origin, getattr(r, "code", "unit")) for r in results] == [
        ("big.tgz!big.txt", "file_too_large"),
        ("big.tgz!ok.txt", "unit"),
    ]


def test_damaged_tar_and_gzip_are_malformed() -> None:
    data = make_tar(SOURCE_TREE, "w:gz")
    (error,) = extract_bytes(data[:60], "cut.tgz")
    assert isinstance(error, ExtractError) and error.code == "malformed"
    (error,) = extract_bytes(b"\x1f\x8b" + bytes(100), "x.gz")
    assert isinstance(error, ExtractError) and error.code == "malformed"
    (error,) = extract_bytes(b"not a tar at all" * 40, "x.tar")
    assert isinstance(error, ExtractError) and error.code == "malformed"


def test_tar_nesting_counts_towards_depth(build) -> None:
    inner = make_tar({"c.txt": TEXT}, "w:gz")
    outer = build.zip({"b.tgz": inner})
    results = list(extract_bytes(outer, "a.zip", limits=Limits(max_depth=1)))
    assert [(r.origin, getattr(r, "code", "unit")) for r in results] == [
        ("a.zip!b.tgz", "archive_depth")
    ]
    assert [r.origin for r in extract_bytes(outer, "a.zip")] == ["a.zip!b.tgz!c.txt"]


def _tree_strategy():
    from hypothesis import strategies as st

    text = st.text(alphabet="保密工艺客户名单参数甲乙丙丁abc123 ", min_size=1, max_size=40).filter(
        lambda t: t.strip() != ""
    )
    leaf = st.tuples(st.just("leaf"), text)
    return st.recursive(
        leaf,
        lambda children: st.tuples(
            st.sampled_from(["zip", "tgz"]), st.lists(children, min_size=1, max_size=4)
        ),
        max_leaves=12,
    )


def _build_tree(node, build, prefix: str) -> tuple[bytes, list[tuple[str, str]]]:
    """The node's bytes and the (origin, text) pairs expected from it, in order."""
    kind, content = node
    if kind == "leaf":
        return content.encode(), [(prefix, content)]
    members: dict[str, bytes] = {}
    expected: list[tuple[str, str]] = []
    for index, child in enumerate(content):
        extension = {"leaf": ".txt", "zip": ".zip", "tgz": ".tgz"}[child[0]]
        name = f"d{index}/m{index}{extension}"
        data, inner = _build_tree(child, build, f"{prefix}!{name}")
        members[name] = data
        expected.extend(inner)
    if kind == "zip":
        return build.zip(members), expected
    return make_tar(members, "w:gz"), expected


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tree=_tree_strategy())
def test_every_leaf_of_nested_archives_is_found_once_with_its_origin(build, tree) -> None:
    if tree[0] == "leaf":
        tree = ("zip", [tree])
    data, expected = _build_tree(tree, build, "top.zip")
    results = list(extract_bytes(data, "top.zip", limits=Limits(max_depth=20)))
    assert all(isinstance(r, Unit) for r in results), results
    got = [(r.origin, r.text) for r in results]  # type: ignore[union-attr]
    assert got == [(origin, text) for origin, text in expected]
