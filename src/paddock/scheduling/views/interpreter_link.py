"""An interpreter's own agenda behind a private link (interpreters have no account): the
secret in the address is the key, as for a participant's calendar feed. The meetings show
once the schedule is published."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.generic import TemplateView, View

from paddock.events.models import Interpreter
from paddock.meetings.models import Meeting
from paddock.meetings.queries import schedule_published
from paddock.scheduling import documents
from paddock.scheduling.interpreter_ics import interpreter_ics
from paddock.scheduling.views.documents import pdf_response


def interpreter_by_link(request: HttpRequest, token: str) -> Interpreter:
    """The edition's interpreter whose link carries `token`, or 404."""
    edition = request.edition  # type: ignore[attr-defined]
    interpreter = Interpreter.objects.filter(edition=edition, link_token=token).first()
    if interpreter is None:
        raise Http404
    interpreter.edition = edition
    return interpreter


def published_meetings(interpreter: Interpreter) -> list[Meeting]:
    if not schedule_published(interpreter.edition):
        return []
    return documents.interpreter_meetings(interpreter)


class LinkAgendaView(TemplateView):
    template_name = "scheduling/public/interpreter_agenda.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        interpreter = interpreter_by_link(self.request, kwargs["token"])
        kwargs |= {
            "edition": interpreter.edition,  # the URL's slug, replaced by the object
            "interpreter": interpreter,
            "published": schedule_published(interpreter.edition),
            "meetings": published_meetings(interpreter),
        }
        return super().get_context_data(**kwargs)


class LinkAgendaPdfView(View):
    def get(self, request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        interpreter = interpreter_by_link(request, token)
        context = {
            "edition": interpreter.edition,
            "interpreter": interpreter,
            "meetings": published_meetings(interpreter),
        }
        document = documents.render_document("scheduling/pdf/interpreter_agenda.html", context)
        return pdf_response(document, f"interpreter-{interpreter.edition.slug}.pdf")


class LinkAgendaIcsView(View):
    def get(self, request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        interpreter = interpreter_by_link(request, token)
        body = interpreter_ics(interpreter, published_meetings(interpreter))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{interpreter.edition.slug}.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response
