"""The short load run of `make test`: gunicorn, 4 workers, 1,000 mixed requests at concurrency 50 on loopback.

`make load` runs the long version (20,000 requests). No timing is asserted:
only that nothing failed, no checkout went unrecorded and memory stayed flat.
"""

from __future__ import annotations

import pytest

from tests.load.loadrun import run_load

#: Resident memory a worker may gain over a short run (allocator noise), in KiB.
MAX_GROWTH_PER_WORKER_KIB = 16 * 1024


@pytest.mark.slow
def test_short_load_run_loses_nothing() -> None:
    result = run_load(requests=1000, concurrency=50, time_limit=120)
    print("\n" + result.summary())
    assert result.finished, "the run stopped at its time limit"
    assert result.requests == 1000
    assert result.server_errors == 0, result.statuses
    assert result.client_errors == []
    assert result.kinds["api_checkout"] + result.kinds["hook_checkout"] == result.checkouts_sent == 400
    assert result.audit_rows == result.checkouts_sent
    assert len(result.rss_kib["start"]) == 4 and set(result.rss_kib["start"]) == set(result.rss_kib["end"])
    assert result.rss_growth_kib < 4 * MAX_GROWTH_PER_WORKER_KIB
