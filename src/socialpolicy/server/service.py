"""The service's state: the packs loaded once, the decision log, metrics, limits and tokens."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import anyio

from socialpolicy.decisions import Decision
from socialpolicy.errors import NotFoundError, PackNotFoundError, SocialPolicyError, closest
from socialpolicy.inputs import Account, Post
from socialpolicy.loader import builtin_pack_names, load_pack, resolve_pack_dir
from socialpolicy.policy import EngineChoice, Policy
from socialpolicy.server.auth import TokenCheck
from socialpolicy.server.logsink import LogSink
from socialpolicy.server.metrics import Metrics
from socialpolicy.server.settings import Settings
from socialpolicy.server.views import PackDetail, PackSummary, detail, summary

JUDGING_THREADS = 4


@dataclass(slots=True)
class Served:
    """One pack as served: its Policy, where it was loaded from, and its views (built once)."""

    policy: Policy
    directory: Path
    summary: PackSummary
    detail_json: bytes


@dataclass(slots=True)
class Service:
    settings: Settings
    packs: dict[str, Served]
    auth: TokenCheck
    metrics: Metrics = field(default_factory=Metrics)
    sink: LogSink | None = None
    _limiter: anyio.CapacityLimiter | None = None

    def limiter(self) -> anyio.CapacityLimiter:
        """The worker threads that judge: few, since judging holds the GIL; more only queue."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(JUDGING_THREADS)
        return self._limiter

    @classmethod
    def load(cls, settings: Settings) -> Service:
        """Load and compile every pack (once); raises the pack's error when one is unusable."""
        engine: EngineChoice = settings.engine
        packs: dict[str, Served] = {}
        for source in settings.packs or tuple(builtin_pack_names()):
            pack = load_pack(source)
            policy = Policy(pack, engine=engine)
            view: PackDetail = detail(pack)
            packs[pack.id] = Served(
                policy=policy,
                directory=resolve_pack_dir(source),
                summary=summary(pack),
                detail_json=view.model_dump_json(by_alias=True).encode("utf-8"),
            )
        return cls(settings=settings, packs=packs, auth=TokenCheck(settings.tokens))

    def start(self) -> None:
        """Open the decision log, when one is configured."""
        if self.settings.log is not None and self.sink is None:
            sink = LogSink(
                self.settings.log,
                {name: (s.policy, s.directory) for name, s in self.packs.items()},
            )
            sink.start()
            self.sink = sink

    def stop(self) -> None:
        if self.sink is not None:
            self.sink.close()

    @property
    def ready(self) -> bool:
        return self.sink is None or self.sink.alive

    def pack(self, name: str) -> Served:
        try:
            return self.packs[name]
        except KeyError:
            raise PackNotFoundError(
                f"this service does not serve a pack {name!r}",
                suggestion=closest(name, self.packs) or f"it serves {', '.join(self.packs)}",
            ) from None

    def not_found(self, what: str, ident: str, candidates: list[str]) -> NotFoundError:
        return NotFoundError(f"no {what} {ident!r}", suggestion=closest(ident, candidates))

    async def record(self, pack: str, items: list[tuple[Post, Account | None, Decision]]) -> None:
        """Count the decisions and, with a log, wait until every one of them is committed."""
        for _, _, d in items:
            self.metrics.decided(pack, d)
        if self.sink is None or not items:
            return
        futures = [asyncio.wrap_future(self.sink.submit(pack, p, a, d)) for p, a, d in items]
        results = await asyncio.gather(*futures, return_exceptions=True)
        failed = [r for r in results if isinstance(r, BaseException)]
        self.metrics.logged.inc(len(results) - len(failed))
        if failed:
            self.metrics.log_failures.inc(len(failed))
            first = failed[0]
            if isinstance(first, SocialPolicyError):
                raise first
            raise first

    def judge(self, pack: str, post: Post, account: Account | None, on: date | None) -> Decision:
        return self.packs[pack].policy.evaluate(post, account=account, as_of=on)
