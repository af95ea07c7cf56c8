import rules

from baomi.apps.orgs.rules import is_org_admin

rules.add_perm("audit.view_log", is_org_admin)
