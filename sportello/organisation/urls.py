from django.urls import path

from sportello.organisation.views import departments, lists, moderation, staff

app_name = "organisation"

urlpatterns = [
    path("impostazioni/liste/", lists.index, name="lists"),
    path("impostazioni/liste/nuova/", lists.edit, name="list_new"),
    path("impostazioni/liste/<int:pk>/", lists.edit, name="list"),
    path("impostazioni/informativa/", lists.policy, name="policy"),
    path("impostazioni/informativa/<int:pk>/", lists.version, name="policy_version"),
    path("impostazioni/servizi/", departments.index, name="departments"),
    path("impostazioni/servizi/nuovo/", departments.edit, name="department_new"),
    path("impostazioni/servizi/<int:pk>/", departments.edit, name="department"),
    path("impostazioni/servizi/<int:department_pk>/categorie/nuova/", departments.category, name="category_new"),
    path("impostazioni/servizi/<int:department_pk>/categorie/<int:pk>/", departments.category, name="category"),
    path("impostazioni/servizi/<int:pk>/personale/", departments.add_member, name="member_add"),
    path("impostazioni/servizi/personale/<int:pk>/rimuovi/", departments.remove_member, name="member_remove"),
    path("impostazioni/moderazione/", moderation.settings_page, name="moderation"),
    path("impostazioni/staff/", staff.index, name="staff"),
    path("impostazioni/staff/<int:pk>/ruolo/", staff.change_role, name="staff_role"),
    path("impostazioni/staff/<int:pk>/rimuovi/", staff.remove, name="staff_remove"),
    path("impostazioni/staff/<int:pk>/secondo-fattore/", staff.reset_second_factor, name="staff_reset_2fa"),
]
