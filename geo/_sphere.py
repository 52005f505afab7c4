"""Points as unit vectors on the sphere: the angle between two is their great-circle
distance, and the largest dot product is the nearest point (cheap to compare many)."""

from __future__ import annotations

import math

import numpy as np


def unit_vector(lon: float, lat: float) -> tuple[float, float, float]:
    """The unit vector (x, y, z) of one point, in plain floats (no array overhead)."""
    lo, la = math.radians(lon), math.radians(lat)
    c = math.cos(la)
    return (c * math.cos(lo), c * math.sin(lo), math.sin(la))


def unit_vectors(lon, lat) -> np.ndarray:
    """Unit vectors of arrays of points, shape (3, n)."""
    lo, la = np.radians(lon), np.radians(lat)
    return np.array([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])
