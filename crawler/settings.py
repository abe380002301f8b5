"""Scrapy settings: only what differs from Scrapy's defaults (and our own DIPLOMACY_*)."""

import os

from cleaners.cleaning.topic import MIN_TOPIC_SCORE

BOT_NAME = "diplomacy"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Who we are: the User-Agent is "<DIPLOMACY_BOT_NAME> (+<DIPLOMACY_CONTACT_URL>)".
DIPLOMACY_BOT_NAME = "diplomacy-crawler/0.1"
DIPLOMACY_CONTACT_URL = "https://github.com/diplomacy-crawler/diplomacy-crawler"
# Pages with fewer words than this after cleaning are not articles.
DIPLOMACY_MIN_WORDS = 80
# Articles with a lower topic score (cleaners/cleaning/topics.toml) are skipped as "off
# topic" and kept in the WARC (reclean --min-topic-score brings them back); 0 keeps all
DIPLOMACY_MIN_TOPIC_SCORE = MIN_TOPIC_SCORE
# Processes that clean pages while the crawl goes on (-1: one per core; 0: inline).
DIPLOMACY_CLEANING_WORKERS = -1
# Responses waiting for the cleaning workers hold their parsed trees: keep fewer of them
# than Scrapy's 5 MB default allows (downloads pause while the slot is full).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
# A page gives at most one item: Scrapy's default of 100 starts 100 asyncio tasks for the
# output of every response, which cost the crawl process more CPU than our own pipelines.
CONCURRENT_ITEMS = 4

# Politeness
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2

# Bounds: how far and how much one run goes
DEPTH_LIMIT = 4
CLOSESPIDER_PAGECOUNT = 5000
# URLs taken from one sitemap (the newest by lastmod) or feed (the newest by date) and links
# from one page (the first within the crawl); the rest are counted in
# diplomacy/urls_over_cap/{sitemap,feed,page}. 0: all
DIPLOMACY_MAX_URLS_PER_SITEMAP = 5000
DIPLOMACY_MAX_URLS_PER_FEED = 5000
DIPLOMACY_MAX_LINKS_PER_PAGE = 1000
# The request queue on disk, in <prefix>.queue/ (removed when the run ends), unless JOBDIR
# names one; first in, first out: sitemap and feed entries in their order (newest first),
# pages breadth first
DIPLOMACY_DISK_QUEUE = True
SCHEDULER = "crawler.scheduler.RunQueueScheduler"
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# Safety
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # the 1 GiB default lets a decompression bomb through
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 1
# a page given up after its retries is a skip ("HTTP 503", "download failed: …"), not a
# failed run: logged as a warning, so that an ERROR line means the run needs a look
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}  # http(s) only
TELNETCONSOLE_ENABLED = False
COOKIES_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # fixes Scrapy 2.19's race that lets requests through before robots.txt is parsed
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.robots.SerializedRobotsTxtMiddleware": 100,
    # redirects and meta refreshes that leave their origin are skips, not silently dropped
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.OriginRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.OriginMetaRefreshMiddleware": 580,
    # after the redirect middlewares for requests: redirects to stored articles are dropped
    "crawler.middlewares.KnownArticlesMiddleware": 650,
}
ITEM_PIPELINES = {
    "crawler.pipelines.CleaningPipeline": 300,
    "crawler.pipelines.StatePipeline": 400,
}

# Output: JSON Lines, one file per run (output/diplomacy-<time>.jsonl) unless -o/-O names
# another feed; the run's WARC, skipped-pages file and manifest go next to it.
DIPLOMACY_OUTPUT_DIR = "output"
DIPLOMACY_ARCHIVE = True
# What earlier runs wrote (SQLite): articles already stored are not fetched again.
DIPLOMACY_STATE = "output/state.sqlite"
# The same on a Redis server instead (redis://HOST:PORT/DB; also from the environment),
# which runs on several machines can share (crawler/redisstate.py)
DIPLOMACY_REDIS_URL = os.environ.get("DIPLOMACY_REDIS_URL") or None
# With Redis, processes share one run (crawler/sharedrun.py): a process, a request it took
# and a per-host slot it holds are its for this long unless renewed; after a process is
# killed, what it held goes back to the others then
DIPLOMACY_REDIS_LEASE_SECONDS = 30.0
# Estimated Jaccard similarity of word 3-grams above which a body is marked duplicate_of
DIPLOMACY_NEAR_DUPLICATE_THRESHOLD = 0.7
FEED_EXPORT_ENCODING = "utf-8"
# local feed files written line by line, unbuffered: a killed crawl leaves whole lines only
FEED_STORAGES = {
    "": "crawler.feeds.UnbufferedFileFeedStorage",
    "file": "crawler.feeds.UnbufferedFileFeedStorage",
}
LOG_LEVEL = "INFO"

EXTENSIONS = {
    "crawler.run.Run": 400,
    "crawler.workers.CleaningWorkers": 450,
    "crawler.extensions.StatsFile": 500,
}
# `scrapy crawl` exits 1 when the run failed (crawler/commands/crawl.py)
COMMANDS_MODULE = "crawler.commands"
