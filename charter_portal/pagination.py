"""One way to page a list: every list page shows GOV.UK pagination from templates/includes/pagination.html."""

from django.core.paginator import Paginator


def paginate(request, items, per_page: int) -> dict:
    """The page of `items` the query string asks for (the last one when it asks beyond it), as the
    context the pagination include reads: `page_obj` and its `page_range`, elided when long."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return {"page_obj": page, "page_range": page.paginator.get_elided_page_range(page.number)}
