"""Outputs written under temporary names and renamed into place when all are complete.

A scorecard half-written when a run fails (a crash, a full disk, Ctrl-C) looks
like a scorecard: a leader may open it. So every file chiso writes (scorecard,
reports, JSON, templates, the schema) goes through a :class:`Staging`: each
output is written to a hidden temporary file beside its target, and only when
every output of the command is complete are they renamed into place
(``os.replace``: atomic per file on POSIX and Windows). If anything fails
before that, the temporary files are removed and no target is touched.

Renaming also settles two hostile cases: a symbolic link standing at a target
name is replaced by the new file (its target is never written through), and a
file is never truncated in place while another process reads it.

Usage::

    with Staging() as staging:
        write_scorecard(result, staging.path(out / "scorecard.xlsx"))
        write_json(result, staging.path(out / "result.json"))
    # both in place here, or neither if the block raised
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType


class OutputError(Exception):
    """An output cannot be written where it was asked for (a folder stands at its name …)."""

    def __init__(self, path: Path, reason_vi: str, reason_en: str) -> None:
        super().__init__(f"{path}: {reason_en}")
        self.path = path
        self.reason_vi = reason_vi
        self.reason_en = reason_en


class Staging:
    """A set of outputs written under temporary names, renamed into place on :meth:`commit`.

    Used as a context manager it commits when the block ends normally and
    removes every temporary file when it raises.
    """

    def __init__(self) -> None:
        self._staged: dict[Path, Path] = {}  # target -> temporary

    def path(self, target: str | Path) -> Path:
        """A temporary path to write ``target``'s content to (its folder is created).

        Raises :class:`OutputError` when a folder (or anything but a file or a
        link) stands at ``target``: renaming over it would fail at commit time.
        """
        target = Path(target)
        if target in self._staged:
            return self._staged[target]
        if target.is_dir() and not target.is_symlink():
            raise OutputError(target, "ở đó đã có một thư mục", "a folder is already there")
        parent = target.parent
        if parent.exists() and not parent.is_dir():
            raise OutputError(parent, "không phải là thư mục", "is not a folder")
        parent.mkdir(parents=True, exist_ok=True)
        # Hidden, in the same folder (so the rename stays on one file system), and
        # ending in ".part" so no reader takes it for a workbook.
        temporary = parent / f".{target.name}.{secrets.token_hex(4)}.part"
        self._staged[target] = temporary
        return temporary

    @property
    def targets(self) -> list[Path]:
        return list(self._staged)

    def commit(self) -> list[Path]:
        """Rename every staged file into place; returns the targets, in staging order.

        A staged path that was never written is an error in the caller: it is
        reported rather than leaving an old file in place as if it were new.
        """
        missing = [t for t, tmp in self._staged.items() if not tmp.exists()]
        if missing:
            self.discard()
            raise RuntimeError(f"outputs staged but never written: {missing}")
        done: list[Path] = []
        for target, temporary in self._staged.items():
            os.replace(temporary, target)
            done.append(target)
        self._staged.clear()
        return done

    def discard(self) -> None:
        """Remove every temporary file; targets are left as they were."""
        for temporary in self._staged.values():
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        self._staged.clear()

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


@contextlib.contextmanager
def staged(staging: Staging | None) -> Iterator[Staging]:
    """``staging`` itself (its owner commits), or a new one committed when the block ends.

    Lets a writer take ``staging=`` from a caller writing several outputs at once,
    and still be atomic when called alone.
    """
    if staging is not None:
        yield staging
        return
    with Staging() as own:
        yield own


def write_text(target: str | Path, text: str) -> Path:
    """Write one UTF-8 text file atomically (see the module doc); returns ``target``."""
    with Staging() as staging:
        staging.path(target).write_text(text, encoding="utf-8")
    return Path(target)
