"""``python -m summarizer``: the same as the ``summarise`` command."""

from summarizer.cli import main

main()
