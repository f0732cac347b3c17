"""Reads of the sync app: what pages and APIs show about UCCX and the outbox."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.cache import cache_unreachable
from core.rules import is_administrator
from sync.adapters import get_adapter
from sync.cluster import ClusterState, get_cluster_state
from sync.models import DISCARDED_BY_OPERATOR, RETRIED_BY_OPERATOR, Drift, OutboxChange, SyncObject
from uccx_client import NodeState

State = OutboxChange.State
HEARTBEAT_KEY = "sync:worker-heartbeat"
SWEEP_KEY = "sync:beat-sweep"


def uccx_status_payload() -> dict[str, Any]:
    """The body of `GET /api/v1/uccx/status`: the cluster as last probed (the cache, never UCCX)."""
    from sync.reconcile import last_reconcile

    return {
        "cluster": get_cluster_state().as_dict(),
        "queue": queue_stats(),
        "worker": worker_status(),
        "reconcile": last_reconcile(),
    }


@dataclass(frozen=True)
class SyncState:
    """Where an object's latest save stands in UCCX, for badges: applied / queued (since) / failed (why)."""

    state: str  # "applied" | "queued" | "failed" | "drift" (the last check found it not as written)
    since: datetime | None
    detail: str
    change_id: int | None
    seen_at: datetime | None = None  # UCCX last seen holding it as written (a write or the reconcile sweep)


def sync_state_for(kind: str, key: str | int) -> SyncState | None:
    """The object's sync state; None when no change of it was ever recorded."""
    changes = OutboxChange.objects.filter(target__kind=kind, target__key=str(key))
    oldest_queued = changes.filter(state=State.QUEUED).order_by("pk").first()
    if oldest_queued is not None:
        newest_queued = changes.filter(state=State.QUEUED).order_by("-pk").first() or oldest_queued
        detail = newest_queued.last_error or "Waiting for the worker to write it to UCCX."
        return SyncState("queued", oldest_queued.created_at, detail, newest_queued.pk)
    latest = changes.filter(state__in=[State.APPLIED, State.CANCELLED, State.FAILED]).order_by("-pk").first()
    if latest is None:
        return None
    if latest.state == State.FAILED:
        return SyncState("failed", latest.created_at, latest.last_error, latest.pk)
    seen_at = latest.target.seen_at or latest.applied_at
    reported = latest.target.drifts.filter(change__isnull=True)
    if seen_at is not None:
        reported = reported.filter(detected_at__gt=seen_at)
    drift = reported.order_by("-detected_at").first()
    if drift is not None:  # report-only reconcile: UCCX lost or changed it and nothing was re-written
        return SyncState("drift", drift.detected_at, drift.description, latest.pk, seen_at)
    return SyncState("applied", latest.applied_at, "", latest.pk, seen_at)


def changes_of(kind: str, key: str | int, limit: int = 50) -> QuerySet[OutboxChange]:
    """The object's changes for UCCX, newest first, with who made them (for its history page)."""
    return _listed(OutboxChange.objects.filter(target__kind=kind, target__key=str(key)).order_by("-pk"))[
        :limit
    ]


def latest_change(kind: str, key: str | int) -> OutboxChange | None:
    """The object's newest change (None: none yet): what a change of another object declares itself
    `after=` when it depends on an object saved earlier (a binding naming a prompt uploaded before)."""
    return OutboxChange.objects.filter(target__kind=kind, target__key=str(key)).order_by("-pk").first()


def last_payload(kind: str, key: str | int) -> dict[str, Any] | None:
    """The desired state the object's latest upsert recorded (None: none yet): re-queue only what changed."""
    return (
        OutboxChange.objects.filter(
            target__kind=kind, target__key=str(key), operation=OutboxChange.Operation.UPSERT
        )
        .order_by("-pk")
        .values_list("payload", flat=True)
        .first()
    )


def remote_id_for(kind: str, key: str | int) -> str | None:
    """UCCX's id of the object (e.g. a calendar's calId, for a script parameter); None until created there."""
    remote_id = SyncObject.objects.filter(kind=kind, key=str(key)).values_list("remote_id", flat=True).first()
    return remote_id or None


def queue_stats() -> dict[str, Any]:
    """How many changes wait, the oldest one's age, failures and unacknowledged drift."""
    counts = OutboxChange.objects.aggregate(
        queued=Count("pk", filter=Q(state=State.QUEUED)),
        failed=Count("pk", filter=Q(state=State.FAILED)),
        oldest=Min("created_at", filter=Q(state=State.QUEUED)),
    )
    oldest = counts["oldest"]
    return {
        "depth": counts["queued"],
        "objects_waiting": SyncObject.objects.filter(pending_since__isnull=False).count(),
        "oldest_queued_at": oldest.isoformat() if oldest else None,
        "oldest_age_seconds": round((timezone.now() - oldest).total_seconds(), 1) if oldest else None,
        "failed": counts["failed"],
        "drift_unacknowledged": Drift.objects.filter(acknowledged_at__isnull=True).count(),
    }


def worker_status() -> dict[str, Any]:
    """The worker's and beat's last signs of life (written by their tasks into the cache)."""
    try:
        beats = cache.get_many([HEARTBEAT_KEY, SWEEP_KEY])
    except Exception:  # the cache (Redis) is away: say so rather than fail the status page
        beats = {}
    worker, sweep = beats.get(HEARTBEAT_KEY) or {}, beats.get(SWEEP_KEY) or {}
    worker_at, sweep_at = _parsed(worker.get("at")), _parsed(sweep.get("at"))
    age = _age(worker_at)
    return {
        "last_heartbeat": worker_at.isoformat() if worker_at else None,
        "heartbeat_age_seconds": age,
        "process": worker.get("worker"),
        "last_sweep": sweep_at.isoformat() if sweep_at else None,
        # Beat has the worker sweep every SYNC_SWEEP_SECONDS: two missed sweeps mean one of them is down.
        "alive": age is not None and age < 2 * settings.SYNC_SWEEP_SECONDS + 5,
    }


def _parsed(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None


def _age(at: datetime | None) -> float | None:
    return round((timezone.now() - at).total_seconds(), 1) if at else None


def seconds_until_due() -> float | None:
    """How long until the next waiting object may be retried (0: now); None when nothing waits.

    An object is free once its backoff is over and no one holds it (nor waits for a write to land)."""
    free_at = Greatest("next_attempt_at", Coalesce("claimed_until", "next_attempt_at"))
    first = SyncObject.objects.filter(pending_since__isnull=False).aggregate(at=Min(free_at))["at"]
    return None if first is None else max(0.0, (first - timezone.now()).total_seconds())


VisibleKeys = Callable[[Any], Iterable[Any]]
_visible_keys: dict[str, VisibleKeys] = {}


def register_change_visibility(kinds: Iterable[str], visible_keys: VisibleKeys) -> None:
    """An app says which of its objects' changes a user may see on the Changes page: `visible_keys(user)`
    gives the keys of the objects of `kinds` the user may see (its own visibility rule, e.g. the
    calendars of their teams). Register in `AppConfig.ready()`."""
    for kind in kinds:
        _visible_keys[kind] = visible_keys


def _targets_visible_to(user: Any) -> Q | None:
    """None: everything (administrators); else the targets the user may see. Kinds whose app registered no
    rule show only the user's own changes (issue 9: supervisors saw every team's changes)."""
    if user is None or user.is_staff or is_administrator(user):
        return None
    visible = Q(pk__in=[])
    for kind, keys in _visible_keys.items():
        visible |= Q(kind=kind, key__in=[str(key) for key in keys(user)])
    return visible


def _changes_visible_to(user: Any, changes: QuerySet[OutboxChange]) -> QuerySet[OutboxChange]:
    targets = _targets_visible_to(user)
    if targets is None:
        return changes
    return changes.filter(Q(target__in=SyncObject.objects.filter(targets)) | Q(actor=user))


def queued_changes(limit: int = 200, user: Any = None) -> QuerySet[OutboxChange]:
    """Waiting changes, oldest first, with who made them (those `user` may see)."""
    changes = OutboxChange.objects.filter(state=State.QUEUED).order_by("pk")
    return _listed(_changes_visible_to(user, changes))[:limit]


def failed_changes(limit: int = 200, user: Any = None) -> QuerySet[OutboxChange]:
    """Changes UCCX refused, newest first (those `user` may see)."""
    changes = OutboxChange.objects.filter(state=State.FAILED).order_by("-pk")
    return _listed(_changes_visible_to(user, changes))[:limit]


def recent_applied_changes(limit: int = 50, user: Any = None) -> QuerySet[OutboxChange]:
    """What reached UCCX lately (or needed not to: cancelled), newest first (those `user` may see)."""
    changes = OutboxChange.objects.filter(state__in=[State.APPLIED, State.CANCELLED])
    return _listed(_changes_visible_to(user, changes.order_by("-applied_at", "-pk")))[:limit]


def recent_drift(limit: int = 50, user: Any = None) -> QuerySet[Drift]:
    """Objects found changed in UCCX outside the app, unacknowledged first (those `user` may see)."""
    drifts = Drift.objects.select_related("target", "acknowledged_by")
    targets = _targets_visible_to(user)
    if targets is not None:
        drifts = drifts.filter(target__in=SyncObject.objects.filter(targets))
    return drifts.order_by("acknowledged_at", "-detected_at")[:limit]


def _listed(changes: QuerySet[OutboxChange]) -> QuerySet[OutboxChange]:
    return changes.select_related("target", "actor").defer("payload")


def operator_actions(limit: int = 20) -> QuerySet[Any]:
    """The audit of retries and discards: who, when, which change (django-simple-history rows)."""
    return (
        OutboxChange.history.filter(history_change_reason__in=[RETRIED_BY_OPERATOR, DISCARDED_BY_OPERATOR])
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )


# --- The UCCX banner ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeLine:
    name: str
    host: str
    state: str  # "working" | "read-only" | "not reachable" | "refuses our credentials"
    master: bool
    problem: str


@dataclass(frozen=True)
class Banner:
    level: str  # "ok" | "warning" | "danger" | "unknown" (CSS modifier)
    sentence: str
    nodes: list[NodeLine]
    checked_at: datetime | None


_SENTENCES = {
    "ok": ("ok", "UCCX is working normally."),
    "read_only": (
        "warning",
        "UCCX is read-only right now — changes are saved here and will reach UCCX when it is back.",
    ),
    "credentials_refused": (
        "danger",
        "UCCX refuses this app's credentials — changes are saved here and will reach UCCX once an "
        "administrator corrects UCCX_USERNAME / UCCX_PASSWORD (or the account's role in UCCX).",
    ),
    "down": (
        "danger",
        "UCCX cannot be reached right now — changes are saved here and will reach UCCX when it is back.",
    ),
    "unknown": ("unknown", "The UCCX status has not been checked yet."),
}


def _node_state(node: NodeState) -> str:
    if not node.reachable:
        return "not reachable"
    if node.credentials_refused:
        return "refuses our credentials"
    return "read-only" if node.read_only else "working"


def _address(url: str) -> str:
    """`host:port` of a node's URL (two nodes on one host differ only by their ports)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return url
    return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname


def uccx_banner(state: ClusterState | None = None) -> Banner:
    """The status banner: one plain sentence and each node's health, from the cached cluster state."""
    state = state or get_cluster_state()
    level, sentence = _SENTENCES.get(state.mode, _SENTENCES["unknown"])
    if state.mode == "unknown" and cache_unreachable():
        sentence = (
            "UCCX status unknown: this app cannot read its cache (Redis) right now. "
            "Changes are still saved here and reach UCCX as usual."
        )
    unreachable = [node.name for node in state.nodes if not node.reachable]
    if state.mode == "read_only" and unreachable:
        sentence = (
            f"UCCX node {' and '.join(unreachable)} cannot be reached, so UCCX is read-only — "
            "changes are saved here and will reach UCCX when it is back."
        )
    nodes = [
        NodeLine(
            name=node.name,
            host=_address(node.url),
            state=_node_state(node),
            master=node.reachable and node.master,
            problem=node.error,
        )
        for node in state.nodes
    ]
    return Banner(level, sentence, nodes, state.checked_at)


def object_labels(*change_lists: Iterable[OutboxChange]) -> dict[int, str]:
    """The name people know each listed change's object by, from its latest payload, by target id:
    "Support Hours", "SupportApp's CCCalendar" (two queries, however many rows; "calendar 3" when no
    adapter or payload can say)."""
    targets = {change.target_id: change.target for changes in change_lists for change in changes}
    latest = (
        OutboxChange.objects.filter(target_id__in=list(targets))
        .exclude(payload={})
        .values("target_id")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    labels = {}
    for target_id, payload in OutboxChange.objects.filter(pk__in=list(latest)).values_list(
        "target_id", "payload"
    ):
        target = targets[target_id]
        try:
            labels[target_id] = get_adapter(target.kind).label(payload)
        except (LookupError, KeyError, TypeError):
            continue
    return {
        target_id: labels.get(target_id) or f"{target.kind} {target.key}"
        for target_id, target in targets.items()
    }
