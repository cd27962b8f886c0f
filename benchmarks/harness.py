"""Timing, a result table, and the machine description every figure is quoted with."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Per-call times in microseconds."""

    median_us: float
    p99_us: float
    calls: int


def time_calls(fn: Callable[[], object], calls: int, warmup: int = 50) -> Timing:
    """Time ``fn`` call by call; warm-up calls are not counted."""
    for _ in range(warmup):
        fn()
    samples = []
    clock = time.perf_counter_ns
    for _ in range(calls):
        start = clock()
        fn()
        samples.append(clock() - start)
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return Timing(statistics.median(samples) / 1000, p99 / 1000, calls)


def time_batch(fn: Callable[[], object], calls: int, rounds: int = 5) -> float:
    """Median over ``rounds`` of the mean time per call in a tight loop, in microseconds."""
    fn()
    results = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        results.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(results)


@dataclass
class Row:
    section: str
    metric: str
    baseline: str
    plugin: str
    ratio: str
    target: str
    met: str


class Table:
    """Collects rows and prints them side by side as one Markdown table."""

    def __init__(self) -> None:
        self.rows: list[Row] = []

    def add(self, section: str, metric: str, baseline: str, plugin: str, ratio: str, target: str, met: bool | None) -> None:
        mark = "n/a" if met is None else ("yes" if met else "NO")
        self.rows.append(Row(section, metric, baseline, plugin, ratio, target, mark))

    def render(self) -> str:
        head = ("section", "metric", "without plugin / reference", "with plugin", "ratio", "target", "met")
        rows = sorted(self.rows, key=lambda r: r.section.split(" ", 1)[0])  # stable: keeps each section's order
        cells = [head] + [(r.section, r.metric, r.baseline, r.plugin, r.ratio, r.target, r.met) for r in rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(head))]
        lines = []
        for n, row in enumerate(cells):
            lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
            if n == 0:
                lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join(lines)


def machine() -> str:
    """One line naming the machine the figures come from."""
    return f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, {platform.system()}"
