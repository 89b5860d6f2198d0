import sys

from focusdesk.cli import main

sys.exit(main())
