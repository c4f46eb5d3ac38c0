"""OpenTelemetry traces: off (a no-op tracer, nothing imported) unless OTEL_EXPORTER_OTLP_ENDPOINT
is set; then spans of API requests, their SQL and S3 calls, and ingestion runs go out over
OTLP/HTTP, configured by the standard OTEL_* variables."""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from opentelemetry import trace

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter
    from sqlalchemy import Engine
    from structlog.types import EventDict, WrappedLogger

tracer = trace.get_tracer("gridlens")  # a proxy: no-op until a provider is installed
_provider: TracerProvider | None = None
_lock = threading.Lock()
# Engines made before tracing was set up (serve and the worker check the schema first), traced
# when it is: get_engine tells this module of each engine, so this module imports no database code.
_untraced: weakref.WeakSet[Engine] = weakref.WeakSet()


def enabled() -> bool:
    return bool(os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"))


def setup(service: str, exporter: SpanExporter | None = None) -> TracerProvider | None:
    """This process's tracer provider, installed on first call; None when tracing is off.

    exporter: where spans go instead of OTLP (tests); spans are then exported one by one.
    """
    global _provider
    with _lock:
        if _provider is not None:
            return _provider
        if exporter is None and not enabled():
            return None
        from opentelemetry.instrumentation.botocore import BotocoreInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

        provider = TracerProvider(resource=Resource.create({"service.name": service}))
        if exporter is None:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
        else:
            provider.add_span_processor(SimpleSpanProcessor(exporter))
        trace.set_tracer_provider(provider)
        _provider = provider
        for engine in list(_untraced):
            trace_engine(engine)
        _untraced.clear()
        BotocoreInstrumentor().instrument(tracer_provider=provider)  # type: ignore[no-untyped-call]
        return provider


def trace_engine(engine: Engine) -> None:
    """SQL spans for every statement of engine, when tracing is on (get_engine calls this)."""
    if _provider is None:
        _untraced.add(engine)
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import get_meter

    # EngineTracer itself, not SQLAlchemyInstrumentor: the latter refuses SQLAlchemy 2.1 and
    # imports its asyncio extension (greenlet), neither of which matters to these spans.
    usage = get_meter("gridlens").create_up_down_counter("db.client.connections.usage")
    EngineTracer(_provider.get_tracer("gridlens.sql"), engine, usage)  # type: ignore[no-untyped-call]


@contextmanager
def driver_sql_span(statement: str, database: str) -> Iterator[None]:
    """A span for a PostgreSQL statement run on psycopg's own cursor (the binary reads of
    api.cache), which SQLAlchemy's events, and so trace_engine's spans, never see; named and
    described as those are."""
    if _provider is None:
        yield
        return
    verb = statement.split(None, 1)[0].upper() if statement.strip() else "SQL"
    attributes = {"db.system": "postgresql", "db.name": database, "db.statement": statement}
    with tracer.start_as_current_span(
        f"{verb} {database}", kind=trace.SpanKind.CLIENT, attributes=attributes
    ):
        yield


def instrument_app(app: Any, service: str) -> None:
    """Spans for every request of a FastAPI app, when tracing is on."""
    provider = setup(service)
    if provider is None:
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, excluded_urls="healthz,metrics"
    )


def log_trace_ids(_logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
    """structlog processor: the current trace and span ids on every log line inside a span."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", format(context.trace_id, "032x"))
        event.setdefault("span_id", format(context.span_id, "016x"))
    return event
