"""`python -m skillcheck` runs the same command line as the `skillcheck` script."""

from skillcheck.cli import main

main()
