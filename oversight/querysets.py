"""QuerySets shared by the apps."""

from django.db import models


class SlugQuerySet(models.QuerySet):
    """Rows whose natural key is their slug, so fixtures carry no primary keys."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
