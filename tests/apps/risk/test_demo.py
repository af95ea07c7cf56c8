"""The demo: synthetic activity for the machine-tool maker, ranked, with a case on the top."""

from __future__ import annotations

import shutil
import tempfile

from django.test import TestCase, override_settings

from baomi.apps.risk.models import ActivityImport, CaseStatus, ImportStatus, RiskCase
from baomi.demo import seed_demo
from baomi.demo.risk import seed_risk


class DemoTestCase(TestCase):
    def setUp(self) -> None:
        home = tempfile.mkdtemp(prefix="baomi-risk-demo-")
        overrides = override_settings(BAOMI_HOME=home, MEDIA_ROOT=f"{home}/files")
        overrides.enable()
        self.addCleanup(overrides.disable)
        self.addCleanup(shutil.rmtree, home, ignore_errors=True)

    def test_the_demo_imports_ranks_and_opens_a_case(self) -> None:
        seed_demo()
        with self.captureOnCommitCallbacks(execute=True):
            summary = seed_risk()
        assert summary is not None
        item = ActivityImport.objects.get()
        self.assertEqual(item.status, ImportStatus.DONE)
        self.assertGreater(item.events, 10_000)
        case = RiskCase.objects.get()
        self.assertEqual((case.subject, case.status), (summary["top_user"], CaseStatus.ANNOTATED))
        self.assertTrue(case.scenarios)
        self.assertEqual(case.organisation.slug, "huarui")
        self.assertEqual(seed_risk(), summary)  # idempotent
        self.assertEqual((ActivityImport.objects.count(), RiskCase.objects.count()), (1, 1))

    def test_without_the_demo_enterprise_it_does_nothing(self) -> None:
        self.assertIsNone(seed_risk())
