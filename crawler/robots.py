"""robots.txt, obeyed even when many requests to a new host arrive at once.

Scrapy 2.19's ``RobotsTxtMiddleware`` makes every request that arrives while a host's
robots.txt is downloading wait on one shared Deferred.  The first waiter's callback
(``Deferred.asFuture``) returns None, so every later waiter receives None instead of the
parser, and None means "no robots.txt": those requests go out unchecked, disallowed or
not.  Here each waiter gets a Deferred of its own, fed by a callback that passes the
parser on unchanged.
"""

from __future__ import annotations

from typing import TypeVar

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

T = TypeVar("T")


def _fan_out(shared: Deferred[T]) -> Deferred[T]:
    """A new Deferred that fires with ``shared``'s result, leaving that result in place."""
    own: Deferred[T] = Deferred()

    def forward(result: T) -> T:
        own.callback(result)
        return result

    shared.addCallback(forward)
    return own


class SerializedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """``RobotsTxtMiddleware`` whose waiters all get the parsed robots.txt."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(parser, Deferred):
            return await maybe_deferred_to_future(_fan_out(parser))
        return await super().robot_parser(request)
