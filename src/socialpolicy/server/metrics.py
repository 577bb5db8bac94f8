"""Prometheus metrics: requests, latency, decisions and findings, and the decision log."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from socialpolicy.decisions import Decision

CONTENT_TYPE = CONTENT_TYPE_LATEST

# Judging one post takes about a millisecond; a batch request takes up to the time limit.
_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """One registry per app, so two apps in one process (tests) do not share counts."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "socialpolicy_http_requests",
            "HTTP requests answered, by route template, method and status code.",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "socialpolicy_http_request_duration_seconds",
            "Time to answer a request (for streamed answers, until the last byte).",
            ("route", "method"),
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "socialpolicy_http_requests_in_flight",
            "Requests being answered now.",
            registry=self.registry,
        )
        self.decisions = Counter(
            "socialpolicy_decisions",
            "Posts judged, by pack and verdict.",
            ("pack", "verdict"),
            registry=self.registry,
        )
        self.findings = Counter(
            "socialpolicy_findings",
            "Findings made, by pack and level.",
            ("pack", "level"),
            registry=self.registry,
        )
        self.bad_records = Counter(
            "socialpolicy_bad_records",
            "Records that could not be judged, by pack and error code.",
            ("pack", "code"),
            registry=self.registry,
        )
        self.logged = Counter(
            "socialpolicy_log_records",
            "Decisions committed to the decision log.",
            registry=self.registry,
        )
        self.log_failures = Counter(
            "socialpolicy_log_failures",
            "Decisions that could not be committed to the decision log.",
            registry=self.registry,
        )

    def decided(self, pack: str, decision: Decision) -> None:
        self.decisions.labels(pack, decision.verdict.value).inc()
        for f in decision.findings:
            self.findings.labels(pack, f.level.value).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
