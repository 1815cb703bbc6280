"""Every public address of the site, read from the URLconf so that a new page cannot be missed.

A pattern with arguments is filled from the record: the first row of the view's model (its
`queryset`'s, or its `model`, as a feed of one item's gives it) gives the slug or id. A
pattern this cannot fill (no model, an argument the model lacks) is an error, not a silent
omission: teach `address_for` about it.
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

PRIVATE_NAMESPACES = {"admin"}

# Query parameters every kind of page reads besides its FilterSet's own.
COMMON_PARAMETERS = {"q", "page", "page_size", "format", "sort", "as_of", "since"}


def view_class(pattern):
    """Return the class behind a pattern's view: a Django view, a DRF viewset or a feed."""
    callback = pattern.callback
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback


def public_patterns():
    """Return (view name, pattern) for every URL pattern outside the admin."""

    def walk(entries, prefix):
        for entry in entries:
            if isinstance(entry, URLResolver):
                if entry.namespace in PRIVATE_NAMESPACES:
                    continue
                namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                yield from walk(entry.url_patterns, namespace)
            else:
                assert isinstance(entry, URLPattern)
                assert entry.name, f"the pattern {entry.pattern} has no name to reverse"
                yield f"{prefix}{entry.name}", entry

    return list(walk(get_resolver().url_patterns, ""))


def address_for(name, pattern):
    """Return the path of `pattern`, its arguments taken from the first row of its model."""
    return reverse(name, kwargs=arguments_for(name, pattern))


def arguments_for(name, pattern):
    """Return the keyword arguments of `pattern` for the first row of its view's model."""
    kwargs = {}
    for argument in pattern.pattern.regex.groupindex:
        if argument == "format":  # DRF's suffix: /api/statements.json
            kwargs[argument] = "json"
            continue
        view = view_class(pattern)
        queryset = getattr(view, "queryset", None)
        model = queryset.model if queryset is not None else getattr(view, "model", None)
        assert model is not None, f"{name}: no model to take <{argument}> from"
        row = model._default_manager.order_by("pk").first()
        assert row is not None, f"{name}: no {model.__name__} in the record"
        kwargs[argument] = getattr(row, argument)
    return kwargs


def public_addresses():
    """Return {path: view name} for every public page, list, detail, feed and API URL."""
    return {address_for(name, pattern): name for name, pattern in public_patterns()}


def parameter_names():
    """Return every query parameter any public page reads: its FilterSets' and the common."""
    names = set(COMMON_PARAMETERS)
    for _, pattern in public_patterns():
        filterset = getattr(view_class(pattern), "filterset_class", None)
        if filterset is not None:
            names.update(filterset.base_filters)
    return sorted(names)
