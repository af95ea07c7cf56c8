import datetime as dt

from django.core import mail
from django.utils import timezone

from baomi.apps.registry.reminders import review_reminders_send
from baomi.testing import BaseTestCase


class ReviewRemindersTestCase(BaseTestCase):
    def test_each_owner_gets_one_mail_for_due_secrets(self) -> None:
        today = timezone.localdate()
        for code, days in (("A-50", -3), ("A-51", 10), ("A-52", 200)):
            self.make_secret(
                self.alice,
                self.org_a,
                code=code,
                title=f"秘密{code}",
                owner=self.dave,
                review_date=today + dt.timedelta(days=days),
            )
        self.make_secret(
            self.alice,
            self.org_a,
            code="A-53",
            title="已失效",
            owner=self.dave,
            status="archived",
            review_date=today,
        )
        result = review_reminders_send()
        self.assertEqual((result.mails, result.secrets), (1, 2))
        self.assertEqual(mail.outbox[0].to, ["dave@a.example.cn"])
        body = mail.outbox[0].body
        self.assertIn("A-50", body)
        self.assertIn("A-51", body)
        self.assertNotIn("A-52", body)
        self.assertNotIn("A-53", body)
        self.assertNotIn("热误差补偿算法", body)  # alice's own secret has no owner set
