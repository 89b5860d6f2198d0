"""Entry script of the frozen app: the same `main` as the `focusdesk` console script."""

import sys

from focusdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
