"""`python -m soma_info`: the same program as the `soma-info` command."""

import sys

from soma_info.launch import main

if __name__ == "__main__":
    sys.exit(main())
