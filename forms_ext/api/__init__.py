"""The read-only JSON API of inventories, for other municipal systems.

- :mod:`.auth`: bearer tokens of :class:`~forms_ext.models.ApiClient` and their scope;
- :mod:`.views`: the endpoints, each declared once in ``ENDPOINTS`` with its
  parameters and answer, from which both the URLconf (:mod:`.urls`) and the
  OpenAPI 3.1 document (:mod:`.openapi`) are built, so neither can drift;
- :mod:`.admin`: creating and revoking clients (the token is shown once) and the
  human documentation page.

Include it in a site's URLconf as ``path("api/v1/", include("forms_ext.api.urls"))``.
"""
