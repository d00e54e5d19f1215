"""Progress of the long commands (import, export, demo, purge, count-tallies): on a terminal,
a bar per table with its rows and rate (tqdm, a well-kept library: rows, rate and elapsed time
without code of ours); nothing when the output is not a terminal, so a scheduled job's log
stays clean. Services take a `Progress` callable and know nothing of terminals."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from tqdm import tqdm

# progress(table, rows) says that `rows` more rows of `table` are done.
Progress = Callable[[str, int], None]
EVERY = 10_000  # rows between two reports of a loop that goes row by row


def silent(table: str, rows: int) -> None:
    """The progress of a service called from a page or a test: nobody watches."""


def counted(rows: Iterable, table: str, progress: Progress) -> Iterator:
    """The rows, told to `progress` every EVERY rows and at the end (not row by row: a bar's
    update costs more than a row's check)."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if done == EVERY:
            progress(table, done)
            done = 0
    if done:
        progress(table, done)


@contextmanager
def bars(total_rows: dict[str, int] | None = None, stream=None) -> Iterator[Progress]:
    """A `Progress` that draws a bar per table, one table after the other, with its total
    when known (`total_rows`); tqdm draws nothing when `stream` (stderr) is not a terminal."""
    totals = total_rows or {}
    shown: dict[str, tqdm] = {}

    def progress(table: str, rows: int) -> None:
        bar = shown.get(table)
        if bar is None:
            for earlier in shown.values():
                earlier.close()
            bar = shown[table] = tqdm(total=totals.get(table), desc=table, unit=" rows",
                                      unit_scale=True, disable=None, file=stream)
        bar.update(rows)

    try:
        yield progress
    finally:
        for bar in shown.values():
            bar.close()
