"""Insider risk in the web: activity imports, the ranked dashboard, timelines and RiskCases."""
