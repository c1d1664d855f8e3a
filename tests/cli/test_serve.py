"""`samverkan serve` with a broken environment: one line on stderr, a non-zero exit."""

from __future__ import annotations

import pytest

from cli import main


def test_serve_with_an_app_id_and_no_allowed_tenants_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MicrosoftAppId", "11111111-2222-3333-4444-555555555555")
    monkeypatch.delenv("ALLOWED_TENANTS", raising=False)
    served: list[bool] = []
    monkeypatch.setattr("aiohttp.web.run_app", lambda *a, **k: served.append(True))

    status = main(["serve"])

    err = capsys.readouterr().err
    assert status != 0
    assert served == []
    assert len(err.strip().splitlines()) == 1
    assert "ALLOWED_TENANTS" in err
