"""The portal's URLs (stable: the browser tests and scripts use them; see docs/portal.md)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.views import serve as serve_static
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path

from chiso.portal.views import api, board, province, units

app_name = "portal"


def static(request: HttpRequest, path: str) -> HttpResponse:
    # The package's own CSS/JS and the admin's, found by the staticfiles finders,
    # served by Django itself whatever DEBUG says: a few small files, and nothing
    # from outside (works offline).
    response: HttpResponse = serve_static(request, path, insecure=True)
    response["Cache-Control"] = "max-age=3600"
    return response


portal_patterns = [
    path("", units.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="portal/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(
        template_name="portal/password.html", success_url="/password/done/"),
        name="password_change"),
    path("password/done/", units.password_done, name="password_done"),
    path("lang/<str:lang>/", units.set_language, name="set_language"),
    path("unit/<str:code>/", units.unit_page, name="unit"),
    path("unit/<str:code>/<str:period>/", units.submission_page, name="submission"),
    path("unit/<str:code>/<str:period>/template.xlsx", units.template_file, name="template"),
    path("unit/<str:code>/<str:period>/results/", units.results_page, name="results"),
    path("unit/<str:code>/<str:period>/board/", board.unit_board, name="unit_board"),
    path("upload/<int:upload_id>/", units.upload_page, name="upload"),
    path("upload/<int:upload_id>/file", units.upload_file, name="upload_file"),
    path("account/token/", api.token_page, name="token"),
    path("province/", province.dashboard, name="province"),
    path("province/units/", province.units_import, name="units_import"),
    path("province/units/<str:code>/history/", province.unit_history, name="history"),
    path("province/periods/", province.periods, name="periods"),
    path("province/periods/<str:period>/", province.period_page, name="period"),
    path("province/periods/<str:period>/score/", province.score, name="score"),
    path("province/periods/<str:period>/board/", board.board, name="board"),
    path("province/scores/<int:run_id>/<path:name>", province.score_file, name="score_file"),
    path("province/audit/", province.audit_log, name="audit"),
    path("api/v1/uploads", api.api_upload, name="api_upload"),
    path("api/v1/uploads/<int:upload_id>", api.api_upload_detail, name="api_upload_detail"),
    path("api/v1/units/<str:code>/<str:period>/uploads", api.api_uploads, name="api_uploads"),
    path("api/v1/units/<str:code>/<str:period>/results", api.api_results, name="api_results"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("admin/", admin.site.urls),
    re_path(r"^static/(?P<path>.+)$", static),
]
