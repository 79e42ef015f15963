"""The default taxonomy of industrial capabilities for automotive and mechanical subcontracting.

Each node is (code, English label, French label, children). Codes are stable: matchmaking,
imports and the demo refer to them. Organisers edit the tree afterwards in their screens.
"""

from typing import TypeAlias

Node: TypeAlias = tuple[str, str, str, list["Node"]]


def _leaf(code: str, en: str, fr: str) -> Node:
    return (code, en, fr, [])


DEFAULT_TREE: dict[str, list[Node]] = {
    "process": [
        (
            "machining",
            "Machining",
            "Usinage",
            [
                _leaf("cnc-milling", "CNC milling", "Fraisage CN"),
                _leaf("cnc-turning", "CNC turning", "Tournage CN"),
                _leaf("five-axis-machining", "5-axis machining", "Usinage 5 axes"),
                _leaf("grinding", "Grinding", "Rectification"),
                _leaf("edm", "Electrical discharge machining", "Électroérosion"),
            ],
        ),
        (
            "welding",
            "Welding and joining",
            "Soudage et assemblage",
            [
                _leaf("tig-welding", "TIG welding", "Soudage TIG"),
                _leaf("mig-mag-welding", "MIG/MAG welding", "Soudage MIG/MAG"),
                _leaf("laser-welding", "Laser welding", "Soudage laser"),
                _leaf("robotic-welding", "Robotic welding", "Soudage robotisé"),
                _leaf("brazing", "Brazing", "Brasage"),
            ],
        ),
        (
            "additive-metal",
            "Metal additive manufacturing",
            "Fabrication additive métal",
            [
                _leaf(
                    "laser-powder-bed-fusion",
                    "Laser powder-bed fusion",
                    "Fusion laser sur lit de poudre",
                ),
                _leaf(
                    "directed-energy-deposition",
                    "Directed energy deposition",
                    "Dépôt de matière sous énergie concentrée",
                ),
                _leaf("metal-binder-jetting", "Metal binder jetting", "Projection de liant métal"),
            ],
        ),
        (
            "additive-polymer",
            "Polymer additive manufacturing",
            "Fabrication additive polymère",
            [
                _leaf("fdm", "Fused deposition modelling", "Dépôt de fil fondu"),
                _leaf("sls", "Selective laser sintering", "Frittage laser sélectif"),
                _leaf("stereolithography", "Stereolithography", "Stéréolithographie"),
                _leaf("multi-jet-fusion", "Multi Jet Fusion", "Multi Jet Fusion"),
            ],
        ),
        (
            "composites",
            "Composites",
            "Composites",
            [
                _leaf(
                    "prepreg-autoclave",
                    "Prepreg and autoclave moulding",
                    "Pré-imprégnés et autoclave",
                ),
                _leaf("rtm", "Resin transfer moulding", "Moulage par transfert de résine"),
                _leaf("filament-winding", "Filament winding", "Enroulement filamentaire"),
            ],
        ),
        (
            "forming",
            "Sheet metal and forming",
            "Tôlerie et formage",
            [
                _leaf("laser-cutting", "Laser cutting", "Découpe laser"),
                _leaf("stamping", "Stamping", "Emboutissage"),
                _leaf("bending", "Bending", "Pliage"),
            ],
        ),
        (
            "casting",
            "Casting and forging",
            "Fonderie et forge",
            [
                _leaf("aluminium-casting", "Aluminium casting", "Fonderie aluminium"),
                _leaf("investment-casting", "Investment casting", "Fonderie à cire perdue"),
                _leaf("forging", "Forging", "Forge"),
            ],
        ),
        (
            "surface-treatment",
            "Surface treatment",
            "Traitement de surface",
            [
                _leaf("anodising", "Anodising", "Anodisation"),
                _leaf("painting", "Painting and coating", "Peinture et revêtement"),
                _leaf("heat-treatment", "Heat treatment", "Traitement thermique"),
                _leaf("shot-peening", "Shot peening", "Grenaillage"),
            ],
        ),
        ("plastics-moulding", "Plastic injection moulding", "Injection plastique", []),
        ("assembly", "Assembly and integration", "Assemblage et intégration", []),
    ],
    "material": [
        (
            "metals",
            "Metals",
            "Métaux",
            [
                _leaf("steel", "Steel", "Acier"),
                _leaf("stainless-steel", "Stainless steel", "Acier inoxydable"),
                _leaf("aluminium", "Aluminium alloys", "Alliages d'aluminium"),
                _leaf("titanium", "Titanium alloys", "Alliages de titane"),
                _leaf("nickel-superalloys", "Nickel superalloys", "Superalliages de nickel"),
            ],
        ),
        (
            "polymers",
            "Polymers",
            "Polymères",
            [
                _leaf(
                    "technical-polymers",
                    "Technical polymers (PA, PEEK)",
                    "Polymères techniques (PA, PEEK)",
                ),
                _leaf("elastomers", "Elastomers", "Élastomères"),
            ],
        ),
        (
            "fibres",
            "Fibres and resins",
            "Fibres et résines",
            [
                _leaf("carbon-fibre", "Carbon fibre", "Fibre de carbone"),
                _leaf("glass-fibre", "Glass fibre", "Fibre de verre"),
            ],
        ),
    ],
    "equipment": [
        ("welding-equipment", "Welding equipment", "Matériel de soudage", []),
        ("machine-tools", "Machine tools", "Machines-outils", []),
        ("3d-printers", "3D printers", "Imprimantes 3D", []),
        ("metrology-equipment", "Metrology equipment", "Équipement de métrologie", []),
        (
            "robotics",
            "Industrial robots and automation",
            "Robots industriels et automatisation",
            [],
        ),
        ("test-benches", "Test benches", "Bancs d'essai", []),
    ],
    "service": [
        (
            "design-engineering",
            "Design engineering",
            "Bureau d'études",
            [
                _leaf("cad-design", "CAD design", "Conception CAO"),
                _leaf(
                    "simulation",
                    "Simulation (FEA, CFD)",
                    "Simulation (éléments finis, mécanique des fluides)",
                ),
                _leaf("topology-optimisation", "Topology optimisation", "Optimisation topologique"),
            ],
        ),
        (
            "testing",
            "Testing and inspection",
            "Essais et contrôle",
            [
                _leaf("ndt", "Non-destructive testing", "Contrôle non destructif"),
                _leaf("dimensional-inspection", "Dimensional inspection", "Contrôle dimensionnel"),
                _leaf(
                    "fatigue-testing",
                    "Fatigue and endurance testing",
                    "Essais de fatigue et d'endurance",
                ),
            ],
        ),
        ("prototyping", "Rapid prototyping", "Prototypage rapide", []),
        ("tyres", "Tyres and wheels", "Pneumatiques et roues", []),
        ("trackside-support", "Trackside engineering support", "Assistance technique en piste", []),
    ],
    "certification": [
        ("iso-9001", "ISO 9001", "ISO 9001", []),
        ("iatf-16949", "IATF 16949 (automotive)", "IATF 16949 (automobile)", []),
        ("en-9100", "EN 9100 (aerospace)", "EN 9100 (aéronautique)", []),
        ("iso-13485", "ISO 13485 (medical)", "ISO 13485 (médical)", []),
        ("iso-14001", "ISO 14001 (environment)", "ISO 14001 (environnement)", []),
    ],
}


def flatten(
    tree: dict[str, list[Node]] = DEFAULT_TREE,
) -> list[tuple[str, str, str, str, str | None, int]]:
    """(code, kind, label_en, label_fr, parent_code, position) rows, parents before children."""
    rows: list[tuple[str, str, str, str, str | None, int]] = []

    def walk(nodes: list[Node], kind: str, parent: str | None) -> None:
        for position, (code, en, fr, children) in enumerate(nodes):
            rows.append((code, kind, en, fr, parent, position))
            walk(children, kind, code)

    for kind, nodes in tree.items():
        walk(nodes, kind, None)
    return rows
