"""Kinds of firms that come to a normal year, each with what such a firm offers and needs.

The generator of the normal-year edition draws companies from these profiles. Texts come in French
and English: a firm writes in French when it is French, in English otherwise.
"""

from dataclasses import dataclass

Phrase = tuple[str, str, str]
"""A taxonomy code, the French text and the English text."""


@dataclass(frozen=True)
class Profile:
    sector: str
    word_fr: str
    word_en: str
    description_fr: str
    description_en: str
    offers: tuple[Phrase, ...]
    needs: tuple[Phrase, ...]
    jobs_fr: tuple[str, ...]
    """French job titles, "masculine|feminine" where they differ."""
    jobs_en: tuple[str, ...]
    buyer: bool = False


_SUPPLIER_JOBS_FR = (
    "Gérant|Gérante",
    "Directeur commercial|Directrice commerciale",
    "Chargé d'affaires|Chargée d'affaires",
    "Président|Présidente",
)
_SUPPLIER_JOBS_EN = ("Managing director", "Sales manager", "Key account manager", "CEO")
_BUYER_JOBS_FR = (
    "Acheteur|Acheteuse",
    "Responsable achats",
    "Ingénieur développement|Ingénieure développement",
)
_BUYER_JOBS_EN = ("Purchasing manager", "Buyer", "Development engineer")

PROFILES: tuple[Profile, ...] = (
    Profile(
        sector="mechanical",
        word_fr="Usinage",
        word_en="Machining",
        description_fr="Usinage de précision, {machines} centres CN, pièces unitaires et séries.",
        description_en="Precision machining with {machines} CNC centres, one-offs and series.",
        offers=(
            ("five-axis-machining", "Pièces complexes 5 axes", "Complex 5-axis parts"),
            ("cnc-turning", "Tournage CN jusqu'à 300 mm", "CNC turning up to 300 mm"),
            ("cnc-milling", "Fraisage CN grande dimension", "Large CNC milling"),
            ("grinding", "Rectification plane et cylindrique", "Surface and cylindrical grinding"),
            ("titanium", "Usinage du titane", "Titanium machining"),
            ("iso-9001", "", ""),
        ),
        needs=(
            ("heat-treatment", "Traitement thermique des aciers", "Heat treatment of steels"),
            ("anodising", "Anodisation de pièces aluminium", "Anodising of aluminium parts"),
            ("machine-tools", "Nouveau centre 5 axes", "A new 5-axis centre"),
        ),
        jobs_fr=_SUPPLIER_JOBS_FR,
        jobs_en=_SUPPLIER_JOBS_EN,
    ),
    Profile(
        sector="metalwork",
        word_fr="Soudure",
        word_en="Welding",
        description_fr="Chaudronnerie, tôlerie fine et soudure pour l'industrie depuis {year}.",
        description_en="Sheet metal, fabrication and welding for industry since {year}.",
        offers=(
            (
                "tig-welding",
                "Soudage TIG inox et aluminium",
                "TIG welding of stainless and aluminium",
            ),
            ("robotic-welding", "Cellules de soudage robotisées", "Robotic welding cells"),
            ("laser-cutting", "Découpe laser fibre", "Fibre laser cutting"),
            ("bending", "Pliage jusqu'à 4 m", "Bending up to 4 m"),
        ),
        needs=(
            ("welding-equipment", "Renouvellement de postes MIG", "New MIG welding stations"),
            ("painting", "Peinture poudre en sous-traitance", "Powder coating subcontractor"),
        ),
        jobs_fr=_SUPPLIER_JOBS_FR,
        jobs_en=_SUPPLIER_JOBS_EN,
    ),
    Profile(
        sector="additive",
        word_fr="Additive",
        word_en="Additive",
        description_fr="Impression 3D métal sur {machines} machines de fusion laser.",
        description_en="Metal 3D printing on {machines} laser-fusion machines.",
        offers=(
            ("laser-powder-bed-fusion", "Fusion laser titane et inox", "Titanium and steel LPBF"),
            ("directed-energy-deposition", "Rechargement et réparation", "Repair and cladding"),
            ("topology-optimisation", "Conception pour l'additif", "Design for additive"),
        ),
        needs=(
            ("heat-treatment", "Détensionnement sous vide", "Vacuum stress relief"),
            ("dimensional-inspection", "Tomographie de pièces", "CT inspection of parts"),
        ),
        jobs_fr=_SUPPLIER_JOBS_FR,
        jobs_en=_SUPPLIER_JOBS_EN,
    ),
    Profile(
        sector="additive",
        word_fr="Prototypage",
        word_en="Prototyping",
        description_fr="Prototypage rapide et impression 3D polymère en {days} jours ouvrés.",
        description_en="Rapid prototyping and polymer 3D printing in {days} working days.",
        offers=(
            ("sls", "Frittage laser PA12", "PA12 laser sintering"),
            ("stereolithography", "Maquettes de style en résine", "Resin styling models"),
            ("fdm", "Outillages et gabarits", "Jigs and fixtures"),
            ("prototyping", "Prototypes fonctionnels", "Functional prototypes"),
        ),
        needs=(("3d-printers", "Une machine grand format", "A large-format machine"),),
        jobs_fr=_SUPPLIER_JOBS_FR,
        jobs_en=_SUPPLIER_JOBS_EN,
    ),
    Profile(
        sector="plastics",
        word_fr="Composites",
        word_en="Composites",
        description_fr="Pièces composites carbone pour le sport automobile et l'aéronautique.",
        description_en="Carbon composite parts for motorsport and aerospace.",
        offers=(
            ("prepreg-autoclave", "Drapage et autoclave", "Prepreg lay-up and autoclave"),
            ("carbon-fibre", "Pièces carbone visibles", "Visible carbon parts"),
            ("filament-winding", "Tubes et arbres bobinés", "Wound tubes and shafts"),
        ),
        needs=(
            ("cnc-milling", "Usinage de moules", "Mould machining"),
            ("ndt", "Contrôle par ultrasons", "Ultrasonic inspection"),
        ),
        jobs_fr=_SUPPLIER_JOBS_FR,
        jobs_en=_SUPPLIER_JOBS_EN,
    ),
    Profile(
        sector="metalwork",
        word_fr="Traitements",
        word_en="Surface Technology",
        description_fr="Traitements de surface et traitements thermiques, {lines} lignes.",
        description_en="Surface and heat treatment with {lines} process lines.",
        offers=(
            ("anodising", "Anodisation dure et colorée", "Hard and coloured anodising"),
            ("heat-treatment", "Trempe et nitruration", "Hardening and nitriding"),
            ("shot-peening", "Grenaillage de précontrainte", "Shot peening"),
            ("painting", "Peinture liquide et poudre", "Wet and powder coating"),
        ),
        needs=(("robotics", "Automatisation de nos lignes", "Automation of our lines"),),
        jobs_fr=_SUPPLIER_JOBS_FR,
        jobs_en=_SUPPLIER_JOBS_EN,
    ),
    Profile(
        sector="metalwork",
        word_fr="Fonderie",
        word_en="Foundry",
        description_fr="Fonderie aluminium et forge, du prototype à {series} pièces par an.",
        description_en="Aluminium foundry and forge, from prototype to {series} parts a year.",
        offers=(
            ("aluminium-casting", "Fonderie sable et coquille", "Sand and gravity casting"),
            ("investment-casting", "Cire perdue", "Investment casting"),
            ("forging", "Forge à chaud", "Hot forging"),
        ),
        needs=(
            ("five-axis-machining", "Reprise d'usinage", "Finish machining"),
            ("ndt", "Radiographie des pièces", "X-ray inspection"),
        ),
        jobs_fr=_SUPPLIER_JOBS_FR,
        jobs_en=_SUPPLIER_JOBS_EN,
    ),
    Profile(
        sector="engineering",
        word_fr="Ingénierie",
        word_en="Engineering",
        description_fr="Bureau d'études de {staff} personnes : conception, calcul, méthodes.",
        description_en="Design office of {staff}: design, analysis and industrialisation.",
        offers=(
            ("cad-design", "Conception CAO et mise en plan", "CAD design and drawings"),
            ("simulation", "Calcul éléments finis et CFD", "FEA and CFD"),
            ("topology-optimisation", "Allègement de pièces", "Lightweighting of parts"),
        ),
        needs=(("prototyping", "Prototypes pour nos clients", "Prototypes for our clients"),),
        jobs_fr=("Directeur technique|Directrice technique", "Ingénieur calcul|Ingénieure calcul"),
        jobs_en=("Technical director", "Simulation engineer", "Managing director"),
    ),
    Profile(
        sector="services",
        word_fr="Contrôle",
        word_en="Testing",
        description_fr="Laboratoire d'essais et de métrologie, rapports sous {days} jours.",
        description_en="Accredited testing and metrology lab, reports within {days} days.",
        offers=(
            ("dimensional-inspection", "Contrôle tridimensionnel", "CMM inspection"),
            ("fatigue-testing", "Essais de fatigue", "Fatigue testing"),
            ("ndt", "Ressuage et magnétoscopie", "Dye penetrant and magnetic testing"),
        ),
        needs=(("metrology-equipment", "Un scanner 3D", "A 3D scanner"),),
        jobs_fr=("Responsable laboratoire", "Chargé d'affaires|Chargée d'affaires"),
        jobs_en=("Lab manager", "Account manager"),
    ),
    Profile(
        sector="automotive",
        word_fr="Automobiles",
        word_en="Automotive",
        description_fr="Équipementier automobile, {staff} salariés, sites en France et en Europe.",
        description_en="Automotive supplier with {staff} staff across Europe.",
        offers=(("assembly", "Assemblage de sous-ensembles", "Sub-assembly"),),
        needs=(
            ("aluminium-casting", "Pièces de fonderie aluminium", "Aluminium castings"),
            ("stamping", "Pièces embouties", "Stamped parts"),
            ("plastics-moulding", "Pièces injectées", "Injection-moulded parts"),
            ("iatf-16949", "Fournisseurs certifiés", "Certified suppliers"),
        ),
        jobs_fr=_BUYER_JOBS_FR,
        jobs_en=_BUYER_JOBS_EN,
        buyer=True,
    ),
    Profile(
        sector="motorsport",
        word_fr="Racing",
        word_en="Racing",
        description_fr="Écurie d'endurance, {cars} voitures engagées cette saison.",
        description_en="Endurance racing team running {cars} cars this season.",
        offers=(("trackside-support", "Assistance en piste", "Trackside support"),),
        needs=(
            ("carbon-fibre", "Pièces carbone en délai court", "Carbon parts at short notice"),
            ("five-axis-machining", "Pièces de suspension", "Suspension parts"),
            ("tyres", "Pneumatiques d'essai", "Test tyres"),
        ),
        jobs_fr=("Team manager", "Ingénieur de course|Ingénieure de course"),
        jobs_en=("Team manager", "Race engineer"),
        buyer=True,
    ),
    Profile(
        sector="equipment",
        word_fr="Robotique",
        word_en="Robotics",
        description_fr="Intégrateur de robots et de machines spéciales depuis {year}.",
        description_en="Robot and special-machine integrator since {year}.",
        offers=(
            ("robotics", "Cellules robotisées clés en main", "Turnkey robot cells"),
            ("test-benches", "Bancs d'essai sur mesure", "Custom test benches"),
        ),
        needs=(("cnc-milling", "Pièces mécano-soudées usinées", "Machined welded frames"),),
        jobs_fr=_SUPPLIER_JOBS_FR,
        jobs_en=_SUPPLIER_JOBS_EN,
    ),
)
