"""Administrative units: the model (:mod:`.model`) and the units-file loader (:mod:`.loader`)."""

from chiso.units.model import Unit, Units

__all__ = ["Unit", "Units"]
