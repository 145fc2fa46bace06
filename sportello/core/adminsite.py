"""The Django admin is for superusers only (the installation's operators, across every municipality).

Municipality staff work in the console, where every query is scoped to their town; the admin's generic model
pages would let a town's administrator with model permissions read and change another town's rows, so staff
flags and model permissions alone never open it.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)


class SportelloAdminConfig(AdminConfig):
    default_site = "sportello.core.adminsite.SuperuserAdminSite"
