"""/api/people: list, read, agreements — tenant-scoped, audited."""

from baomi.apps.audit.models import AuditEvent
from baomi.apps.people.testing import PeopleTestCase


class PeopleApiTestCase(PeopleTestCase):
    def test_list(self) -> None:
        r = self.client.get("/api/people", **self.bearer(self.alice))
        self.assertEqual(r.status_code, 200)
        rows = {p["employee_number"]: p for p in r.json()}
        self.assertEqual(set(rows), {"HR0002", "HR0007"})
        self.assertTrue(rows["HR0007"]["departing"])
        self.assertEqual(rows["HR0007"]["email"], "bob@a.example.cn")
        self.assertTrue(AuditEvent.objects.filter(action="list", object_type="person").exists())

    def test_list_filters(self) -> None:
        r = self.client.get("/api/people?missing=confidentiality", **self.bearer(self.alice))
        self.assertEqual([p["employee_number"] for p in r.json()], ["HR0002"])

    def test_list_checks_ownership(self) -> None:
        r = self.client.get("/api/people", **self.bearer(self.charlie))
        self.assertEqual([p["employee_number"] for p in r.json()], ["XH0001"])
        r = self.client.get("/api/people", HTTP_X_BAOMI_ORG="org-a", **self.bearer(self.charlie))
        self.assertEqual(r.status_code, 404)

    def test_an_employee_lists_only_themselves(self) -> None:
        r = self.client.get("/api/people", **self.bearer(self.bob))
        self.assertEqual([p["employee_number"] for p in r.json()], ["HR0007"])

    def test_read(self) -> None:
        r = self.client.get(f"/api/people/{self.person_bob.pk}", **self.bearer(self.alice))
        self.assertEqual(r.json()["name"], "王博文")
        self.assertTrue(
            AuditEvent.objects.filter(action="view", object_id=str(self.person_bob.pk)).exists()
        )

    def test_read_checks_ownership(self) -> None:
        r = self.client.get(f"/api/people/{self.person_bob.pk}", **self.bearer(self.charlie))
        self.assertEqual(r.status_code, 404)
        r = self.client.get(f"/api/people/{self.person_dave.pk}", **self.bearer(self.bob))
        self.assertEqual(r.status_code, 404)

    def test_agreements_with_findings(self) -> None:
        r = self.client.get(
            f"/api/people/{self.person_bob.pk}/agreements", **self.bearer(self.alice)
        )
        self.assertEqual(r.status_code, 200)
        kinds = {a["kind"]: a for a in r.json()}
        self.assertEqual(set(kinds), {"confidentiality", "non_compete"})
        self.assertEqual(kinds["non_compete"]["restricted_months"], 24)
        self.assertEqual(kinds["non_compete"]["findings"], [])

    def test_agreements_check_ownership(self) -> None:
        url = f"/api/people/{self.person_bob.pk}/agreements"
        self.assertEqual(self.client.get(url, **self.bearer(self.charlie)).status_code, 404)
        self.assertEqual(self.client.get(url, **self.bearer(self.erin)).status_code, 404)

    def test_endpoints_require_a_token(self) -> None:
        self.assertEqual(self.client.get("/api/people").status_code, 401)

    def test_schema_documents_the_endpoints(self) -> None:
        paths = self.client.get("/api/openapi.json").json()["paths"]
        self.assertIn("/api/people/{person_id}/agreements", paths)
