"""Baomi (保密): trade-secret protection for SMEs and regional service bases."""

__version__ = "0.1.0"
