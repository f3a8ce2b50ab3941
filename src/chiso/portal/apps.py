from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "chiso.portal"
    label = "portal"
    verbose_name = "chiso"
    default_auto_field = "django.db.models.BigAutoField"
