from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeaksConfig(AppConfig):
    name = "baomi.apps.leaks"
    label = "leaks"
    verbose_name = _("Leak comparison")
