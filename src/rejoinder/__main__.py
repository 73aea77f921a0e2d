"""`python -m rejoinder` is the same as the `rejoinder` command."""

from rejoinder.cli.main import cli

cli()
