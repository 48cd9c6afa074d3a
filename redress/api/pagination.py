from typing import Any

from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from redress.core.paging import Window, page_number


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class WindowPagination(BasePagination):
    """Count-free pages for lists that grow to millions of rows: `next`, `previous`, `results`.

    `?page=N&page_size=M`; there is no `count`, since counting a million filtered rows
    costs more than serving the page. `next` is null on the last page.
    """

    page_size = 50
    max_page_size = 200

    def page_of(self, request: Request) -> tuple[int, int]:
        raw = request.query_params.get("page_size", "")
        size = int(raw) if raw.isdigit() and int(raw) > 0 else self.page_size
        return page_number(request.query_params.get("page")), min(size, self.max_page_size)

    def response(self, request: Request, window: Window, data: Any) -> Response:
        url = request.build_absolute_uri()
        previous = None
        if window.has_previous:
            previous = (
                remove_query_param(url, "page")
                if window.previous_page_number == 1
                else replace_query_param(url, "page", window.previous_page_number)
            )
        return Response(
            {
                "next": replace_query_param(url, "page", window.next_page_number)
                if window.has_next
                else None,
                "previous": previous,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
