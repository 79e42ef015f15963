"""Organiser pages of the exchange app (imports and exports), under /orga/."""

from django.urls import path

from paddock.exchange.models import ImportKind
from paddock.exchange.views import exports, imports

app_name = "exchange"

edition = "e/<slug:edition>/"

urlpatterns: list = [
    path(f"{edition}exports/", exports.ExportView.as_view(), name="exports"),
]

for _kind in ImportKind.values:
    urlpatterns += [
        path(
            f"{edition}import/{_kind}/",
            imports.UploadView.as_view(kind=_kind),
            name=f"import-{_kind}",
        ),
        path(
            f"{edition}import/{_kind}/columns/",
            imports.ColumnsView.as_view(kind=_kind),
            name=f"import-{_kind}-columns",
        ),
        path(
            f"{edition}import/{_kind}/preview/",
            imports.PreviewView.as_view(kind=_kind),
            name=f"import-{_kind}-preview",
        ),
    ]

urlpatterns += [
    path(
        f"{edition}import/participants/invite/",
        imports.InviteView.as_view(),
        name="import-participants-invite",
    ),
]
