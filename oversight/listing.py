"""The filtered list page every app uses: a FilterSet over a ListView."""

from django.views.generic import ListView

from oversight.pagination import RecordCountPaginator


class FilteredListView(ListView):
    """A paginated list narrowed by `filterset_class` from the query string.

    The filter form is always bound, so an empty query string is the unfiltered list and
    the form is shown as the user left it. A value that does not validate is answered
    with a 400 and the form's own message, never with a guess at what was meant. Each
    list's count is kept until the record changes (RecordCountPaginator).
    """

    filterset_class = None
    paginate_by = 50
    paginator_class = RecordCountPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        # The form's record cache, where it has one, has read the record version already.
        record_cache = getattr(self.filterset.form, "record_cache", None)
        return super().get_paginator(queryset, per_page, record_cache=record_cache, **kwargs)

    def get_base_queryset(self):
        return super().get_queryset()

    def get_queryset(self):
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET, queryset=self.get_base_queryset(), request=request
        )
        if self.filterset.is_valid():
            return super().get(request, *args, **kwargs)
        self.object_list = self.filterset.queryset.none()
        context = self.get_context_data(filter_invalid=True)
        return self.render_to_response(context, status=400)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("filter", self.filterset)
        kwargs.setdefault("is_filtered", self.is_filtered())
        options = self.filterset.queryset.model._meta
        kwargs.setdefault("noun", options.verbose_name)
        kwargs.setdefault("nouns", options.verbose_name_plural)
        return super().get_context_data(**kwargs)

    def is_filtered(self):
        """Return whether any filter narrows the list (an empty value does not)."""
        return any(self.request.GET.get(name) for name in self.filterset.filters)
