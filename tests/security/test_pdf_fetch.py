"""The PDF renderer fetches nothing outside the app: no file:// and no remote URL.

`reports.pdf.write_pdf` and the Annex renderer share one refusing URL fetcher; this drives it with
HTML that tries every way of fetching.
"""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from reports.pdf import write_pdf


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body{color:red}")

    def log_message(self, *args: object) -> None:
        pass


def test_pdf_renderer_fetches_no_file_or_remote_url(tmp_path: Path) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    # A local file that, if read, would itself call the recorder: file:// fetches show up too.
    local_css = tmp_path / "evil.css"
    local_css.write_text(f"body{{background:url({base}/from-file-css)}}", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT-42", encoding="utf-8")
    html = f"""<html lang="zh-CN"><head>
      <link rel="stylesheet" href="{base}/remote.css">
      <link rel="stylesheet" href="file://{local_css}">
      <style>@import url("{base}/import.css"); p {{background:url("{base}/bg.png")}}</style>
      </head><body><p>廉政风险清单</p>
      <img src="{base}/remote.png"><img src="file:///etc/passwd">
      <object data="file://{secret}"></object><iframe src="file://{secret}"></iframe>
      <embed src="{base}/embed"><a href="{base}/link">链接</a>
      </body></html>"""
    try:
        output = write_pdf(html)
    finally:
        server.shutdown()
    assert output.startswith(b"%PDF")
    assert _Recorder.hits == [], f"the renderer fetched {_Recorder.hits}"
    assert b"SECRET-CONTENT-42" not in output
