"""The 2021 edition: about fifteen representatives of SMEs in one room, as in August 2021.

Fictional companies and people modelled on the kinds of firms that came: a welding-equipment maker's
buyer, two 3D-printing firms, a racing team, a tyre maker, subcontractors, a few foreign suppliers.
Each company writes its own texts, in French or English, as such a firm would.
"""

from paddock.demo.spec import DemoCompany, person

WELDING_BUYER_EMAIL = "thierry.garnier"
METAL_PRINTER_EMAIL = "laurent.brissac"

COMPANIES_2021: tuple[DemoCompany, ...] = (
    DemoCompany(
        name="Arcaloir Soudage",
        country="FR",
        city="La Flèche",
        sector="equipment",
        size="medium",
        website="https://arcaloir.example",
        description=(
            "Concepteur et fabricant sarthois de matériel de soudage à l'arc depuis 1978 : postes "
            "TIG et MIG/MAG, torches refroidies par eau, dévidoirs. 140 salariés, 60 % à l'export."
        ),
        offers=(
            (
                "welding-equipment",
                "Postes TIG AC/DC 200 à 400 A et postes MIG/MAG synergiques, version atelier et "
                "chantier ; démonstration possible sur place.",
            ),
            ("tig-welding", "Formation de vos soudeurs TIG sur nos postes, inter ou intra."),
        ),
        needs=(
            (
                "laser-powder-bed-fusion",
                "Corps de torche en cuivre ou inox avec canaux de refroidissement intégrés, "
                "impossibles à usiner : séries de 500 à 2 000 pièces par an.",
            ),
            ("five-axis-machining", "Usinage de buses et de pièces de torche en laiton et cuivre."),
            ("stainless-steel", "Petites pièces inox 316L, plan fourni, tolérances ±0,05."),
        ),
        people=(
            person(
                "Thierry",
                "Garnier",
                "Acheteur industriel",
                "buyer",
                "fr en",
                email_local=WELDING_BUYER_EMAIL,
            ),
        ),
    ),
    DemoCompany(
        name="Nova Additive Médical",
        country="FR",
        city="Angers",
        sector="additive",
        size="small",
        website="https://nova-additive.example",
        description=(
            "Fabrication additive métal pour le médical et l'industrie : implants sur mesure, "
            "instrumentation, pièces fonctionnelles. Parc de 4 machines de fusion laser, "
            "finition et contrôle intégrés, certifiés ISO 13485."
        ),
        offers=(
            (
                "laser-powder-bed-fusion",
                "Fusion laser sur lit de poudre, volume 250 × 250 × 300 mm, du prototype à la "
                "petite série.",
            ),
            ("titanium", "Ti6Al4V grade 23, cobalt-chrome, inox 316L et alliage cuivre CuCrZr."),
            ("topology-optimisation", "Reconception de vos pièces pour la fabrication additive."),
            ("iso-13485", ""),
        ),
        needs=(
            (
                "heat-treatment",
                "Compression isostatique à chaud (CIC) et détensionnement sous vide.",
            ),
            ("dimensional-inspection", "Tomographie pour contrôler les canaux internes."),
        ),
        people=(
            person(
                "Laurent",
                "Brissac",
                "Président",
                "supplier",
                "fr en",
                email_local=METAL_PRINTER_EMAIL,
                home_table="T1",
            ),
        ),
    ),
    DemoCompany(
        name="Voxelia",
        country="FR",
        city="Nantes",
        sector="additive",
        size="micro",
        website="https://voxelia.example",
        description=(
            "Impression 3D polymère et électronique imprimée : boîtiers, faisceaux et supports "
            "de capteurs fonctionnels en quelques jours. Nous aidons les PME à passer du "
            "prototype à la présérie."
        ),
        offers=(
            ("sls", "Frittage laser PA12 et PA11, pièces fonctionnelles et présérie."),
            ("multi-jet-fusion", "Multi Jet Fusion PA12, jusqu'à 1 000 pièces par semaine."),
            ("technical-polymers", "PEEK et PA chargé carbone pour pièces sous capot."),
            ("prototyping", "Boîtiers électroniques avec pistes conductrices imprimées."),
        ),
        needs=(
            (
                "plastics-moulding",
                "Partenaire injection pour reprendre les séries au-delà de 5 000.",
            ),
            ("assembly", "Câblage et intégration de cartes électroniques en petite série."),
        ),
        people=(person("Marc", "Delorme", "Président", "both", "fr en"),),
    ),
    DemoCompany(
        name="Tertre Rouge Endurance",
        country="FR",
        city="Le Mans",
        sector="motorsport",
        size="small",
        website="https://tertre-rouge-endurance.example",
        description=(
            "Écurie d'endurance engagée en LMP2 et en European Le Mans Series. Nous cherchons des "
            "sous-traitants réactifs capables de livrer entre deux courses."
        ),
        offers=(
            ("trackside-support", "Ingénieurs piste et mécaniciens pour vos roulages d'essai."),
            ("test-benches", "Banc amortisseurs et banc moteur disponibles hors saison."),
        ),
        needs=(
            (
                "carbon-fibre",
                "Pièces carrosserie et écopes en carbone pré-imprégné, délais courts.",
            ),
            ("five-axis-machining", "Porte-moyeux et triangles en titane et aluminium 7075."),
            ("laser-powder-bed-fusion", "Collecteurs et supports en titane imprimés."),
            ("fatigue-testing", "Essais d'endurance sur pièces de suspension."),
        ),
        people=(
            person("Sébastien", "Rouault", "Team manager", "buyer", "fr en it"),
            person("Hugo", "Lefranc", "Ingénieur de course", "buyer", "fr en"),
        ),
    ),
    DemoCompany(
        name="Vauclair Pneumatiques",
        country="FR",
        city="Vierzon",
        sector="automotive",
        size="large",
        website="https://vauclair.example",
        description=(
            "Manufacturier de pneumatiques pour la compétition et les véhicules spéciaux. "
            "Développement de gommes, essais sur piste et sur banc, fabrication en France."
        ),
        offers=(
            ("tyres", "Pneumatiques slicks et pluie pour l'endurance, jantes sur demande."),
            ("elastomers", "Mélanges élastomères techniques à façon."),
        ),
        needs=(
            (
                "test-benches",
                "Banc de mesure de rigidité de pneumatique, développement spécifique.",
            ),
            ("simulation", "Modélisation thermique du pneumatique en roulage."),
        ),
        people=(
            person(
                "Claire",
                "Vasseur",
                "Responsable grands comptes sport automobile",
                "both",
                "fr en de",
            ),
        ),
    ),
    DemoCompany(
        name="Mécanique de Précision de l'Huisne",
        country="FR",
        city="Changé",
        sector="mechanical",
        size="small",
        website="https://mph-usinage.example",
        description=(
            "Usinage de précision pour l'automobile, la compétition et l'aéronautique : 14 centres "
            "5 axes, tournage multi-axes, contrôle tridimensionnel. Certifiés ISO 9001 et "
            "IATF 16949."
        ),
        offers=(
            ("five-axis-machining", "Pièces complexes en titane, aluminium et inox, de 1 à 5 000."),
            ("cnc-turning", "Tournage bi-broche, diamètre jusqu'à 65 mm en barre."),
            ("aluminium", "Aluminium 2017, 6082 et 7075 en stock."),
            ("iatf-16949", ""),
        ),
        needs=(
            ("anodising", "Anodisation dure et colorée pour pièces de compétition."),
            ("heat-treatment", "Trempe et revenu des aciers, nitruration."),
        ),
        people=(
            person("Patrick", "Lemercier", "Gérant", "supplier", "fr", home_table="T2"),
            person("Sandrine", "Pottier", "Chargée d'affaires", "supplier", "fr en"),
        ),
    ),
    DemoCompany(
        name="Fibrelis Composites",
        country="FR",
        city="Les Herbiers",
        sector="plastics",
        size="small",
        website="https://fibrelis.example",
        description=(
            "Pièces composites carbone et verre pour le sport automobile, le nautisme et les "
            "drones. Drapage, autoclave, RTM et finition peinture."
        ),
        offers=(
            ("prepreg-autoclave", "Autoclave de 2 × 4 m, cuisson jusqu'à 180 °C."),
            ("carbon-fibre", "Pièces de structure et de carrosserie, aspect visible vernis."),
            ("rtm", "RTM pour séries de 200 à 2 000 pièces."),
        ),
        needs=(
            ("cnc-milling", "Moules et contre-moules en aluminium ou en résine usinée."),
            ("ndt", "Contrôle par ultrasons des pièces de structure."),
        ),
        people=(
            person(
                "Anthony",
                "Guilbaud",
                "Directeur commercial",
                "supplier",
                "fr en",
                home_table="T3",
            ),
        ),
    ),
    DemoCompany(
        name="Calcyon Ingénierie",
        country="FR",
        city="Tours",
        sector="engineering",
        size="small",
        website="https://calcyon.example",
        description=(
            "Bureau d'études mécanique : conception, calcul et industrialisation de pièces et "
            "d'outillages, du cahier des charges au dossier de fabrication."
        ),
        offers=(
            ("cad-design", "Conception sous CATIA et SolidWorks, mise en plan, cotation ISO."),
            ("simulation", "Calcul éléments finis et CFD, corrélation essais-calcul."),
            ("topology-optimisation", "Allègement de pièces pour la fabrication additive."),
        ),
        needs=(
            ("prototyping", "Prototypes rapides pour valider nos conceptions chez nos clients."),
            ("laser-powder-bed-fusion", "Partenaire impression métal pour pièces optimisées."),
        ),
        people=(person("Nadia", "Benali", "Directrice technique", "both", "fr en es"),),
    ),
    DemoCompany(
        name="Calorys Traitements Thermiques",
        country="FR",
        city="Alençon",
        sector="metalwork",
        size="small",
        website="https://calorys.example",
        description=(
            "Traitements thermiques sous vide et sous atmosphère pour l'automobile, l'aéronautique "
            "et la fabrication additive. Enlèvement et livraison dans tout le Grand Ouest."
        ),
        offers=(
            ("heat-treatment", "Trempe sous vide, revenu, nitruration gazeuse, détensionnement."),
            ("shot-peening", "Grenaillage de précontrainte avec contrôle Almen."),
            ("en-9100", ""),
        ),
        needs=(("robotics", "Automatisation du chargement de nos fours."),),
        people=(
            person(
                "Olivier",
                "Chapron",
                "Directeur de site",
                "supplier",
                "fr",
                status="registered",
            ),
        ),
    ),
    DemoCompany(
        name="Mesurix",
        country="FR",
        city="Laval",
        sector="services",
        size="micro",
        website="https://mesurix.example",
        description=(
            "Laboratoire de métrologie : contrôle tridimensionnel, scan 3D et tomographie "
            "industrielle, rapports en 48 heures."
        ),
        offers=(
            ("dimensional-inspection", "Contrôle sur machine tridimensionnelle et scan 3D."),
            ("ndt", "Tomographie industrielle : porosités, canaux internes, assemblages."),
            ("metrology-equipment", "Revente et étalonnage de bras de mesure."),
        ),
        people=(
            person(
                "Julie",
                "Tessier",
                "Responsable commerciale",
                "supplier",
                "fr en",
                status="invited",
            ),
        ),
    ),
    DemoCompany(
        name="Alcyon Motors",
        country="FR",
        city="Le Mans",
        sector="automotive",
        size="small",
        website="https://alcyon-motors.example",
        description=(
            "Constructeur de voitures de sport électriques en petite série. Nous industrialisons "
            "notre premier modèle et construisons notre panel de fournisseurs."
        ),
        needs=(
            ("carbon-fibre", "Châssis et panneaux de carrosserie carbone, 300 véhicules par an."),
            ("aluminium-casting", "Carters et supports moteur en aluminium."),
            ("sls", "Pièces d'habitacle en polyamide, petites séries."),
            ("iatf-16949", "Fournisseurs certifiés ou en cours de certification."),
        ),
        people=(person("Romain", "Fouquet", "Responsable achats", "buyer", "fr en"),),
    ),
    DemoCompany(
        name="Brandauer Präzisionsguss GmbH",
        country="DE",
        city="Pforzheim",
        sector="metalwork",
        size="medium",
        website="https://brandauer-guss.example",
        description=(
            "Investment casting foundry for motorsport, aerospace and turbochargers since 1962. "
            "Nickel superalloys, titanium and stainless steels, from prototype to series."
        ),
        offers=(
            ("investment-casting", "Investment castings from 5 g to 15 kg, near-net shape."),
            ("nickel-superalloys", "Inconel 713 and 718, Mar-M 247 for turbine wheels."),
            ("en-9100", ""),
        ),
        needs=(("five-axis-machining", "Finish machining partners in France for our castings."),),
        people=(person("Stefan", "Hollweg", "Head of sales", "supplier", "de en fr"),),
    ),
    DemoCompany(
        name="Leie Laser Systems NV",
        country="BE",
        city="Kortrijk",
        sector="metalwork",
        size="small",
        website="https://leie-laser.example",
        description=(
            "Laser cutting, laser welding and bending of thin sheet metal for the automotive and "
            "machine-building industries. Fibre lasers up to 12 kW."
        ),
        offers=(
            ("laser-cutting", "Flat and tube laser cutting, stainless steel up to 25 mm."),
            ("laser-welding", "Remote laser welding of thin-walled assemblies."),
            ("bending", "CNC press brakes up to 4 m."),
        ),
        needs=(("welding-equipment", "TIG stations for our manual finishing line."),),
        people=(
            person(
                "Koen",
                "Verhaegen",
                "Business development manager",
                "both",
                "nl fr en",
                status="registered",
            ),
        ),
    ),
)
