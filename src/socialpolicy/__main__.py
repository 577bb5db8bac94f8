"""`python -m socialpolicy` runs the command line."""

from socialpolicy.cli import main

main()
