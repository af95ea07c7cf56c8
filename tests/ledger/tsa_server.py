"""A local RFC 3161 time-stamping authority for tests: ``openssl ts -reply`` behind HTTP."""

from __future__ import annotations

import http.server
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CONFIG = """
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_tsa(directory: Path) -> Path:
    """A CA and a TSA certificate under ``directory``; returns the config file."""
    d = directory
    _openssl("req", "-x509", "-newkey", "ed25519", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
             "-subj", "/CN=Baomi Test Root", "-days", "3650",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
             "-subj", "/CN=Baomi Test TSA", cwd=d)  # fmt: skip
    (d / "ext.cnf").write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=critical,timeStamping\n"
    )
    _openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "tsa.crt", "-days", "3650", "-extfile", "ext.cnf",
             cwd=d)  # fmt: skip
    (d / "serial").write_text("01\n")
    config = d / "tsa.cnf"
    config.write_text(CONFIG.format(dir=d))
    return config


@contextmanager
def local_tsa() -> Iterator[tuple[str, Path]]:
    """Serve a TSA on 127.0.0.1; yields ``(url, root certificate path)``."""
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        config = make_tsa(d)
        lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                query = self.rfile.read(int(self.headers["Content-Length"]))
                with lock:
                    (d / "q.tsq").write_bytes(query)
                    subprocess.run(
                        ["openssl", "ts", "-reply", "-config", str(config), "-queryfile", "q.tsq",
                         "-out", "r.tsr"],
                        cwd=d, check=True, capture_output=True,
                    )  # fmt: skip
                    answer = (d / "r.tsr").read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/", d / "ca.crt"
        finally:
            server.shutdown()
            server.server_close()
