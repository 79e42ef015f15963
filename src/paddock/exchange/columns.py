"""The columns of a participants file: what an export writes and an import recognises.

One list for both directions, so that an export read back by the import gives the same people
and companies. Each column has a stable key, a header translated into the file's language, and
extra header spellings seen in organisers' spreadsheets (compared without case, accents or
punctuation by the import).

Cell values, as the export writes them and the import reads them:

- `country`: the country's name in the file's language; the import also takes the ISO 3166
  two-letter code and the name in English or French.
- `sector`, `size`, `role`: the choice's label in the file's language; the import also takes
  the stored code and the label in English or French.
- `languages`: language codes separated by commas ("fr, en").
- `offers`, `needs`: capability codes of the edition's taxonomy separated by commas.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    aliases: tuple[str, ...] = field(default=())
    required: bool = False


PARTICIPANT_COLUMNS = (
    Column(
        "email",
        _("Email"),
        ("e-mail", "courriel", "mail", "adresse e-mail", "adresse mail", "email address"),
        required=True,
    ),
    Column("first_name", _("First name"), ("prénom", "prenom", "given name", "firstname")),
    Column(
        "last_name", _("Last name"), ("nom", "nom de famille", "surname", "family name", "name")
    ),
    Column(
        "company",
        _("Company"),
        ("société", "raison sociale", "entreprise", "organisation", "organization", "firm"),
        required=True,
    ),
    Column("country", _("Country"), ("pays",)),
    Column("city", _("City"), ("ville", "town")),
    Column("sector", _("Sector"), ("secteur", "secteur d'activité", "industry")),
    Column("size", _("Company size"), ("taille", "effectif", "size")),
    Column("website", _("Website"), ("site web", "site internet", "web", "url")),
    Column("description", _("Company description"), ("description", "activité")),
    Column("job_title", _("Job title"), ("fonction", "poste", "titre", "position")),
    Column("phone", _("Phone"), ("téléphone", "tel", "tél", "mobile", "portable")),
    Column("languages", _("Languages"), ("langues", "langues parlées")),
    Column("role", _("Role"), ("rôle", "profil", "acheteur ou fournisseur")),
    Column("offers", _("Offers"), ("offres",)),
    Column("needs", _("Needs"), ("besoins",)),
)
