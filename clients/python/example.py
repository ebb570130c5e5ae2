"""A docnum client in Python, generated from the server's OpenAPI document by
openapi-python-client (package ``docnum_client``, see clients/README.md).

Creates a series, reserves a number with an Idempotency-Key (and replays
it), confirms it, reserves and cancels another, reads a number, handles NB
errors by their code, and retries 429/503 answers after Retry-After.

    DOCNUM_URL=http://127.0.0.1:8080 DOCNUM_TOKEN=<admin token> python example.py

DOCNUM_BURST (default 3) reservations are made in a row at the end; above
the server's NUMBERING_RATE_LIMIT they meet 429s, which are retried.
"""

from __future__ import annotations

import os
import sys
import time
from http import HTTPStatus

import httpx

from docnum_client import AuthenticatedClient
from docnum_client.api.numbers import (
    cancel_reservation,
    confirm_reservation,
    get_number,
    reserve_number,
)
from docnum_client.api.series import create_series
from docnum_client.models import (
    CancelRequest,
    ConfirmRequest,
    ErrorEnvelope,
    ReserveRequest,
    ScopeType0,
    SeriesConfig,
)
from docnum_client.types import Response

MAX_ATTEMPTS = 10


class RetryTransport(httpx.HTTPTransport):
    """Sends a request again after ``Retry-After`` seconds when the answer is 429 or 503."""

    def __init__(self) -> None:
        super().__init__()
        self.retries = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempt = 1
        while True:
            response = super().handle_request(request)
            if response.status_code not in (429, 503) or attempt >= MAX_ATTEMPTS:
                return response
            wait = float(response.headers.get("Retry-After", "1"))
            response.close()
            self.retries += 1
            attempt += 1
            time.sleep(max(wait, 0.0))


def ok(what: str, response: Response):
    """The payload of a success envelope; an error envelope ends the program with its code."""
    parsed = response.parsed
    if isinstance(parsed, ErrorEnvelope) or parsed is None:
        code = parsed.error.code if parsed else "?"
        message = parsed.error.message if parsed else response.content.decode(errors="replace")
        sys.exit(f"{what}: HTTP {int(response.status_code)}: {code} {message}")
    return parsed.data


def error_code(response: Response) -> str | None:
    """The NB code of an error answer, or None for a success."""
    return response.parsed.error.code if isinstance(response.parsed, ErrorEnvelope) else None


def main() -> None:
    transport = RetryTransport()
    client = AuthenticatedClient(
        base_url=os.environ["DOCNUM_URL"],
        token=os.environ["DOCNUM_TOKEN"],
        httpx_args={"transport": transport},
    )
    burst = int(os.environ.get("DOCNUM_BURST", "3"))

    with client as client:
        # 1. A series of our own (document types are A-Z, 0-9, _).
        document_type = f"PY_{int(time.time() * 1000):X}"
        series = ok(
            "create series",
            create_series.sync_detailed(
                client=client,
                body=SeriesConfig(
                    document_type=document_type,
                    template=f"{document_type}-{{YYYY}}-{{SEQ:4}}",
                    scope=ScopeType0.YEARLY,
                ),
            ),
        )
        print(f"created series {series.document_type} (version {series.version})")

        # 2. Reserve with an Idempotency-Key; the replay answers the same reservation.
        key = f"py-example-{document_type}"
        body = ReserveRequest(document_type=document_type, metadata={"subject": "Site access"})
        first = ok(
            "reserve",
            reserve_number.sync_detailed(client=client, body=body, idempotency_key=key),
        )
        replay = ok(
            "reserve again",
            reserve_number.sync_detailed(client=client, body=body, idempotency_key=key),
        )
        if replay.token != first.token:
            sys.exit("the replayed reserve answered another reservation")
        print(f"reserved {first.document_number} (replay answered the same token)")

        # 3. Confirm it.
        confirmed = ok(
            "confirm",
            confirm_reservation.sync_detailed(
                client=client, body=ConfirmRequest(token=first.token, document_ref="DOC-8812")
            ),
        )
        print(f"confirmed {confirmed.document_number} at {confirmed.confirmed_at.isoformat()}")

        # 4. Reserve another and cancel it.
        second = ok(
            "reserve",
            reserve_number.sync_detailed(
                client=client, body=ReserveRequest(document_type=document_type)
            ),
        )
        cancelled = ok(
            "cancel",
            cancel_reservation.sync_detailed(
                client=client, body=CancelRequest(token=second.token, reason="letter withdrawn")
            ),
        )
        print(f"cancelled {cancelled.document_number}: {cancelled.state.value}")

        # 5. Read the confirmed number back.
        number = ok(
            "read number",
            get_number.sync_detailed(first.document_number, client=client),
        )
        print(f"read {number.document_number}: {number.state.value}, ref {number.document_ref}")
        if number.state.value != "CONFIRMED" or number.document_ref != "DOC-8812":
            sys.exit(f"unexpected number: {number.to_dict()}")

        # 6. NB errors, handled by their code.
        late = confirm_reservation.sync_detailed(
            client=client, body=ConfirmRequest(token=second.token)
        )
        if error_code(late) == "NB004":
            print(f"confirming the cancelled reservation: NB004 ({int(late.status_code)}), reserve a new number")
        else:
            sys.exit(f"confirm a cancelled reservation: expected NB004, got {late.status_code}")
        unknown = reserve_number.sync_detailed(
            client=client, body=ReserveRequest(document_type=f"{document_type}_NONE")
        )
        if error_code(unknown) != "NB001" or unknown.status_code != HTTPStatus.NOT_FOUND:
            sys.exit(f"reserve in an unknown series: expected NB001, got {unknown.status_code}")
        print(f"reserving in an unknown series: NB001 ({int(unknown.status_code)})")

        # 7. Several reservations in a row: 429s are waited out and retried.
        for i in range(burst):
            ok(
                f"reserve #{i + 1}",
                reserve_number.sync_detailed(
                    client=client, body=ReserveRequest(document_type=document_type)
                ),
            )
        print(f"reserved {burst} more; 429/503 retries: {transport.retries}")


if __name__ == "__main__":
    main()
