"""robots.txt, obeyed even when many requests to a new host arrive at once.

Scrapy 2.19's ``RobotsTxtMiddleware`` makes every request that arrives while a host's
robots.txt is downloading wait on one shared Deferred.  The first waiter's callback
(``Deferred.asFuture``) returns None, so every later waiter receives None instead of the
parser, and None means "no robots.txt": those requests go out unchecked, disallowed or
not.  Here each waiter gets a Deferred of its own, fed by a callback that passes the
parser on unchanged.

And a robots.txt that cannot be read is read as RFC 9309 has it, not as Scrapy does (Scrapy
allows everything whenever robots.txt is not a 2xx body it could download): a 4xx (or a
redirect that is not followed) means no rules; a 5xx, a timeout, a network error or a file
over ``DOWNLOAD_MAXSIZE`` means the host is unreachable, and nothing of it is fetched in
this run (each page a skip whose reason names robots.txt).  The next run asks again.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Self, TypeVar

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import reactor
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

if TYPE_CHECKING:
    from crawler.sharedrun import SharedRun

T = TypeVar("T")


def _fan_out(shared: Deferred[T]) -> Deferred[T]:
    """A new Deferred that fires with ``shared``'s result, leaving that result in place."""
    own: Deferred[T] = Deferred()

    def forward(result: T) -> T:
        own.callback(result)
        return result

    shared.addCallback(forward)
    return own


class Unreachable(RobotParser):
    """The rules of a host whose robots.txt could not be read: nothing is allowed."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> Self:
        raise NotImplementedError("made by SerializedRobotsTxtMiddleware only")

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False

    def crawl_delay(self, user_agent: str | bytes) -> float | None:
        return None


def unreachable_reason(error: BaseException) -> str | None:
    """Why a robots.txt that failed to download makes its host unreachable, or None for a
    request refused before it went out (a redirect that leaves the origin: no rules).

    >>> unreachable_reason(DownloadCancelledError("over DOWNLOAD_MAXSIZE"))
    'robots.txt too large'
    >>> unreachable_reason(TimeoutError()), unreachable_reason(IgnoreRequest())
    ('robots.txt unreachable: TimeoutError', None)
    """
    if isinstance(error, IgnoreRequest):
        return None
    if "DOWNLOAD_MAXSIZE" in str(error) or isinstance(error, DownloadCancelledError):
        return "robots.txt too large"
    return f"robots.txt unreachable: {type(error).__name__}"


class UnreachableIsAWarning(logging.Filter):
    """Scrapy logs a robots.txt it could not download as an ERROR with a traceback; here
    that is an expected outcome (the host is unreachable for the run, each of its pages a
    skip), so it is one WARNING line, as a retry given up is."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.ERROR and str(record.msg).startswith("Error downloading"):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg = (
                "robots.txt for %(request)s not read, its host is unreachable: %(f_exception)s"
            )
            record.exc_info = record.exc_text = None
        return True


class SerializedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """``RobotsTxtMiddleware`` whose waiters all get the parsed robots.txt, and which reads
    an unreachable robots.txt as RFC 9309 does; in a shared run, robots.txt is fetched
    once per host for all its processes (:class:`SharedRobots`)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.shared: SharedRobots | None = None
        scrapy_logger = logging.getLogger(RobotsTxtMiddleware.__module__)
        if not any(isinstance(each, UnreachableIsAWarning) for each in scrapy_logger.filters):
            scrapy_logger.addFilter(UnreachableIsAWarning())

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        parser = self._parsers.get(netloc)
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(_fan_out(parser))
        if netloc not in self._parsers and (shared := self.shared_robots()) is not None:
            waiting: Deferred[RobotParser | None] = Deferred()
            self._parsers[netloc] = waiting
            if (known := await shared.fetched(netloc)) is not None:
                await self.replay(known, netloc, request)
                return self._parsers[netloc]  # type: ignore[return-value]
            del self._parsers[netloc]  # this process fetches it, for all
            parser = await super().robot_parser(request)
            waiting.callback(parser)
            return parser
        return await super().robot_parser(request)

    def shared_robots(self) -> SharedRobots | None:
        """The shared run's robots.txt cache, if the crawl is one process of one."""
        if self.shared is None:
            from crawler.run import run_for  # the run is made after the middlewares

            shared = run_for(self.crawler).state.shared
            if shared is None:
                return None
            self.shared = SharedRobots(shared)
        return self.shared

    async def replay(self, known: dict[str, Any], netloc: str, request: Request) -> None:
        """The rules another process of the shared run fetched."""
        if "unreachable" in known:
            self._settle(netloc, Unreachable(known["unreachable"]))
            return
        url = f"{urlparse_cached(request).scheme}://{netloc}/robots.txt"
        body = str(known["body"]).encode("latin-1")
        await self._parse_robots(
            Response(url, status=int(known["status"]), body=body), netloc, request
        )

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        if isinstance(rp, Unreachable):
            self._stats.inc_value("robotstxt/unreachable_forbidden")
            raise IgnoreRequest(rp.reason)
        super().process_request_2(rp, request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if self.shared is not None:
            self.shared.keep(
                netloc, {"status": response.status, "body": response.body.decode("latin-1")}
            )
        if 200 <= response.status < 300:
            await super()._parse_robots(response, netloc, request)
        elif response.status >= 500:
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._settle(netloc, Unreachable(f"robots.txt unreachable: HTTP {response.status}"))
        else:  # 4xx, or a redirect not followed: no robots.txt, no rules
            await super()._parse_robots(response.replace(body=b""), netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        reason = unreachable_reason(exc)
        if self.shared is not None:
            self.shared.keep(
                netloc, {"status": 404, "body": ""} if reason is None else {"unreachable": reason}
            )
        if reason is None:
            super()._robots_error(exc, netloc)
        else:
            self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
            self._settle(netloc, Unreachable(reason))

    def _settle(self, netloc: str, parser: Unreachable) -> None:
        """The host's rules are known: every request waiting for them gets them."""
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)


class SharedRobots:
    """robots.txt as one process of a shared run fetched it, for all of them: the first
    to need a host's claims the fetch (a lease, so that a killed process's claim runs
    out); the others wait for what it keeps in the run's ``robots`` hash."""

    POLL = 0.1  # seconds between looks while another process fetches

    def __init__(self, shared: SharedRun) -> None:
        self.db, self.member = shared.db, shared.member
        self.rules, self.claims = shared.key("robots"), shared.key("robots-fetching:")
        self.lease_ms = shared.lease_ms

    async def fetched(self, netloc: str) -> dict[str, Any] | None:
        """What another process fetched of the host's robots.txt; None when this process
        is to fetch it (it holds the claim)."""
        while True:
            found = self.db.hget(self.rules, netloc)
            if found is not None:
                known: dict[str, Any] = json.loads(str(found))
                return known
            if self.db.set(self.claims + netloc, self.member, nx=True, px=self.lease_ms):
                return None
            await maybe_deferred_to_future(deferLater(reactor, self.POLL))

    def keep(self, netloc: str, known: dict[str, Any]) -> None:
        self.db.hset(self.rules, netloc, json.dumps(known))
