from django.urls import path

from sportello.api import views

urlpatterns = [
    path("profilo/token-api/", views.token_list, name="api_tokens"),
    path("profilo/token-api/<int:pk>/revoca/", views.token_revoke, name="api_token_revoke"),
]
