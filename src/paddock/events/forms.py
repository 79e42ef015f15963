import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from paddock.accounts.models import EMAIL_MAX_LENGTH
from paddock.core.forms import Form, ModelForm, ModelMultipleChoiceField
from paddock.core.opened import OpenedValuesMixin
from paddock.events.enums import EditionRole, Language
from paddock.events.localtime import (
    LocalTimeError,
    local_instant,
    typed_time_message,
    whole_minutes,
)
from paddock.events.models import Edition, EventSeries, Interpreter, TimeSlot
from paddock.events.services.grid import describe_slot
from paddock.events.services.told_times import (
    ToldTimes,
    told_by_new_zone,
    told_times_changed,
    who_is_told,
)
from paddock.events.services.venue import MAX_TABLES_AT_ONCE
from paddock.events.timegrid import (
    MAX_MEETING_MINUTES,
    GridSettings,
    GridSettingsError,
    check_settings,
)
from paddock.events.validators import (
    MAX_PERSONS,
    MAX_TABLE_NUMBER,
    AtMost,
    validate_timezone,
)
from paddock.reminders.queries import LATEST_REMINDER_TIME

EDITION_FIELDS = [
    "name",
    "slug",
    "start_date",
    "end_date",
    "timezone",
    "languages",
    "status",
    "venue_name",
    "venue_address",
    "description",
    "registration_open",
    "max_requests_per_participant",
    "request_expiry_days",
    "no_show_after_minutes",
    "reminder_time",
]


class EditionForm(ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages the edition is held in."),
    )

    class Meta:
        model = Edition
        fields = EDITION_FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "venue_address": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean_reminder_time(self) -> dt.time | None:
        chosen: dt.time | None = self.cleaned_data["reminder_time"]
        if chosen is not None and chosen > LATEST_REMINDER_TIME:
            raise forms.ValidationError(
                _("%(latest)s at the latest: the reminders must have time to go before midnight.")
                % {"latest": LATEST_REMINDER_TIME.strftime("%H:%M")}
            )
        return chosen

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return cleaned


KEEP_TOLD_TIMES = "keep_told_times"
# The digest of what the box counted (`ToldTimes.digest`), posted back with it.
TOLD_TIMES_SHOWN = "told_times_shown"


class EditionSettingsForm(OpenedValuesMixin, EditionForm):
    """The edition's settings, with its series' retention period of personal data. A new time
    zone alone that would move meetings or visits whose people were told their times adds a
    box to tick (`keep_told_times`), which says how many move; ticked under a count that
    has changed since the page showed it, the form asks again with the new count. `told` is
    what the box confirms (None without a box)."""

    retention_months = EventSeries._meta.get_field("retention_months").formfield(min_value=1)
    untracked_fields = (KEEP_TOLD_TIMES, TOLD_TIMES_SHOWN)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["retention_months"].initial = self.instance.series.retention_months
        self.fields["timezone"].help_text = _(
            "A new time zone keeps the local times of the time grid, the visits and the wishes "
            "deadline: 09:00 stays 09:00 in the new zone, and so happens at another moment. "
            "Under placed meetings or booked visits, the page asks you to confirm, then tells "
            "the people concerned: the way to correct a wrong zone when the times shown were "
            "right."
        )
        self.fields["start_date"].help_text = _(
            "New dates of the same length move the time grid, the visits and the wishes "
            "deadline along, at the same local times. Days added or removed at either end "
            "leave them on their days: empty a day of its slots and visits before removing it."
        )
        self.told = self._told_by_posted_zone() or None
        self._count_unseen = False
        if self.told:
            self.fields[KEEP_TOLD_TIMES] = _keep_told_times_field(
                self.told, self._posted_zone(), who_is_told(self.instance, self.told)
            )
            names = [name for name in self.fields if name != KEEP_TOLD_TIMES]
            self.order_fields([*names[: names.index("timezone") + 1], KEEP_TOLD_TIMES])
            self.fields[TOLD_TIMES_SHOWN] = forms.CharField(
                widget=forms.HiddenInput, required=False
            )
            shown = self.told.digest()
            if self.data.get(TOLD_TIMES_SHOWN) != shown:  # the page showed no count or another
                self._count_unseen = True
                self.data = self.data.copy()
                self.data[TOLD_TIMES_SHOWN] = shown  # shown again with the count of now

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get(KEEP_TOLD_TIMES) and self._count_unseen:
            self.add_error(KEEP_TOLD_TIMES, told_times_changed())
        return cleaned

    def _posted_zone(self) -> str:
        """The time zone posted, as the field cleans it (without spaces around)."""
        return str(self.data.get("timezone") or "").strip() if self.is_bound else ""

    def _told_by_posted_zone(self) -> ToldTimes | None:
        """What the posted time zone would move that people were told, when it is a new and
        known zone and the dates stay (new dates under placed meetings are refused)."""
        zone = self._posted_zone()
        edition = self.instance
        dates = (self.data.get("start_date"), self.data.get("end_date"))
        if not zone or zone == edition.timezone:
            return None
        if dates != (edition.start_date.isoformat(), edition.end_date.isoformat()):
            return None
        try:
            validate_timezone(zone)
        except ValidationError:
            return None  # the field says so
        return told_by_new_zone(edition, zone)


def _keep_told_times_field(told: ToldTimes, zone: str, who: str) -> forms.BooleanField:
    """The box that confirms a new time zone under meetings or visits whose people were told
    their times, saying how many move and `who` is told."""
    meetings = ngettext(
        "%(count)s scheduled meeting", "%(count)s scheduled meetings", len(told.meetings)
    ) % {"count": len(told.meetings)}
    bookings = ngettext(
        "%(count)s booking of a visit", "%(count)s bookings of visits", len(told.bookings)
    ) % {"count": len(told.bookings)}
    if told.meetings and told.bookings:
        what = _("%(meetings)s and %(bookings)s") % {"meetings": meetings, "bookings": bookings}
    else:
        what = meetings if told.meetings else bookings
    return forms.BooleanField(
        label=_(
            "Move %(what)s with the new time zone: they keep the times the agendas show, now "
            "in %(zone)s, and so take place at other moments."
        )
        % {"what": what, "zone": zone}
        + " "
        + who,
        help_text=_(
            "Tick it when the times shown were right and the time zone was wrong (UTC "
            "instead of Europe/Paris, say). Calendars that subscribe to the agendas follow "
            "by themselves."
        ),
        error_messages={
            "required": _("Tick this box to confirm the new time zone, or keep the former one.")
        },
    )


class EditionCreateForm(EditionForm):
    series = forms.ModelChoiceField(label=_("Series"), queryset=EventSeries.objects.none())

    class Meta(EditionForm.Meta):
        fields = ["series", *EDITION_FIELDS]

    def __init__(self, *args: Any, series_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = series_choices  # type: ignore[attr-defined]


class RoomForm(Form):
    """A new room, or a room's name and capacity."""

    name = forms.CharField(label=_("Name"), max_length=100)
    capacity = forms.IntegerField(
        label=_("Capacity in persons"),
        min_value=1,
        validators=[AtMost(MAX_PERSONS, _("Capacity in persons"))],
        help_text=_("How many people the room holds at once."),
    )


class TablesAddForm(Form):
    """Add N tables labelled prefix+number, e.g. T1 to T12."""

    count = forms.IntegerField(
        label=_("Number of tables"), min_value=1, max_value=MAX_TABLES_AT_ONCE, initial=10
    )
    prefix = forms.CharField(
        label=_("Label prefix"),
        max_length=10,
        required=False,
        initial="T",
        help_text=_("Tables are labelled with this prefix and a number: T1, T2, T3…"),
    )
    start = forms.IntegerField(
        label=_("First number"),
        min_value=0,
        validators=[AtMost(MAX_TABLE_NUMBER, _("First number"))],
        initial=1,
    )


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.company.name} – {obj.name_for_organisers()}"


class RoomUpdateForm(OpenedValuesMixin, RoomForm):
    """A room's edit form: it keeps what others saved since it was opened (`core.opened`)."""


class TableForm(OpenedValuesMixin, Form):
    label = forms.CharField(label=_("Label"), max_length=20)
    home_participant = ParticipantChoiceField(
        label=_("Home participant"),
        queryset=None,
        required=False,
        empty_label=_("None: the table is shared"),
        help_text=_("An exhibitor who receives all its meetings at this table."),
    )

    def __init__(self, *args: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_participant"].queryset = participants  # type: ignore[attr-defined]


def time_field(label: Any, *, required: bool = True, initial: Any = None) -> forms.TimeField:
    """A local time of the edition, typed in hours and minutes."""
    return forms.TimeField(
        label=label,
        required=required,
        initial=initial,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        validators=[whole_minutes],
    )


class GridForm(Form):
    """Settings the time grid is generated from; the service checks their consistency."""

    days = forms.TypedMultipleChoiceField(
        label=_("Days"), coerce=dt.date.fromisoformat, widget=forms.CheckboxSelectMultiple
    )
    day_start = time_field(_("Day starts at"), initial=dt.time(9, 0))
    day_end = time_field(_("Day ends at"), initial=dt.time(18, 0))
    meeting_minutes = forms.IntegerField(
        label=_("Meeting length (minutes)"),
        min_value=1,
        validators=[AtMost(MAX_MEETING_MINUTES, _("Meeting length (minutes)"))],
        initial=30,
    )
    pause_minutes = forms.IntegerField(
        label=_("Pause between meetings (minutes)"),
        min_value=0,
        validators=[AtMost(MAX_MEETING_MINUTES, _("Pause between meetings (minutes)"))],
        initial=5,
        help_text=_("0 for back-to-back meetings."),
    )
    lunch_start = time_field(_("Lunch starts at"), required=False, initial=dt.time(12, 30))
    lunch_end = time_field(_("Lunch ends at"), required=False, initial=dt.time(14, 0))

    def __init__(self, *args: Any, edition: Edition, existing_slots: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = self.fields["days"]
        days.choices = [  # type: ignore[attr-defined]
            (day.isoformat(), formats.date_format(day, "l j F Y")) for day in edition.days
        ]
        days.initial = [day.isoformat() for day in edition.days]
        self.fields["day_start"].help_text = _(
            "All times are in the edition's time zone, %(zone)s."
        ) % {"zone": edition.timezone}
        if existing_slots:
            self.fields["replace"] = forms.BooleanField(
                label=ngettext(
                    "Replace the %(count)s existing slot",
                    "Replace the %(count)s existing slots",
                    existing_slots,
                )
                % {"count": existing_slots},
                error_messages={
                    "required": _("Tick this box to confirm: the current grid will be deleted.")
                },
            )

    def clean(self) -> dict[str, Any]:
        """Check the settings as the service will, so that every error shows at once."""
        cleaned = super().clean() or {}
        names = ["day_start", "day_end", "meeting_minutes", "pause_minutes"]
        if all(cleaned.get(name) is not None for name in names):
            settings = GridSettings(
                **{name: cleaned[name] for name in [*names, "lunch_start", "lunch_end"]}
            )
            try:
                check_settings(settings)
            except GridSettingsError as error:
                self.add_error(error.field, error.message)
        return cleaned


class SlotForm(Form):
    """A slot's session and local start and end times, on the session's day."""

    session = forms.ModelChoiceField(label=_("Session"), queryset=None)
    start = time_field(_("Starts at"))
    end = time_field(_("Ends at"))

    def __init__(
        self, *args: Any, edition: Edition, slot: TimeSlot | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.edition, self.slot = edition, slot
        self.fields["session"].queryset = edition.sessions.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """Adds `start_at` and `end_at`: aware datetimes of the session's day. A time the
        clocks skip or show twice that day is refused (`events.localtime`), unless it is the
        edited slot's own, as the page showed it (`_unchanged`)."""
        cleaned = super().clean() or {}
        session, start, end = cleaned.get("session"), cleaned.get("start"), cleaned.get("end")
        if session is not None and start is not None and end is not None:
            for name, time in (("start", start), ("end", end)):
                unchanged = self._unchanged(name, session.date, time)
                if unchanged is not None:
                    cleaned[f"{name}_at"] = unchanged
                    continue
                try:
                    cleaned[f"{name}_at"] = local_instant(session.date, time, self.edition.tzinfo)
                except LocalTimeError as error:
                    self.add_error(name, typed_time_message(error))
        return cleaned

    def _unchanged(self, name: str, day: dt.date, time: dt.time) -> dt.datetime | None:
        """The edited slot's start or end when `time` on `day` is how it shows: the grid's
        generator makes slots in the hour the clocks show twice (they follow each other in
        real time), and the page must save such a slot as it is, e.g. given another session."""
        if self.slot is None:
            return None
        moment: dt.datetime = getattr(self.slot, name)
        local = moment.astimezone(self.edition.tzinfo)
        return moment if (local.date(), local.time()) == (day, time) else None


class ProtocolForm(OpenedValuesMixin, Form):
    max_persons_per_room = forms.IntegerField(
        label=_("Maximum persons per room"),
        required=False,
        min_value=0,
        validators=[AtMost(MAX_PERSONS, _("Maximum persons per room"))],
        help_text=_(
            "Caps the people present in a room at once, and so its simultaneous meetings "
            "(two persons each). Leave empty for no cap beyond each room's capacity."
        ),
    )
    health_pass_required = forms.BooleanField(
        label=_("Health pass checked at entry"),
        required=False,
        help_text=_("Check-in agents record that a pass was checked; its content is never stored."),
    )
    visits_allowed = forms.BooleanField(
        label=_("Visits allowed"),
        required=False,
        help_text=_(
            "Whether visits of restricted zones take place. Turning them off cancels every open "
            "visit and tells the people booked or waiting."
        ),
    )


class SlotUpdateForm(OpenedValuesMixin, SlotForm):
    """A slot's edit form: it keeps what others saved since it was opened (`core.opened`)."""


class PrivacyNoticeForm(OpenedValuesMixin, Form):
    text_en = forms.CharField(
        label=_("Text in English"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you keep about participants, why, who sees it, and how to reach you."),
    )
    text_fr = forms.CharField(label=_("Text in French"), widget=forms.Textarea(attrs={"rows": 8}))


class TeamMemberForm(Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=EMAIL_MAX_LENGTH,  # what the invitation and the account keep
        help_text=_("Someone without an account gets an invitation to create one."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (EditionRole.STAFF.value, EditionRole.STAFF.label),
            (EditionRole.CHECKIN.value, EditionRole.CHECKIN.label),
            (EditionRole.ZONE_HOST.value, EditionRole.ZONE_HOST.label),
        ],
    )
    language = forms.ChoiceField(
        label=_("Language of the email"),
        choices=settings.LANGUAGES,
        required=False,  # the edition's language then
        help_text=_("For an address that has no account here; an account gets its own language."),
    )


class JoinTeamForm(Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class InterpreterForm(Form):
    """An interpreter: who, which languages, and the slots of the grid they work in."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=Interpreter._meta.get_field("email").max_length,
        help_text=_("Optional: no account is needed."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A meeting gets an interpreter who speaks a language of each side."),
    )
    available_slots = ModelMultipleChoiceField(
        label=_("Available in"),
        queryset=TimeSlot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The time slots in which the interpreter works; all of them by default."),
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slots = TimeSlot.objects.filter(edition=edition).select_related("session")
        field = self.fields["available_slots"]
        field.queryset = slots.order_by("start", "pk")  # type: ignore[attr-defined]
        field.label_from_instance = lambda slot: describe_slot(slot, edition.tzinfo)  # type: ignore[attr-defined]
        if not self.is_bound and "available_slots" not in self.initial:
            self.initial["available_slots"] = list(slots)


class InterpreterUpdateForm(OpenedValuesMixin, InterpreterForm):
    """An interpreter's edit form: it keeps what others saved since it was opened
    (`core.opened`)."""
