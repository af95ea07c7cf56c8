"""Who may see insider-risk data: enterprise administrators only. Secret owners, employees,
base operators and members of other enterprises see nothing (404, so nothing can be probed)."""

from __future__ import annotations

import rules

from baomi.apps.orgs.rules import is_org_admin

# These take the organisation as object.
rules.add_perm("risk.view_risk", is_org_admin)
rules.add_perm("risk.import_activity", is_org_admin)
rules.add_perm("risk.manage_case", is_org_admin)
