"""File payloads (prompt and document repository files from the blob store) and declared order between
objects (`enqueue_change(..., after=)`), through write-through, outage, coalescing and lost answers.

The probe's greeting (tests/syncprobe) is a prompt file plus SupportApp's WelcomePrompt parameter that
plays it, declared after the file: built with the documented pieces only (docs/sync.md).
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from sync.adapters import DocumentAdapter, PromptAdapter, file_payload, register
from sync.blobs import BlobMissingError, blobs_collect, read_blob, store_blob
from sync.claims import claim_first
from sync.cluster import get_uccx_client
from sync.models import Blob, Drift, OutboxChange, SyncObject
from sync.outbox import commit_and_sync, enqueue_change
from sync.replay import drain, wake_pending
from sync.selectors import sync_state_for
from tests.syncprobe.models import ProbeGreeting
from tests.syncprobe.services import GREETING_KIND, GREETING_PARAMETER_KIND, greeting_delete, greeting_save
from uccx_simulator import Simulator
from uccx_simulator.seed import PLAYABLE_TYPE, STRING_TYPE, script_application

pytestmark = pytest.mark.django_db

State = OutboxChange.State
PATH = "en_US/probe/hello.wav"


@pytest.fixture(autouse=True)
def support_app(uccx: Simulator) -> None:
    """UCCX's SupportApp, whose script plays the WelcomePrompt parameter."""
    params = [("WelcomePrompt", "P[welcome.wav]", PLAYABLE_TYPE), ("QueueName", '"Support"', STRING_TYPE)]
    uccx.add_application(script_application(1, "SupportApp", "support.aef", params))


def replay() -> int:
    wake_pending()
    return drain(budget=10)


def prompts(sim: Simulator) -> dict[str, bytes]:
    return sim.store.files("prompt")


def welcome_prompt(sim: Simulator) -> str:
    params = sim.applications["SupportApp"]["ScriptApplication"]["scriptParams"]
    return next(p["value"] for p in params if p["name"] == "WelcomePrompt")


def uccx_writes(sim: Simulator) -> list[str]:
    """The writes UCCX took, as "METHOD /path" (prompt and application resources)."""
    return [
        f"{r.method} {r.path}"
        for r in sim.requests
        if r.method in ("POST", "PUT", "DELETE") and (r.status or 0) < 300 and not r.dropped
    ]


def audio(version: int) -> bytes:
    return ProbeGreeting(name="hello", version=version).audio()


def test_a_file_and_the_parameter_declared_after_it_are_written_through_in_order(uccx: Simulator) -> None:
    uccx.clear_requests()

    _, saved = greeting_save(name="hello")

    assert [r.state for r in saved.results] == ["applied", "applied"]  # every change of the transaction
    assert saved.result == saved.results[0]
    assert prompts(uccx)[PATH] == audio(1)
    assert welcome_prompt(uccx) == "P[probe/hello.wav]"
    assert uccx_writes(uccx) == [
        "POST /adminapi/prompt",  # the missing folder en_US/probe, first
        "POST /adminapi/prompt/uploadFile",
        "POST /adminapi/prompt",  # stored from the temporary folder
        "PUT /adminapi/application/SupportApp",  # only once UCCX has the file
    ]
    assert b'"FolderName": "probe"' in next(r.body for r in uccx.requests if r.method == "POST")
    assert SyncObject.objects.get(kind=GREETING_KIND).remote_id == PATH


def test_a_new_version_replaces_the_file(uccx: Simulator) -> None:
    greeting_save(name="hello")
    uccx.clear_requests()

    _, saved = greeting_save(name="hello")

    assert saved.result.state == "applied"
    assert prompts(uccx)[PATH] == audio(2)
    # UCCX stores no file over another: the old one goes first; the parameter is unchanged, not rewritten.
    assert uccx_writes(uccx) == [
        f"DELETE /adminapi/prompt/{PATH}",
        "POST /adminapi/prompt/uploadFile",
        "POST /adminapi/prompt",
    ]
    assert not Drift.objects.exists()


def test_while_uccx_is_away_both_wait_and_are_replayed_in_declared_order(uccx: Simulator) -> None:
    uccx.set_cluster("read_only")

    _, saved = greeting_save(name="hello")

    file_result, parameter_result = saved.results
    assert (file_result.state, parameter_result.state) == ("queued", "queued")
    assert file_result.detail.startswith("UCCX is read-only")
    assert parameter_result.detail == (
        f"Waiting for change #{file_result.change} (en_US/probe/hello.wav) to reach UCCX first."
    )
    # The dependent object is the older pending one: the replay must still not write it first.
    SyncObject.objects.filter(kind=GREETING_PARAMETER_KIND).update(
        pending_since=SyncObject.objects.get(kind=GREETING_KIND).pending_since.replace(year=2020)
    )
    uccx.set_cluster("normal")
    uccx.clear_requests()

    assert replay() == 2

    assert [w.split(" ")[-1] for w in uccx_writes(uccx)][-1] == "/adminapi/application/SupportApp"
    assert prompts(uccx)[PATH] == audio(1)
    assert welcome_prompt(uccx) == "P[probe/hello.wav]"
    assert sync_state_for(GREETING_PARAMETER_KIND, "SupportApp").state == "applied"


def test_many_versions_while_away_become_one_upload_of_the_latest(uccx: Simulator) -> None:
    greeting_save(name="hello")
    uccx.set_cluster("read_only")
    for _ in range(3):
        greeting_save(name="hello")
    uccx.set_cluster("normal")
    uccx.clear_requests()

    replay()

    assert prompts(uccx)[PATH] == audio(4)
    assert [w for w in uccx_writes(uccx) if w.endswith("uploadFile")] == ["POST /adminapi/prompt/uploadFile"]
    assert sync_state_for(GREETING_KIND, ProbeGreeting.objects.get().pk).state == "applied"
    assert Blob.objects.count() == 4  # each version's bytes once, by sha256


def test_an_upload_whose_answer_was_lost_is_sent_again(uccx: Simulator) -> None:
    uccx.set_ambiguous(True)
    _, saved = greeting_save(name="hello")
    assert saved.result.state == "queued"
    uccx.set_ambiguous(False)
    SyncObject.objects.filter(claimed_by="").update(claimed_until=None)  # its time to land has passed

    replay()

    assert prompts(uccx) == {**prompts(uccx), PATH: audio(1)}
    assert welcome_prompt(uccx) == "P[probe/hello.wav]"
    assert not Drift.objects.exists()


def test_a_file_that_landed_without_an_answer_is_found_by_path_not_sent_again(uccx: Simulator) -> None:
    """A worker killed right after UCCX stored the file: its successor finds it, same size and sha256."""
    uccx.set_cluster("read_only")
    greeting_save(name="hello")
    uccx.set_cluster("normal")
    claim = claim_first(SyncObject.objects.filter(kind=GREETING_KIND))
    PromptAdapter().create(get_uccx_client(), claim.latest.payload)  # lands, then: killed
    SyncObject.objects.update(claimed_until=None)
    uccx.clear_requests()

    replay()

    assert not [w for w in uccx_writes(uccx) if "/prompt" in w]
    assert OutboxChange.objects.filter(target__kind=GREETING_KIND).get().state == State.APPLIED
    assert SyncObject.objects.get(kind=GREETING_KIND).remote_id == PATH
    assert welcome_prompt(uccx) == "P[probe/hello.wav]"
    assert not Drift.objects.exists()


def test_a_file_changed_in_uccx_outside_the_app_is_drift_and_put_back(uccx: Simulator) -> None:
    greeting_save(name="hello")
    uccx.store.repository("prompt").entries[tuple(PATH.split("/"))].data = audio(9)

    greeting_save(name="hello")

    assert prompts(uccx)[PATH] == audio(2)
    assert Drift.objects.get().found["sha256"] != Drift.objects.get().expected["sha256"]


def test_a_refused_dependency_keeps_its_dependent_waiting_and_says_why(uccx: Simulator) -> None:
    _, saved = greeting_save(name="bad\\name")  # no valid repository path: refused before it is sent

    file_result, parameter_result = saved.results
    assert file_result.state == "failed"
    assert parameter_result.state == "queued"
    assert "which UCCX refused: retry or discard that change first" in parameter_result.detail
    assert welcome_prompt(uccx) == "P[welcome.wav]"  # untouched


def test_a_deleted_file_leaves_uccx(uccx: Simulator) -> None:
    greeting_save(name="hello")

    assert greeting_delete(name="hello").result.state == "applied"

    assert PATH not in prompts(uccx)


def test_a_document_in_nested_new_folders(uccx: Simulator) -> None:
    register("probe_document", DocumentAdapter())
    data = b"<callers><caller>+15551234</caller></callers>"

    def write() -> None:
        payload = file_payload("/lists/vip/today.xml", data)
        enqueue_change(kind="probe_document", key="vip", operation="upsert", payload=payload)

    assert commit_and_sync(write).result.state == "applied"
    assert uccx.store.files("document")["lists/vip/today.xml"] == data


def test_commit_and_sync_never_joins_a_callers_transaction() -> None:
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        commit_and_sync(lambda: None)


def test_after_takes_only_recorded_changes() -> None:
    with transaction.atomic(), pytest.raises(ValueError, match="after= takes changes"):
        enqueue_change(kind=GREETING_KIND, key="1", operation="upsert", payload={}, after=OutboxChange())


def test_blobs_are_stored_once_by_content() -> None:
    first, again = store_blob(b"abc"), store_blob(b"abc")

    assert first == again == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert Blob.objects.count() == 1
    assert read_blob(first) == b"abc"
    with pytest.raises(BlobMissingError):
        read_blob("0" * 64)


def age_blobs(hours: float = 2) -> None:
    Blob.objects.update(created_at=timezone.now() - timedelta(hours=hours))


def test_content_no_change_can_write_any_more_is_collected(uccx: Simulator) -> None:
    """Versions 1-3 were superseded or applied and later replaced: their bytes go. The latest version
    stays (the reconcile sweep writes it again if UCCX loses it), and so does a refused change's."""
    for _ in range(3):
        greeting_save(name="hello")
    uccx.set_cluster("read_only")
    greeting_save(name="hello")  # version 4: queued
    age_blobs()
    assert blobs_collect() == 2  # versions 1 and 2: applied, then replaced by version 3
    assert {read_blob(sha) for sha in Blob.objects.values_list("sha256", flat=True)} == {audio(3), audio(4)}
    uccx.set_cluster("normal")
    replay()
    age_blobs()
    assert blobs_collect() == 1  # version 3: replaced in UCCX by version 4
    assert [read_blob(sha) for sha in Blob.objects.values_list("sha256", flat=True)] == [audio(4)]
    greeting = ProbeGreeting.objects.get()
    OutboxChange.objects.filter(target__key=str(greeting.pk)).update(state=State.FAILED)
    greeting_delete(name="hello")
    age_blobs()
    assert blobs_collect() == 0  # a refused change's bytes stay for an operator's retry


def test_recent_blobs_are_kept_and_storing_again_renews_them(uccx: Simulator) -> None:
    """A save may store content the collection is about to judge (the same bytes as an old version):
    storing renews the blob, and a blob stored within the grace period is never collected."""
    greeting_save(name="hello")
    greeting_save(name="hello")
    assert blobs_collect() == 0  # version 1 is replaced but recent
    age_blobs()
    store_blob(audio(1))  # stored again right now, e.g. by a save whose transaction is still open
    assert blobs_collect() == 0
    assert Blob.objects.count() == 2
