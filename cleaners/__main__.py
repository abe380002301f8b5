"""``python -m cleaners``: see :mod:`cleaners.cli`."""

import sys

from cleaners.cli import main

if __name__ == "__main__":
    sys.exit(main())
