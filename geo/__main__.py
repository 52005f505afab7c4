"""`python -m geo` runs the `corridors` command line."""

from geo.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
