"""The upload portal, ``chiso serve``: a Django app over :mod:`chiso.api`.

Units log in, download their template, upload their workbook and see its
findings at once; the province watches the submission board, scores a period
from the stored submissions and publishes it. Every rule (reading, checking,
scoring, templates, rendering) is chiso's own, through :mod:`chiso.api`; this
package adds accounts, storage, access checks and pages. Install with
``pip install chiso[serve]``; see ``docs/portal.md``.
"""
