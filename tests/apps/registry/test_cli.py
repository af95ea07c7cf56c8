"""The `baomi secrets` commands act as a user and see exactly what that user sees."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baomi.cli import app
from baomi.testing import BaseTestCase

runner = CliRunner()


@pytest.fixture(autouse=True)
def _django_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    # Django is already configured by pytest-django; the CLI must not set it up again.
    import baomi.cli.common as common

    monkeypatch.setattr(common, "_django_ready", True)


class SecretsCliTestCase(BaseTestCase):
    def run_cli(self, *args: str) -> object:
        return runner.invoke(app, list(args))

    def test_list_json(self) -> None:
        r = self.run_cli("secrets", "list", "--as", "alice@a.example.cn", "--json")
        self.assertEqual(r.exit_code, 0, r.output)
        data = json.loads(r.stdout)
        self.assertEqual(data["org"], "org-a")
        self.assertEqual([s["code"] for s in data["secrets"]], ["A-001"])

    def test_list_checks_ownership(self) -> None:
        r = self.run_cli("secrets", "list", "--as", "charlie@b.example.cn", "--json")
        self.assertNotIn("A-001", r.stdout)
        r = self.run_cli("secrets", "list", "--as", "charlie@b.example.cn", "--org", "org-a")
        self.assertEqual(r.exit_code, 2)

    def test_add(self) -> None:
        r = self.run_cli(
            "secrets",
            "add",
            "--as",
            "alice@a.example.cn",
            "--code",
            "A-300",
            "--title",
            "配方",
            "--type",
            "technical",
            "--level",
            "core",
            "--point",
            "比例 3:2",
            "--json",
        )
        self.assertEqual(r.exit_code, 0, r.output)
        self.assertEqual(json.loads(r.stdout)["points"], ["比例 3:2"])

    def test_add_requires_rw_access(self) -> None:
        r = self.run_cli(
            "secrets",
            "add",
            "--as",
            "bob@a.example.cn",
            "--code",
            "A-301",
            "--title",
            "x",
            "--type",
            "technical",
            "--level",
            "core",
        )
        self.assertEqual(r.exit_code, 2)
        self.assertIn("permission denied", r.stderr)

    def test_add_bad_input_is_one_line(self) -> None:
        r = self.run_cli(
            "secrets",
            "add",
            "--as",
            "alice@a.example.cn",
            "--code",
            "A-302",
            "--title",
            "x",
            "--type",
            "secretive",
            "--level",
            "core",
        )
        self.assertEqual(r.exit_code, 2)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1)
        self.assertNotIn("Traceback", r.output)

    def test_export_and_import_round_trip(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "reg.xlsx"
            r = self.run_cli("secrets", "export", str(out), "--as", "alice@a.example.cn")
            self.assertEqual(r.exit_code, 0, r.output)
            r = self.run_cli("secrets", "import", str(out), "--as", "alice@a.example.cn", "--json")
            self.assertEqual(r.exit_code, 0, r.output)
            self.assertEqual(json.loads(r.stdout)["updated"], 1)

    def test_export_checks_ownership(self) -> None:
        r = self.run_cli("secrets", "export", "-", "--as", "charlie@b.example.cn")
        self.assertNotIn("热误差补偿算法", r.stdout)
        self.assertIn("不育系亲本", r.stdout)

    def test_import_bad_rows_exit_1(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            bad = Path(tmp) / "bad.csv"
            bad.write_text("编号,名称,类型,密级\nA-9,x,未知,核心\n", encoding="utf-8")
            r = self.run_cli("secrets", "import", str(bad), "--as", "alice@a.example.cn")
            self.assertEqual(r.exit_code, 1)
            self.assertIn("row 2", r.stderr)

    def test_unreadable_file_exit_2(self) -> None:
        r = self.run_cli("secrets", "import", "/nonexistent/x.csv", "--as", "alice@a.example.cn")
        self.assertEqual(r.exit_code, 2)
        self.assertIn("/nonexistent/x.csv", r.stderr)

    def test_acting_user_is_required(self) -> None:
        r = runner.invoke(app, ["secrets", "list"], env={"BAOMI_USER": ""})
        self.assertEqual(r.exit_code, 2)
