"""A real browser registers a file as evidence: it hashes the file itself and the server
receives only names and digests; then the public page verifies the receipt with the file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import urllib.parse
from pathlib import Path

import pytest

from baomi.apps.evidence.models import Registration
from baomi.apps.orgs.services import membership_add, organisation_create, user_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET_TEXT = "机密-配方-MARKER-7f3a：树脂 42%，固化剂 8%，温度 135 ℃\n" * 50


def chromium_path() -> str:
    path = os.environ.get("BAOMI_CHROMIUM") or shutil.which("chromium")
    if path is None:
        pytest.fail("Debian chromium is needed for browser tests: run `make browser-deps`")
    return path


def test_the_browser_sends_only_digests(live_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    org = organisation_create(
        name="华锐精密机械有限公司", slug="huarui", credit_code="91440606MA4W3K7P2Y"
    )
    admin = user_create(email="admin@huarui.example.cn", password="s3cret-pass", name="王敏")
    membership_add(user=admin, role="owner_admin", organisation=org)
    material = tmp_path / "配方.txt"
    material.write_text(SECRET_TEXT, encoding="utf-8")
    digest = hashlib.sha256(material.read_bytes()).hexdigest()
    posted: list[bytes] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(locale="zh-CN")
        page.on(
            "request",
            lambda req: (
                posted.append(req.post_data_buffer or b"") if req.method == "POST" else None
            ),
        )
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "admin@huarui.example.cn")
        page.fill("input[name=password]", "s3cret-pass")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        posted.clear()
        page.goto(f"{live_server.url}/evidence/new/")
        page.set_input_files("#ev-file", str(material))
        page.wait_for_selector("[data-ev-preview] td")
        shown = page.inner_text("[data-ev-preview]")
        page.fill("input[name=title]", "配方文件")
        page.click("form[data-evidence=register] button[type=submit]")
        page.wait_for_selector("h1:has-text('配方文件')")
        receipt_text = page.evaluate(
            "url => fetch(url).then(r => r.text())", page.url + "receipt.json"
        )
        receipt_file = tmp_path / "r.receipt.json"
        receipt_file.write_text(receipt_text, encoding="utf-8")
        register_posts = list(posted)
        posted.clear()
        page.goto(f"{live_server.url}/evidence/verify/")
        page.set_input_files("input[name=receipt_file]", str(receipt_file))
        page.set_input_files("#ev-material", str(material))
        page.wait_for_function("document.querySelector('input[name=digests]').value.length === 64")
        page.click("form[data-evidence=verify] button[type=submit]")
        page.wait_for_selector(".ev-verdict")
        verdict = page.inner_text(".ev-verdict")
        checks = page.locator(".ev-checks li.ok").all_inner_texts()
        material_input_name = page.get_attribute("#ev-material", "name")
        browser.close()

    assert digest in shown
    assert len(register_posts) == 1
    body = register_posts[0]
    assert b"MARKER-7f3a" not in body
    assert SECRET_TEXT.encode()[:40] not in body
    form = urllib.parse.parse_qs(body.decode())
    parts = json.loads(form["parts"][0])
    assert parts == [{"name": "配方.txt", "sha256": digest, "size": material.stat().st_size}]
    registration = Registration.objects.get(organisation=org)
    assert registration.parts[0]["sha256"] == digest
    assert "✓" in verdict
    # Material, inclusion, log signature and the witness all check out.
    assert len(checks) == 4
    assert "①" in checks[0]
    # The material picker on the public page has no name: a form never uploads it.
    assert material_input_name is None
