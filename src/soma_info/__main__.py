"""`python -m soma_info`: the same program as the `soma-info` command."""

from soma_info.launch import run

if __name__ == "__main__":
    run()
