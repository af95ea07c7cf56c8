"""Insider-risk engine: activity events → features → baselines → scenarios → ranked users.

Framework-free (no Django); see docs/risk.md for layouts, parameters and the API.
"""
