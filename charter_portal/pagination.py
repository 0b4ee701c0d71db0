"""One way to page a list: every list page shows GOV.UK pagination from templates/includes/pagination.html."""

from django.core.paginator import Paginator


class _Counted(Paginator):
    """Django's paginator, told the count when the list already knows it."""

    def __init__(self, items, per_page: int, count: int | None = None):
        super().__init__(items, per_page)
        if count is not None:
            self.count = count


class _IdsFirst(_Counted):
    """Pages of a long list, each as cheap as the first (a "deferred join").

    A page's primary keys are read first, in the list's order: from an index that holds the order and
    the filtered columns, the database reads only the index, however far in the page is. Only that
    page's rows are then fetched, by primary key. The count is given, as the list keeps it, or counted.
    The list must be ordered to the last tie (by its primary key, say), so it reads the same both ways."""

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        end = min(start + self.per_page, self.count)
        ids = self.object_list.values_list("pk", flat=True)
        if start > self.count // 2:
            # Past the middle, the page is counted from the other end, the index read backwards:
            # the last page costs what the first does, and no page more than the middle one.
            from_end = self.count - end
            ids = list(ids.reverse()[from_end : from_end + end - start])[::-1]
        else:
            ids = list(ids[start:end])
        rows = self.object_list.order_by().in_bulk(ids)
        # An item changed between the two reads (out of the filter now) is left out of this page.
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def paginate(request, items, per_page: int, *, ids_first: bool = False, count: int | None = None) -> dict:
    """The page of `items` the query string asks for (the last one when it asks beyond it), as the
    context the pagination include reads: `page_obj` and its `page_range`, elided when long.

    count: how many items there are, when the list has counted or kept it (else counted here).
    ids_first: a long list whose order and filters an index holds (see _IdsFirst)."""
    paginator = (_IdsFirst if ids_first else _Counted)(items, per_page, count)
    page = paginator.get_page(request.GET.get("page"))
    return {"page_obj": page, "page_range": page.paginator.get_elided_page_range(page.number)}
