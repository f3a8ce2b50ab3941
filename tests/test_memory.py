"""The collector pause around bulk stages leaves the collector as it found it."""

from __future__ import annotations

import gc

import pytest

from chiso.memory import gc_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_inside_and_as_found_after(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), gc_paused():
            raise RuntimeError("a failing stage")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
