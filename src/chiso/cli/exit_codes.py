"""Named exit codes of every ``chiso`` command (documented in the README).

Model: sqlfluff's exit-code constants. CI reads these, so a crash must never look
like bad data, and "nothing was written" must never look like "written, with data
errors".
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    #: Clean: no finding at error level (and, with ``--strict``, no warning).
    OK = 0
    #: Findings at error level (or warnings with ``--strict``); outputs were written.
    FINDINGS = 1
    #: The command itself was misused: bad option, missing or unusable path.
    USAGE = 2
    #: An internal error (a bug in chiso): a short message says where to report it;
    #: no partial output is left behind.
    INTERNAL = 3
    #: Nothing was written because the inputs were unusable (a broken KPI file or
    #: units file, no workbook found, no unit matched): the findings say why.
    NOTHING_WRITTEN = 4
