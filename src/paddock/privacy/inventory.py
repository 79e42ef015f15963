"""What Paddock holds about people, model by model: how "My data" exports it, what an erasure
does to it and how long it is kept. One table, for the reader and for the tests.

tests/privacy/test_inventory.py lists every field of every installed model that may hold
personal data (`may_hold_personal_data`) and fails, naming the model and field, when one is
neither in `PERSONAL_DATA` nor set aside in `NO_PERSONAL_DATA`, or when either names a model or
field that no longer exists. docs/privacy.md carries `markdown_table()`, checked by the same
tests. A new model or field holding personal data is added here, with the code that exports,
erases and expires it.

This module imports nothing from the project: it is data.
"""

from dataclasses import dataclass
from enum import StrEnum

# A relation to one of these points at a person.
PEOPLE = frozenset({"accounts.User", "participants.Participant"})
# Field classes whose values people or organisers type, upload or send (a CharField counts
# unless it has choices or is a slug).
FREE_FIELDS = frozenset(
    {
        "BinaryField",
        "CharField",
        "EmailField",
        "FileField",
        "GenericIPAddressField",
        "ImageField",
        "JSONField",
        "TextField",
        "URLField",
    }
)


def may_hold_personal_data(field: object) -> bool:
    """Whether a model field (Django's Field) must be classified: a relation to a person, or a
    field of free content."""
    related = getattr(field, "related_model", None)
    if getattr(field, "is_relation", False) and related is not None:
        return str(related._meta.label) in PEOPLE
    kind = type(field).__name__
    return kind in FREE_FIELDS and not getattr(field, "choices", None)


class Erasure(StrEnum):
    ANONYMISED = "anonymised"  # the row stays, without what names the person
    DELETED = "deleted"
    LINKED = "kept, linked"  # holds only the link to the account or participation, anonymised
    KEPT = "kept"  # with the reason in `erasure`


@dataclass(frozen=True)
class Holding:
    """A model holding personal data. `fields` hold it; `other` are fields that the test
    flags but hold none (`why_other` says why)."""

    fields: tuple[str, ...]
    export: str  # where "My data" puts it, or why it does not
    erased: Erasure
    erasure: str  # what `erase_person` does, or why it keeps it
    retention: str  # what removes it in time
    other: tuple[str, ...] = ()
    why_other: str = ""


LINKED_ERASURE = "points to the person, whose account the erasure anonymises"
WITH_PERSON = "with the person (retention job)"

PERSONAL_DATA: dict[str, Holding] = {
    "accounts.User": Holding(
        fields=(
            "email",
            "first_name",
            "last_name",
            "password",
            "preferred_language",
            "mail_opt_outs",
        ),
        export="account.json (not the password's hash)",
        erased=Erasure.ANONYMISED,
        erasure="names emptied, a placeholder address, unusable password, inactive",
        retention="erased by the retention job; unused invitation accounts deleted",
    ),
    "accounts.AccountToken": Holding(
        fields=("user", "created_by", "digest", "password"),
        export="no: digests of links and the hash of a password waiting for confirmation",
        erased=Erasure.DELETED,
        erasure="the person's links, and a password waiting for confirmation",
        retention="links expire; deleted with the person",
    ),
    "accounts.OutgoingMail": Holding(
        fields=("user", "recipient", "subject", "body", "html_body", "headers", "last_error"),
        export="no: copies of mails the person received, kept a month at most",
        erased=Erasure.DELETED,
        erasure="every mail to the person, waiting or not, by account or address",
        retention="subject, bodies and headers emptied once sent; rows deleted after "
        "PADDOCK_MAIL_KEEP_DAYS (periodic)",
    ),
    "admin.LogEntry": Holding(
        fields=("user", "object_repr"),
        other=("object_id", "change_message"),
        why_other="a row's key, and the names of the fields changed (never their values)",
        export="no: the administrators' history of their edits",
        erased=Erasure.ANONYMISED,
        erasure="entries about the person's account or participations lose the name",
        retention=WITH_PERSON,
    ),
    "sessions.Session": Holding(
        fields=("session_key", "session_data"),
        export="no: the login cookie's state (the account's id)",
        erased=Erasure.KEPT,
        erasure="ends at once: the new password changes the hash it is signed with",
        retention="deleted once expired (retention job)",
    ),
    "axes.AccessAttempt": Holding(
        fields=("username", "ip_address", "user_agent", "get_data", "post_data"),
        other=("http_accept", "path_info"),
        why_other="what the browser accepts and the login page's path",
        export="no: failed logins counted for lock-outs",
        erased=Erasure.DELETED,
        erasure="the person's, by their address",
        retention="deleted once the lock-out period is over (retention job)",
    ),
    "axes.AccessFailureLog": Holding(
        fields=("username", "ip_address", "user_agent"),
        other=("http_accept", "path_info"),
        why_other="what the browser accepts and the login page's path",
        export="no: not written (AXES_ENABLE_ACCESS_FAILURE_LOG is off)",
        erased=Erasure.DELETED,
        erasure="the person's, by their address",
        retention="deleted once the lock-out period is over (retention job)",
    ),
    "axes.AccessLog": Holding(
        fields=("username", "ip_address", "user_agent", "session_hash"),
        other=("http_accept", "path_info"),
        why_other="what the browser accepts and the login page's path",
        export="no: not written (AXES_DISABLE_ACCESS_LOG is on)",
        erased=Erasure.DELETED,
        erasure="the person's, by their address",
        retention="deleted once the lock-out period is over (retention job)",
    ),
    "django_tasks_database.DBTaskResult": Holding(
        fields=("traceback",),
        other=(
            "args_kwargs",
            "return_value",
            "task_path",
            "worker_ids",
            "queue_name",
            "backend_name",
            "exception_class_path",
        ),
        why_other="tasks take and return ids of rows, never names (STYLE.md, background work)",
        export="no: the task worker's record of its work",
        erased=Erasure.KEPT,
        erasure="ids only; a failure's error may quote an address until the result goes",
        retention="deleted 14 days after the task ended (retention job)",
    ),
    "core.AuditEntry": Holding(
        fields=("actor", "object_repr", "object_id", "data"),
        other=("action", "edition_name", "object_model"),
        why_other="what was done, to which kind of row, and where",
        export="audit.json: entries about the person's account, address or participations; "
        "of those they wrote about others, the action, edition and time only",
        erased=Erasure.ANONYMISED,
        erasure="a name becomes user #id, IP addresses and login names go; the entries stay, "
        "the organisers' record of who did what, with the id of the anonymised row",
        retention="with the person; a declined invitation's typed names go with its "
        "edition's period, and the address of an open form nobody confirmed with the form, "
        "when no account holds it (retention job)",
    ),
    "events.Organiser": Holding(
        fields=("members",),
        other=("name",),
        why_other="an organisation's name",
        export="team.json",
        erased=Erasure.DELETED,
        erasure="the person's memberships; refused while they are the only member of an "
        "organiser with series",
        retention="members are never erased by retention",
    ),
    "events.EditionMembership": Holding(
        fields=("user",),
        export="team.json",
        erased=Erasure.DELETED,
        erasure="the person's roles; refused while they are the only one to organise an edition",
        retention="a role in an edition still kept keeps the person; with roles only in "
        "editions past their period, the roles are deleted and the person erased (retention job)",
    ),
    "events.TeamInvitation": Holding(
        fields=("user", "email", "invited_by"),
        export="team.json",
        erased=Erasure.DELETED,
        erasure="an anonymous invitation would tell the team nothing",
        retention=WITH_PERSON,
    ),
    "events.PrivacyNotice": Holding(
        fields=("created_by",),
        other=("text_en", "text_fr"),
        why_other="the organisers' notice",
        export="no: who wrote a version of the notice",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention="kept with the edition: the versions show what people accepted",
    ),
    "events.Table": Holding(
        fields=("home_participant",),
        other=("label",),
        why_other="a table's label",
        export="meetings.json (each meeting's table)",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention=WITH_PERSON,
    ),
    "events.Interpreter": Holding(
        fields=("name", "email", "link_token"),
        other=("languages",),
        why_other="languages spoken, which name no one",
        export="no: interpreters have no account; the organisers edit or delete them",
        erased=Erasure.KEPT,
        erasure="not a participant; the organisers edit or delete the interpreter",
        retention="name and address removed, private link renewed (retention job)",
    ),
    "participants.Company": Holding(
        fields=("city", "website", "description", "search_text"),
        other=("name",),
        why_other="a company's name, kept for the figures",
        export="companies.json",
        erased=Erasure.ANONYMISED,
        erasure="emptied when no one else represents the company",
        retention=WITH_PERSON,
    ),
    "participants.Participant": Holding(
        fields=(
            "user",
            "job_title",
            "phone",
            "invited_first_name",
            "invited_last_name",
            "invited_email",
            "validated_by",
            "withdrawal_reason",
        ),
        other=("languages", "consent_version"),
        why_other="languages spoken and the notice's version, which name no one",
        export="participations.json",
        erased=Erasure.ANONYMISED,
        erasure="free text and what organisers typed emptied; the row stays for the figures",
        retention="erased with the person; an invitation never accepted loses what the "
        "organisers typed (retention job)",
    ),
    "participants.DeclinedInvitationLink": Holding(
        fields=("participant",),
        other=("digest",),
        why_other="the digest of a declined link",
        export="no: the digest of a link",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention=WITH_PERSON,
    ),
    "participants.JoinRequest": Holding(
        fields=("user", "job_title", "answered_by"),
        other=("languages", "consent_version"),
        why_other="languages spoken and the notice's version, which name no one",
        export="join_requests.json",
        erased=Erasure.ANONYMISED,
        erasure="job title emptied",
        retention="with the person, also when a request is all they had in the edition "
        "(retention job)",
    ),
    "participants.PendingRegistration": Holding(
        fields=("email", "password", "first_name", "last_name", "job_title", "company"),
        other=("languages", "language", "consent_version", "digest"),
        why_other="languages, the notice's version and the digest of a link, which name no one",
        export="no: an open form kept until its address is confirmed, typed by anyone; "
        "confirming it makes the participation that My data exports",
        erased=Erasure.DELETED,
        erasure="the forms kept with the person's address",
        retention="deleted 14 days after its link expired, confirmed or not (retention job)",
    ),
    "participants.Offer": Holding(
        fields=("text",),
        export="companies.json",
        erased=Erasure.ANONYMISED,
        erasure="text emptied (deleted without a category) when no one else represents the company",
        retention=WITH_PERSON,
    ),
    "participants.Need": Holding(
        fields=("text",),
        export="companies.json",
        erased=Erasure.ANONYMISED,
        erasure="text emptied (deleted without a category) when no one else represents the company",
        retention=WITH_PERSON,
    ),
    "participants.Attachment": Holding(
        fields=("file", "original_name", "uploaded_by"),
        other=("content_type",),
        why_other="the file's type",
        export="files/ (the person's uploads)",
        erased=Erasure.DELETED,
        erasure="the person's uploads and their sole companies' files, after commit",
        retention=WITH_PERSON,
    ),
    "matchmaking.Recommendation": Holding(
        fields=("participant", "other"),
        other=("reasons",),
        why_other="codes of matching categories",
        export="no: suggestions computed again from the profiles",
        erased=Erasure.DELETED,
        erasure="nobody is suggested an anonymised participant",
        retention=WITH_PERSON,
    ),
    "meetings.MeetingRequest": Holding(
        fields=("requester", "recipient", "message", "decline_reason", "suggested_by"),
        export="meeting_requests.json",
        erased=Erasure.ANONYMISED,
        erasure="the person's message and reason for declining emptied; kept for the figures",
        retention=WITH_PERSON,
    ),
    "meetings.Meeting": Holding(
        fields=("first", "second"),
        other=("kept_place",),
        why_other=(
            "the time, room and table of a place it left (deleted, or a run left it out), "
            "for the calendar feeds"
        ),
        export="meetings.json",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention=WITH_PERSON,
    ),
    "meetings.AgendaFeed": Holding(
        fields=("participant", "token"),
        export="no: the secret of a calendar link",
        erased=Erasure.DELETED,
        erasure="the calendar links of the person's participations",
        retention=WITH_PERSON,
    ),
    "scheduling.ScheduleRun": Holding(
        fields=("started_by",),
        other=(
            "problem",
            "solution",
            "objective",
            "bound",
            "input_hash",
            "solver_status",
            "error",
            "failure",
        ),
        why_other="the solver's input and output name participants by id only",
        export="no: an organiser's run of the scheduler",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention="kept with the edition",
    ),
    "scheduling.PublishedSchedule": Holding(
        fields=("published_by",),
        other=("assignments",),
        why_other="meetings, slots and tables by id",
        export="no: an organiser's publication",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention="kept with the edition",
    ),
    "scheduling.StoredDocument": Holding(
        fields=("file", "requested_by"),
        other=("language", "fingerprint", "error", "failure"),
        why_other="how the document was built",
        export="no: the organisers' printouts of the edition (agendas, badges)",
        erased=Erasure.DELETED,
        erasure="every stored document of the person's editions, built again on demand",
        retention="deleted when someone of the edition is erased; orphan files by periodic",
    ),
    "checkin.Badge": Holding(
        fields=("participant",),
        other=("code",),
        why_other="the code printed on the badge",
        export="no: the badge's code",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention=WITH_PERSON,
    ),
    "checkin.CheckIn": Holding(
        fields=("participant", "by"),
        export="checkins.json",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention=WITH_PERSON,
    ),
    "privacy.ErasureRequest": Holding(
        fields=("user", "done_by", "decline_reason"),
        export="erasure_requests.json",
        erased=Erasure.ANONYMISED,
        erasure="kept as the record that the erasure was asked for and done; earlier "
        "refusals' reasons emptied",
        retention="kept: proof of the erasure, naming no one once done",
    ),
    "exchange.ImportFile": Holding(
        fields=("user", "name", "content", "headers", "samples", "preview", "outcome"),
        other=(
            "encoding",
            "delimiter",
            "sheet",
            "mapping",
            "options",
            "language",
            "plan",
            "notice",
            "error",
            "error_field",
            "failure",
        ),
        why_other="how the file is read and the import's state, without rows",
        export="no: an organiser's upload about many people",
        erased=Erasure.KEPT,
        erasure="a day at most (see retention)",
        retention="deleted a day after upload, with its preview and error report (periodic)",
    ),
    "visits.VisitSession": Holding(
        fields=("guide",),
        other=("cancel_reason",),
        why_other="the organisers' reason for cancelling a visit",
        export="no: a guide is a team member",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention="kept with the edition",
    ),
    "visits.Booking": Holding(
        fields=("participant", "checked_in_by"),
        export="visits.json (bookings and places in waiting lists)",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention=WITH_PERSON,
    ),
    "visits.VisitWish": Holding(
        fields=("participant",),
        export="visits.json",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention=WITH_PERSON,
    ),
    "api.ApiToken": Holding(
        fields=("user", "name"),
        other=("prefix", "secret_hash"),
        why_other="a key's public prefix and hash",
        export="no: keys to the API",
        erased=Erasure.DELETED,
        erasure="the person's keys",
        retention="deleted 90 days after it was revoked or ended (periodic); with the person",
    ),
    "outcomes.Outcome": Holding(
        fields=("participant", "comment"),
        export="outcomes.json",
        erased=Erasure.ANONYMISED,
        erasure="comment emptied; the answer stays for the figures",
        retention=WITH_PERSON,
    ),
    "outcomes.FollowUp": Holding(
        fields=("participant",),
        export="outcomes.json",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention=WITH_PERSON,
    ),
    "outcomes.SentMail": Holding(
        fields=("participant",),
        other=("key",),
        why_other="the day or months a mail was about",
        export="emails_sent.json",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention=WITH_PERSON,
    ),
    "reminders.SentReminder": Holding(
        fields=("participant",),
        export="emails_sent.json",
        erased=Erasure.LINKED,
        erasure=LINKED_ERASURE,
        retention=WITH_PERSON,
    ),
    "webhooks.Delivery": Holding(
        fields=("body",),
        other=("event_type",),
        why_other="the event's name",
        export="no: what the organisers' tools received",
        erased=Erasure.ANONYMISED,
        erasure="the person's name emptied in stored bodies; never sent again",
        retention="deleted after PADDOCK_WEBHOOK_KEEP_DAYS (periodic)",
    ),
}

# Models with fields that `may_hold_personal_data` flags, and why they hold none.
NO_PERSONAL_DATA: dict[str, tuple[tuple[str, ...], str]] = {
    "auth.Permission": (("name", "codename"), "Django's permissions"),
    "auth.Group": (("name",), "groups of permissions"),
    "contenttypes.ContentType": (("app_label", "model"), "names of models"),
    "events.EventSeries": (("name", "description"), "the organisers' texts"),
    "events.Edition": (
        ("name", "timezone", "languages", "venue_name", "venue_address", "description"),
        "the organisers' texts and the venue's address",
    ),
    "events.Room": (("name",), "a room's name"),
    "events.Session": (("name",), "a part of the day"),
    "participants.Category": (("label_en", "label_fr"), "the taxonomy"),
    "participants.Organisation": (
        ("name", "former_names", "website", "registration_number"),
        "a company's identity in the organiser's directory",
    ),
    "visits.Zone": (
        (
            "name_en",
            "name_fr",
            "host_name",
            "meeting_point",
            "description",
            "safety_notes",
            "allowed_roles",
            "guide_languages",
        ),
        "the organisers' description of a site to visit and of its host",
    ),
    "series.PastEdition": (("place", "notes"), "a past edition's figures"),
    "webhooks.Endpoint": (("url", "events", "secret"), "the organisers' receiving tool"),
    "webhooks.Attempt": (("error",), "the transport's error, never the response"),
    "operations.HeldTask": (
        ("task_path", "args", "kwargs", "queue_name"),
        "a held task's function and the ids it takes (STYLE.md, background work)",
    ),
}


def markdown_table() -> str:
    """The table of docs/privacy.md ("What is held"), one row per model holding personal data."""
    lines = [
        "| Model | Personal data | My data | Erasure | Retention |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, holding in sorted(PERSONAL_DATA.items()):
        fields = ", ".join(f"`{name}`" for name in holding.fields)
        erasure = f"{holding.erased}: {holding.erasure}"
        lines.append(
            f"| `{label}` | {fields} | {holding.export} | {erasure} | {holding.retention} |"
        )
    return "\n".join(lines) + "\n"
