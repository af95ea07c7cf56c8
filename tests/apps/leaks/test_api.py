from baomi.apps.leaks.testing import SUSPECT_TEXT, LeaksTestCase


class LeaksApiTestCase(LeaksTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.index = self.built_index(
            {"工艺规程.txt": SUSPECT_TEXT[400:900], "坏.txt": b"\x00" * 99}
        )
        self.scan = self.run_scan(self.index, {"邮件.txt": SUSPECT_TEXT}, label="审计")
        self.hit = self.scan.hits.get()

    def paths(self) -> list[str]:
        return [
            "/api/leaks/indexes",
            f"/api/leaks/indexes/{self.index.pk}",
            "/api/leaks/scans",
            f"/api/leaks/scans?index={self.index.pk}",
            f"/api/leaks/scans/{self.scan.pk}",
            f"/api/leaks/scans/{self.scan.pk}/hits",
            f"/api/leaks/hits/{self.hit.pk}",
        ]

    def test_it_lists_and_reads(self) -> None:
        auth = self.bearer(self.alice)
        indexes = self.client.get("/api/leaks/indexes", **auth).json()
        self.assertEqual([i["name"] for i in indexes], ["工艺文件"])
        self.assertEqual(indexes[0]["secrets"], ["A-001"])
        self.assertEqual(indexes[0]["errors"][0]["origin"], "坏.txt")
        scan = self.client.get(f"/api/leaks/scans/{self.scan.pk}", **auth).json()
        self.assertEqual((scan["label"], scan["status"], scan["hit_count"]), ("审计", "done", 1))
        self.assertEqual(scan["suspects"], ["邮件.txt"])
        hits = self.client.get(f"/api/leaks/scans/{self.scan.pk}/hits", **auth).json()
        self.assertEqual(len(hits), 1)
        hit = self.client.get(f"/api/leaks/hits/{self.hit.pk}", **auth).json()
        self.assertEqual(hit["secret"], "工艺规程.txt")
        self.assertEqual(hit["secret_code"], "A-001")
        passage = hit["passages"][0]
        start, end = passage["suspect_span"]
        self.assertEqual(SUSPECT_TEXT[start:end], passage["suspect_text"])

    def test_every_endpoint_answers_alice(self) -> None:
        auth = self.bearer(self.alice)
        for path in self.paths():
            self.assertEqual(self.client.get(path, **auth).status_code, 200, path)

    def test_it_checks_ownership(self) -> None:
        auth = self.bearer(self.charlie)
        self.assertEqual(self.client.get("/api/leaks/indexes", **auth).json(), [])
        self.assertEqual(self.client.get("/api/leaks/scans", **auth).json(), [])
        for path in self.paths()[1:]:
            if path == "/api/leaks/scans":
                continue
            self.assertEqual(self.client.get(path, **auth).status_code, 404, path)

    def test_it_requires_rw_access(self) -> None:
        auth = self.bearer(self.bob)
        for path in self.paths():
            self.assertEqual(self.client.get(path, **auth).status_code, 404, path)

    def test_base_operators_get_404(self) -> None:
        auth = self.bearer(self.erin)
        for path in self.paths():
            self.assertEqual(self.client.get(path, **auth).status_code, 404, path)

    def test_endpoints_require_a_token(self) -> None:
        for path in self.paths():
            self.assertEqual(self.client.get(path).status_code, 401, path)

    def test_openapi_lists_the_endpoints(self) -> None:
        schema = self.client.get("/api/openapi.json").json()
        self.assertIn("/api/leaks/scans/{scan_id}/hits", schema["paths"])
