"""Leak and copy detection (取证鉴定 / 同一性比对) in the web app: indexes of secret
material, scans of suspect files, hits and side-by-side reports."""
