"""`python -m newsclean` runs the command line."""

from newsclean.cli import main

main()
