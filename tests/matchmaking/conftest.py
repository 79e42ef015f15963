"""A small bilingual taxonomy for the pure matchmaking tests."""

import pytest

from paddock.matchmaking.data import Category, Taxonomy

WELDING, TIG, LASER_WELDING = 1, 2, 3
METAL_AM, LPBF, BINDER_JETTING = 10, 11, 12
MACHINING, MILLING = 20, 21
METALS, STAINLESS_STEEL, ALUMINIUM = 30, 31, 32


@pytest.fixture
def taxonomy():
    return Taxonomy.of(
        [
            Category(WELDING, None, "Welding and joining", "Soudage et assemblage"),
            Category(TIG, WELDING, "TIG welding", "Soudage TIG"),
            Category(LASER_WELDING, WELDING, "Laser welding", "Soudage laser"),
            Category(METAL_AM, None, "Metal additive manufacturing", "Fabrication additive métal"),
            Category(LPBF, METAL_AM, "Laser powder-bed fusion", "Fusion laser sur lit de poudre"),
            Category(BINDER_JETTING, METAL_AM, "Metal binder jetting", "Projection de liant métal"),
            Category(MACHINING, None, "Machining", "Usinage"),
            Category(MILLING, MACHINING, "CNC milling", "Fraisage CN"),
            Category(METALS, None, "Metals", "Métaux"),
            Category(STAINLESS_STEEL, METALS, "Stainless steel", "Acier inoxydable"),
            Category(ALUMINIUM, METALS, "Aluminium alloys", "Alliages d'aluminium"),
        ]
    )
