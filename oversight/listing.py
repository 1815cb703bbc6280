"""The filtered list page every app uses: a FilterSet over a ListView."""

from django.urls import NoReverseMatch, reverse
from django.views.generic import ListView

from documents.exports import errors_response
from oversight.filters import several_values
from oversight.pagination import RecordCountPaginator
from oversight.responses import NotFoundSaid, plain_bad_request


class PageOutOfRange(NotFoundSaid):
    """A page number past the end of a list: the 404 page says so."""


def page_problem(query, name="page"):
    """Return what is wrong with the page number the QueryDict `query` gives as `name`:
    two of them (several_values), or one that is no number (page_number_problem)."""
    return several_values(name, query.getlist(name)) or page_number_problem(query.get(name))


def page_number_problem(value):
    """Return what is wrong with `value` as a list's page number, or None."""
    if value in (None, "", "last") or (value.isascii() and value.isdigit() and value.strip("0")):
        return None
    return f"“{value}” is not a page number: give a whole number from 1."


def api_address(model):
    """Return the address of the API's list of `model`'s rows, or None if it has none."""
    try:
        return reverse(f"api:{model._meta.model_name}-list")
    except NoReverseMatch:
        return None


def page_size_problem(query, per_page, model):
    """Return what is wrong with a list page's address giving a page size, which only the
    API takes (its pages hold `per_page`), and where the API lists `model`'s rows; None
    if it gives none. Shown the page instead, a script would take it as what it asked for."""
    if not any(query.getlist("page_size")):
        return None
    problem = f"This page takes no page_size: its pages hold {per_page}."
    return problem + api_told(model)


def asked_download(query, downloads, model):
    """Return (format, problem) for the download a list page's address asks for.

    `format` is one of `downloads` (the formats the page gives, lower case), or "" for the
    page itself. `problem` says what is wrong, else is None: two formats given, or one the
    page does not give, with where the API lists `model`'s rows as JSON, where the page
    does not give JSON itself.
    """
    formats = [value.lower() for value in query.getlist("format")]
    if problem := several_values("format", formats):
        return "", problem
    asked = next(filter(None, formats), "")
    if not asked or asked in downloads:
        return asked, None
    shown = asked if len(asked) <= 20 else f"{asked[:20]}…"
    if downloads:
        offered = " or ".join(f"format={name}" for name in downloads)
        problem = f"Unknown format “{shown}”: use {offered}."
    else:
        problem = f"This page has no download, in “{shown}” or any format."
    return "", problem + ("" if "json" in downloads else api_told(model))


def api_told(model):
    """Return the sentence, after a space, saying where the API lists `model`'s rows as
    JSON; "" if it does not list them."""
    if api := api_address(model):
        return f" The API lists the {model._meta.verbose_name_plural} as JSON, at {api}."
    return ""


def checked_page(paginator, value, noun="list"):
    """Return the page of `paginator` numbered `value` ("last" for the last), told already
    by page_number_problem if it is no number: its first page then. A page past the end is
    a PageOutOfRange, which says how many pages the `noun` has."""
    value = value or "1"
    if page_number_problem(value):
        value = "1"
    last = paginator.num_pages
    # Compared as text first: Python refuses to read a number of more than 4,300 digits.
    value = str(last) if value == "last" else value.lstrip("0")
    if len(value) > len(str(last)) or int(value) > last:
        shown = f"{int(value):,}" if len(value) <= 30 else f"{value[:30]}…"
        pages = "1 page" if last == 1 else f"{last:,} pages"
        message = f"There is no page {shown} of this {noun}: it has {pages}."
        if noun == "list":  # a history only grows
            message += " If you followed a link to it, the list may now be shorter."
        raise PageOutOfRange(message)
    return paginator.page(int(value))


class CheckedPagesMixin:
    """Pages of a list that say what is wrong with a page number: a 400 for one that is no
    number (page_number_problem, which `get` checks), a 404 that says how many pages there
    are for one past the end, where Django's ListView answers both with a bare 404.
    A page refused for another reason sets `told`: it shows the first page of nothing."""

    told = False

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = checked_page(paginator, None if self.told else self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class FilteredListView(CheckedPagesMixin, ListView):
    """A paginated list narrowed by `filterset_class` from the query string.

    The filter form is always bound, so an empty query string is the unfiltered list and
    the form is shown as the user left it. A value that does not validate is answered
    with a 400 and the form's own message, never with a guess at what was meant; so is a
    page number that is no number, under the form as it was sent. Each list's count is
    kept until the record changes (RecordCountPaginator).
    """

    filterset_class = None
    paginate_by = 50
    downloads = ()  # the formats `?format=` gives (see download), where it gives any
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
        model = self.filterset_class.Meta.model
        asked, problem = asked_download(request.GET, self.downloads, model)
        if problem:  # a script's, most likely: told in plain text, as a download's errors
            return plain_bad_request(problem)
        self.filterset = self.filterset_class(
            request.GET, queryset=self.get_base_queryset(), request=request
        )
        if asked:  # a script's: the errors in the download's kind, not a page
            if not self.filterset.is_valid():
                return errors_response(self.filterset.errors, asked)
            return self.download(asked)
        problem = page_problem(request.GET, self.page_kwarg) or page_size_problem(
            request.GET, self.paginate_by, model
        )
        if self.filterset.is_valid() and not problem:
            return super().get(request, *args, **kwargs)
        # The form as it was sent, with what was wrong: the filters, or the page number.
        self.object_list = self.filterset.queryset.none()
        self.told = True
        invalid = not self.filterset.is_valid()
        context = self.get_context_data(filter_invalid=invalid, message=problem)
        return self.render_to_response(context, status=400)

    def download(self, export_format):
        """Return the list's rows, as `self.filterset` filters them (valid), in
        `export_format`: one of `downloads`, which a view that gives any defines this for."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("filter", self.filterset)
        kwargs.setdefault("is_filtered", self.is_filtered())
        options = self.filterset.queryset.model._meta
        kwargs.setdefault("noun", options.verbose_name)
        kwargs.setdefault("nouns", options.verbose_name_plural)
        return super().get_context_data(**kwargs)

    def described_filters(self):
        """Return each filter given a value as "name-value", for a download's file name, so
        that two downloads do not take one name: "as-of-2014-07-01", "overdue-yes"; a date
        as written, whatever was typed. The filters must be valid."""
        data = self.filterset.form.cleaned_data
        return [
            f"{name.replace('_', '-')}-{data[name]}"
            for name in self.filterset.filters
            if data.get(name) not in (None, "")
        ]

    def is_filtered(self):
        """Return whether any filter narrows the list (an empty value does not)."""
        return any(self.request.GET.get(name) for name in self.filterset.filters)
