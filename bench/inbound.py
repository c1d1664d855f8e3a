"""`python -m bench.inbound`: reading a request body at the edge.

Times core.inbound (the bounded read_json, and read_json + clean_activity) on a
normal Teams message, a card submit and an activity carrying an Adaptive Card, and in
the same run plain `json.loads` on the same bytes as the baseline. Then the worst
bodies the edge refuses (20,000-deep nesting, a 5,000-digit number) and a 256 KB body
of shallow brackets, which takes the slow path of the depth check. Prints µs per call,
the best of 7 rounds; timings never fail the run.
"""

from __future__ import annotations

import json
import platform
import timeit
from collections.abc import Callable

from core.inbound import MalformedInput, clean_activity, read_json
from tests.support.activities import teams_activity


def _micros(call: Callable[[], object], calls: int) -> float:
    """µs per call: the best of 7 rounds (the machine is shared, so the least
    disturbed round is the one that says what the code costs)."""
    return min(timeit.repeat(call, number=calls, repeat=7)) / calls * 1e6


def _refused(raw: bytes) -> Callable[[], object]:
    def call() -> object:
        try:
            return read_json(raw)
        except MalformedInput as error:
            return error

    return call


def bodies() -> dict[str, bytes]:
    url = "https://smba.trafficmanager.net/emea/"
    message = teams_activity(url, text="påminn mig imorgon kl 9 att ringa Omar")
    message["entities"] = [
        {"type": "clientInfo", "locale": "sv-SE", "timezone": "Europe/Stockholm"}
    ]
    submit = teams_activity(url, value={"reminder_action": "done", "occurrence_id": 4711})
    card = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [
            {"type": "Container", "items": [{"type": "TextBlock", "text": f"rad {i}"}]}
            for i in range(40)
        ],
    }
    with_card = teams_activity(url, text="")
    with_card["attachments"] = [
        {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
    ]
    return {
        "message": json.dumps(message).encode(),
        "card submit": json.dumps(submit).encode(),
        "activity with a card": json.dumps(with_card).encode(),
    }


def main() -> int:
    repeats = 500
    print(f"Python {platform.python_version()} on {platform.machine()}, best of 7 x {repeats}")
    print(f"{'body':<24}{'bytes':>7}{'json.loads µs':>15}{'read_json µs':>14}{'+ clean µs':>12}")
    for name, raw in bodies().items():
        loads = _micros(lambda raw=raw: json.loads(raw), repeats)
        bounded = _micros(lambda raw=raw: read_json(raw), repeats)
        cleaned = _micros(lambda raw=raw: clean_activity(read_json(raw)), repeats)
        print(f"{name:<24}{len(raw):>7}{loads:>15.1f}{bounded:>14.1f}{cleaned:>12.1f}")
    print()
    worst = {
        "20,000 deep (refused)": b"[" * 20_000 + b"]" * 20_000,
        "5,000 digits (refused)": b'{"n": ' + b"9" * 5_000 + b"}",
        "256 KB of [] (read)": b"[" + b"[]," * 87_000 + b"[]]",
    }
    for name, raw in worst.items():
        print(f"{name:<24}{len(raw):>7}{'':>15}{_micros(_refused(raw), 5):>14.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
