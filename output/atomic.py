"""Atomic writing of files and folders: the data goes to a temporary file (or
folder) beside the target, which replaces the target only when complete.

Not for: deciding what to write (the format modules do that).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from zhitu.errors import ZhituError

__all__ = ["atomic_open", "atomic_path", "atomic_folder"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "wb", **kwargs) -> Iterator[IO]:
    """Open a temporary file beside ``path``; it becomes ``path`` when the block ends without error."""
    with atomic_path(path) as tmp, open(tmp, mode, **kwargs) as handle:
        yield handle


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield the path of an empty temporary file beside ``path``; it becomes ``path``
    when the block ends without error. For writers that open the file themselves
    (Oxigraph's serialisers, which then write without holding Python's lock);
    :func:`atomic_open` opens it for the others."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:  # on the disk before the rename, so a crash never leaves a renamed empty file
            os.fsync(fd)
        finally:
            os.close(fd)
        # mkstemp makes the file 0o600; give it the mode a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@contextmanager
def atomic_folder(path: str | os.PathLike, *, replaceable: Callable[[Path], bool]) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``path``; it becomes ``path`` when
    the block ends without error, and is removed when it fails.

    An existing ``path`` is replaced only when it is a folder whose every entry
    ``replaceable`` accepts (a previous export of the same format); anything
    else raises :class:`ZhituError` before a byte is written, so no user file
    is ever deleted.
    """
    path = Path(path)
    if path.exists() or path.is_symlink():
        if path.is_symlink() or not path.is_dir():
            raise ZhituError(f"cannot write {path}: it exists and is not a folder")
        strangers = sorted(p.name for p in path.iterdir() if not (p.is_file() and replaceable(p)))
        if strangers:
            raise ZhituError(f"cannot write {path}: the folder holds files this export did not write "
                             f"({', '.join(strangers[:3])}); choose a new or empty folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if path.exists():
            # Two renames: the old export is gone only once the new one is in place.
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
            try:
                os.replace(path, old / path.name)
                try:
                    os.replace(tmp, path)
                except BaseException:
                    os.replace(old / path.name, path)
                    raise
            finally:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
