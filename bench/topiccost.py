"""Part 8 of the benchmark: what the topic score costs a page (cleaners/cleaning/topic.py),
on the records of the pages given, against the target of under 1 ms."""

from __future__ import annotations

import time

from bench.pagecost import full
from cleaners.cleaning.topic import score_topic
from cleaners.record import Failure

ROUNDS = 5  # each record scored this many times, the fastest kept (the machine is shared)


def topic_cost(pages: list[tuple[str, str]]) -> None:
    records = [record for page in pages if not isinstance(record := full(page), Failure)]
    costs = []
    for record in records:
        arguments = (record["title"], record["text"], record["language"])
        score_topic(*arguments)  # warmed up: the lexicons are compiled once per process
        best = float("inf")
        for _ in range(ROUNDS):
            start = time.perf_counter()
            score_topic(*arguments)
            best = min(best, time.perf_counter() - start)
        costs.append(best * 1000)
    costs.sort()
    mean = sum(costs) / max(len(costs), 1)
    slowest = costs[-1] if costs else 0.0
    p95 = costs[int(0.95 * (len(costs) - 1))] if costs else 0.0
    print(
        f"8. topic score: {mean:.3f} ms a page on average, 95th percentile {p95:.3f} ms,"
        f" slowest {slowest:.3f} ms, over {len(costs)} records (target: under 1 ms)"
    )
