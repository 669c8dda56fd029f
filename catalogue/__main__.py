"""`python -m catalogue ...`: the catalogue command line (see catalogue/_cli.py)."""

from catalogue._cli import cli

if __name__ == "__main__":
    cli(prog_name="python -m catalogue")
