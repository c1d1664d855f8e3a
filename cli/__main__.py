"""`python -m cli`: the same as the `samverkan` console script."""

import sys

from cli import main

sys.exit(main())
