"""Admin views of forms_ext: being built."""

urlpatterns: list = []
