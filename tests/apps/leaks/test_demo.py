import shutil
import tempfile

from django.test import TestCase, override_settings

from baomi.apps.leaks.models import Index, JobStatus
from baomi.demo import seed_demo
from baomi.demo.leaks import INDEX_NAME, seed_leaks


class DemoTestCase(TestCase):
    def setUp(self) -> None:
        home = tempfile.mkdtemp(prefix="baomi-leaks-demo-")
        overrides = override_settings(BAOMI_HOME=home, MEDIA_ROOT=f"{home}/files")
        overrides.enable()
        self.addCleanup(overrides.disable)
        self.addCleanup(shutil.rmtree, home, ignore_errors=True)

    def test_the_demo_shows_hits_and_a_bad_file(self) -> None:
        seed_demo()
        summary = seed_leaks()
        assert summary is not None
        index = Index.objects.get(name=INDEX_NAME)
        self.assertEqual((index.status, index.documents), (JobStatus.DONE, 4))
        scan = index.scans.get()
        self.assertEqual(scan.status, JobStatus.DONE)
        suspects = sorted(scan.hits.values_list("suspect", flat=True))
        self.assertEqual(suspects, ["U盘拷贝.zip!笔记/产线调试笔记.txt", "致王工的邮件草稿.txt"])
        self.assertEqual([e["origin"] for e in scan.errors], ["设备照片.jpg"])
        self.assertEqual(seed_leaks(), summary)  # idempotent
        self.assertEqual(Index.objects.count(), 1)

    def test_without_the_demo_enterprise_it_does_nothing(self) -> None:
        self.assertIsNone(seed_leaks())
