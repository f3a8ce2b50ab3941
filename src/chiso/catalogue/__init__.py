"""The KPI catalogue: models (:mod:`.model`), loader (:mod:`.loader`), cross-file checks."""
