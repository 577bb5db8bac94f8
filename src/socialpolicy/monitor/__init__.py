"""Monitoring accounts: a watch list run against a decision log, new posts only, a digest."""

from socialpolicy.errors import WatchListError
from socialpolicy.monitor.digest import MonitorDigest, digest, render_html, write_html, write_json
from socialpolicy.monitor.run import AccountRun, Hooks, Judged, Monitor, MonitorResult
from socialpolicy.monitor.watchlist import (
    Source,
    WatchedAccount,
    WatchList,
    load_watchlist,
)

__all__ = [
    "AccountRun",
    "Hooks",
    "Judged",
    "Monitor",
    "MonitorDigest",
    "MonitorResult",
    "Source",
    "WatchList",
    "WatchListError",
    "WatchedAccount",
    "digest",
    "load_watchlist",
    "render_html",
    "write_html",
    "write_json",
]
