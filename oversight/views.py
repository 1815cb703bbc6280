"""Public pages of the oversight record."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from documents.models import Statement
from oversight.models import Priority, Recommendation, StatusUpdate


def history_queryset():
    """Return status updates with everything a history table shows, oldest first."""
    return StatusUpdate.objects.select_related("recorded_by").prefetch_related(
        Prefetch("evidence_statements", queryset=Statement.objects.select_related("document")),
        "evidence_documents",
    )


class HomeView(ListView):
    """The Commissioner's priorities and the review's recommendations, with their status."""

    template_name = "oversight/home.html"
    context_object_name = "priorities"

    def get_queryset(self):
        return Priority.objects.with_commissioner()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recommendations"] = Recommendation.objects.all()
        return context


class PriorityDetailView(DetailView):
    queryset = (
        Priority.objects.with_commissioner()
        .select_related("source")
        .prefetch_related(Prefetch("updates", queryset=history_queryset()))
    )


class RecommendationDetailView(DetailView):
    queryset = Recommendation.objects.select_related("review", "source").prefetch_related(
        Prefetch("updates", queryset=history_queryset())
    )
