"""What ``zhitu build`` shows on stderr while it runs.

A progress bar (tqdm) counts the characters of the documents extracted, with a
rate, and names the documents extracted, unchanged and skipped beside it; it
moves as each document is done (with worker processes too: the build calls
back in this process) and its clock ticks between documents, so a long
document does not look like a hang. The lines a build prints while it runs
(``zhitu: skipped …``, and ``-v``'s ``zhitu: stored …`` once a document's batch is
committed) go above the bar,
their file names escaped (:func:`zhitu.errors.printable`).

Not for: the build itself (``zhitu.build``) or its final report (``zhitu.cli.build``).
"""
from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, TextIO

from zhitu.errors import printable

if TYPE_CHECKING:
    from zhitu.read.model import Document, Skipped

#: Seconds between redraws of the bar while no document finishes.
TICK_SECONDS = 1.0


class BuildProgress:
    """Callbacks for :func:`zhitu.build.run_build` (or :func:`~zhitu.build.build_store` /
    :func:`~zhitu.build.build_dataset`) that draw a bar (when ``enabled``) and
    print skips (always) and, when ``verbose``, one line per document done.

    Use as a context manager: the bar appears on entering (so one made before
    a build's options are checked draws nothing when they are wrong) and is
    left in its last state on leaving."""

    def __init__(self, *, enabled: bool, verbose: bool = False, file: TextIO | None = None) -> None:
        self._file = file if file is not None else sys.stderr
        self._enabled = enabled
        self._verbose = verbose
        self.done = {"extracted": 0, "unchanged": 0, "skipped": 0}
        self._bar = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def start(self) -> None:
        """Draw the bar (when enabled) and start its clock."""
        if self._enabled and self._bar is None:
            from tqdm import tqdm

            # No total: the input's size in characters is known only once read.
            self._bar = tqdm(desc="building", unit="char", unit_scale=True, file=self._file,
                             mininterval=0.2, **_size_of(self._file))
            self._show()
            self._ticker = threading.Thread(target=self._tick, name="zhitu-progress", daemon=True)
            self._ticker.start()

    # -- the build's callbacks ------------------------------------------------------

    def extracted(self, document: Document) -> None:
        """A document extracted into an in-memory graph."""
        self._extracted(document, "built")

    def arrived(self, document: Document) -> None:
        """A document extracted, its graph not yet committed to the store (a store
        build commits in batches): the bar moves now, ``-v``'s line waits for :meth:`stored`."""
        self._extracted(document, None)

    def stored(self, document: Document) -> None:
        """A document :meth:`arrived` earlier, now committed to the store."""
        self._document_line("stored", document)

    def unchanged(self, document: Document) -> None:
        """A document whose graph in the store is current."""
        self.done["unchanged"] += 1
        self._document_line("unchanged", document)
        self._show()

    def skipped(self, item: Skipped) -> None:
        """An input or document that could not be built, with its reason."""
        self.done["skipped"] += 1
        self.say(f"zhitu: skipped {item}")
        self._show()

    # -- output -------------------------------------------------------------------------

    def say(self, line: str) -> None:
        """Print one line on stderr (above the bar), control characters escaped."""
        line = printable(line)
        if self._bar is not None:
            self._bar.write(line, file=self._file)
        else:
            print(line, file=self._file, flush=True)

    def close(self) -> None:
        """Stop the clock and leave the bar's last state on screen."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        if self._bar is not None:
            self._show()
            self._bar.close()
            self._bar = None

    def __enter__(self) -> BuildProgress:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- inside ---------------------------------------------------------------------------

    def _extracted(self, document: Document, word: str | None) -> None:
        self.done["extracted"] += 1
        if word is not None:
            self._document_line(word, document)
        self._show()
        if self._bar is not None:
            self._bar.update(len(document.text))

    def _document_line(self, word: str, document: Document) -> None:
        if self._verbose:
            self.say(f"zhitu: {word} {document.doc_id}")

    def _show(self) -> None:
        if self._bar is not None:
            counts = self.done
            self._bar.set_postfix_str(f"{counts['extracted']} extracted, {counts['unchanged']} unchanged, "
                                      f"{counts['skipped']} skipped documents", refresh=False)

    def _tick(self) -> None:
        # tqdm redraws only on update(); a document of many articles takes a
        # while, and a bar whose clock stands still looks like a hang.
        while not self._stop.wait(TICK_SECONDS):
            bar = self._bar
            if bar is not None:
                bar.refresh()


def _size_of(file: TextIO) -> dict[str, int]:
    """tqdm's ``ncols``/``nrows`` when the terminal reports a size of 0 (a
    pseudo-terminal without one, as under ``script``): tqdm then draws nothing."""
    import os

    try:
        size = os.get_terminal_size(file.fileno())
    except (AttributeError, OSError, ValueError):
        return {}
    return {} if size.columns and size.lines else {"ncols": size.columns or 100, "nrows": size.lines or 24}
