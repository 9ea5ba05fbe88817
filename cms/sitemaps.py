"""A sitemap that lists the pages of every language, not only the default one."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap, over the site's root page and each of its translations."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = [root, *root.get_translations()]
        in_a_tree = Q()
        for translated_root in roots:
            in_a_tree |= Q(path__startswith=translated_root.path)
        return (
            Page.objects.filter(in_a_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
