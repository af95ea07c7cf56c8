"""A real browser (Debian chromium, headless) logs in and registers a trade secret."""

from __future__ import annotations

import os
import shutil

import pytest

from baomi.apps.orgs.services import membership_add, organisation_create, user_create
from baomi.apps.registry.models import TradeSecret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def chromium_path() -> str:
    path = os.environ.get("BAOMI_CHROMIUM") or shutil.which("chromium")
    if path is None:
        pytest.fail("Debian chromium is needed for browser tests: run `make browser-deps`")
    return path


def test_admin_logs_in_and_creates_a_secret(live_server) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    org = organisation_create(
        name="华锐精密机械有限公司", slug="huarui", credit_code="91440606MA4W3K7P2Y"
    )
    admin = user_create(email="admin@huarui.example.cn", password="s3cret-pass", name="王敏")
    membership_add(user=admin, role="owner_admin", organisation=org)

    # Playwright's sync API runs an event loop in this thread: the ORM is used only
    # before and after the browser session.
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(locale="zh-CN")
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", "admin@huarui.example.cn")
        page.fill("input[name=password]", "s3cret-pass")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/secrets/new/")
        page.fill("input[name=code]", "HR-JS-009")
        page.fill("input[name=title]", "五轴热误差补偿模型")
        page.select_option("select[name=secret_type]", "technical")
        page.select_option("select[name=level]", "core")
        page.fill("textarea[name=points]", "温度测点 7 个的布置位置\n补偿系数矩阵的拟合方法")
        page.click("form.card button[type=submit]")
        page.wait_for_selector("h1:has-text('五轴热误差补偿模型')")
        heading = page.inner_text("h1")
        points = page.locator("ol.points li").all_inner_texts()
        browser.close()

    assert heading == "五轴热误差补偿模型"
    assert points == ["温度测点 7 个的布置位置", "补偿系数矩阵的拟合方法"]
    secret = TradeSecret.objects.get(organisation=org, code="HR-JS-009")
    assert secret.points.count() == 2
