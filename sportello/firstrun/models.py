"""The first run's records: one-time setup tokens and the municipality's logo."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sportello.core.scoping import TenantManager


class SetupToken(models.Model):
    """A one-time token printed on the server's console while the installation is empty (only its digest is kept).

    Whoever can read the server's output may create the first municipality and administrator; every token is
    deleted as soon as the installation is set up.
    """

    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("setup token")
        verbose_name_plural = _("setup tokens")


class MunicipalityLogo(models.Model):
    """The municipality's coat of arms or logo (PNG, JPEG or WebP), public like the municipality's website."""

    municipality = models.OneToOneField(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="logo", verbose_name=_("municipality")
    )
    image = models.FileField(_("logo"), upload_to="logos/")
    content_type = models.CharField(max_length=40)
    uploaded_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("logo")
        verbose_name_plural = _("logos")

    def __str__(self) -> str:
        return str(self.municipality)
