"""chiso — score digital-transformation KPIs for Vietnamese provinces."""

__version__ = "0.1.0"
