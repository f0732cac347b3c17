"""Prompt and document repositories: two-step upload, listing, download, delete, and the WAV rule."""

import xml.etree.ElementTree as ET

import pytest

from uccx_simulator.representation import as_list
from uccx_simulator.wav import ALAW, MAX_FILE_BYTES, MULAW, PCM, build_wav

from .helpers import api_errors, error_text

HEADER_BYTES = 44  # RIFF header + fmt chunk + data chunk header as build_wav writes them


def make_folders(uccx, folder: str, node: str = "A") -> None:
    """Create `folder` level by level through the API (an existing level answers 409)."""
    parts = folder.strip("/").split("/")
    for depth in range(1, len(parts) + 1):
        body = {
            "Prompt": {"Folder": {"path": "/" + "/".join(parts[: depth - 1]), "FolderName": parts[depth - 1]}}
        }
        assert uccx.post("/adminapi/prompt", json=body, node=node).status_code in (201, 409)


def upload_and_store(uccx, path: str, data: bytes, node: str = "A"):
    folder, _, name = path.rpartition("/")
    make_folders(uccx, folder, node)
    uploaded = uccx.upload("prompt", name, data, node=node)
    assert uploaded.status_code == 201, uploaded.text
    return uccx.store("prompt", f"/{folder}/", name, node=node)


@pytest.mark.parametrize("format_tag", [MULAW, ALAW], ids=["mu-law", "A-law"])
def test_g711_prompt_round_trip(uccx, format_tag):
    data = build_wav(b"\x01\x02\x03\x04" * 100, format_tag=format_tag)

    stored = upload_and_store(uccx, "en_US/holidays/xmas.wav", data)

    assert stored.status_code == 201, stored.text
    assert uccx.sim.prompts == {"en_US/holidays/xmas.wav": data}
    assert uccx.get("/adminapi/prompt/en_US/holidays/xmas.wav").status_code == 200
    download = uccx.get("/adminapi/prompt/download/en_US/holidays/xmas.wav")
    assert download.status_code == 200
    assert download.content == data


def test_prompt_exactly_20_mb_is_accepted(uccx):
    data = build_wav(b"\xff" * (MAX_FILE_BYTES - HEADER_BYTES))
    assert len(data) == MAX_FILE_BYTES

    assert upload_and_store(uccx, "en_US/big.wav", data).status_code == 201
    assert len(uccx.sim.prompts["en_US/big.wav"]) == MAX_FILE_BYTES


WAV_REJECTS = [
    ("PCM", lambda: build_wav(format_tag=PCM, bits=8), "encoding PCM"),
    ("stereo", lambda: build_wav(channels=2), "2 channels"),
    ("16 kHz", lambda: build_wav(sample_rate=16000), "16000 Hz"),
    ("16 bit", lambda: build_wav(format_tag=MULAW, bits=16), "16 bit"),
    ("empty", lambda: b"", "The file is empty"),
    (
        "over 20 MB",
        lambda: build_wav(b"\xff" * (MAX_FILE_BYTES - HEADER_BYTES)) + b"\x00",
        "maximum size of 20 MB",
    ),
    ("not RIFF", lambda: b"ID3" + b"\x00" * 100, "not a RIFF WAVE file"),
    ("RIFF but not WAVE", lambda: b"RIFF\x04\x00\x00\x00AVI ", "not a RIFF WAVE file"),
    ("no data chunk", lambda: build_wav()[:36], "no data chunk"),
    ("no fmt chunk", lambda: b"RIFF\x0c\x00\x00\x00WAVEdata\x00\x00\x00\x00", "no valid fmt chunk"),
]


@pytest.mark.parametrize(("make", "fragment"), [r[1:] for r in WAV_REJECTS], ids=[r[0] for r in WAV_REJECTS])
def test_bad_prompt_files_are_rejected(uccx, make, fragment):
    response = uccx.upload("prompt", "bad.wav", make())

    assert response.status_code == 400
    assert fragment in error_text(response)
    assert api_errors(response)[0]["errorData"] == "bad.wav"
    assert uccx.store("prompt", "/en_US/", "bad.wav").status_code == 400  # nothing reached the temp area


def test_prompt_needs_wav_extension(uccx):
    response = uccx.upload("prompt", "welcome.mp3", build_wav())

    assert response.status_code == 400
    assert "only .wav files" in error_text(response)


def test_upload_without_file_field_is_400(uccx):
    response = uccx.post("/adminapi/prompt/uploadFile", files={"other": ("x.wav", build_wav())})

    assert response.status_code == 400
    assert "'file'" in error_text(response)


def test_upload_must_be_multipart(uccx):
    response = uccx.post(
        "/adminapi/prompt/uploadFile", data=build_wav(), headers={"Content-Type": "audio/wav"}
    )

    assert response.status_code == 415


def test_storing_an_existing_file_is_409(uccx):
    upload_and_store(uccx, "en_US/welcome.wav", build_wav())

    again = upload_and_store(uccx, "en_US/welcome.wav", build_wav(format_tag=ALAW))

    assert again.status_code == 409
    assert "already exists" in error_text(again)
    assert uccx.sim.prompts["en_US/welcome.wav"] == build_wav()


def test_store_without_upload_is_400(uccx):
    response = uccx.store("prompt", "/en_US/", "never.wav")

    assert response.status_code == 400
    assert "has not been uploaded" in error_text(response)


def test_temp_area_is_per_node(uccx):
    assert uccx.upload("prompt", "x.wav", build_wav(), node="A").status_code == 201

    assert uccx.store("prompt", "/en_US/", "x.wav", node="B").status_code == 400
    assert uccx.store("prompt", "/en_US/", "x.wav", node="A").status_code == 201


def test_temp_file_is_consumed_by_store(uccx):
    upload_and_store(uccx, "en_US/a.wav", build_wav())
    make_folders(uccx, "en_US/sub")

    assert uccx.store("prompt", "/en_US/sub/", "a.wav").status_code == 400


def test_store_into_a_missing_folder_is_404_like_a_folder_create(uccx):
    """Consistent with itself: neither a file store nor a folder create makes missing parent folders."""
    assert uccx.upload("prompt", "x.wav", build_wav()).status_code == 201

    response = uccx.store("prompt", "/en_US/nowhere/", "x.wav")

    assert response.status_code == 404
    assert "Folder /en_US/nowhere does not exist" in error_text(response)
    make_folders(uccx, "en_US/nowhere")
    assert uccx.store("prompt", "/en_US/nowhere/", "x.wav").status_code == 201


def test_store_accepts_xml_body(uccx):
    uccx.upload("prompt", "x.wav", build_wav())
    make_folders(uccx, "en_US/xml")
    body = "<Files><Prompt><File><path>/en_US/xml</path><FileName>x.wav</FileName></File></Prompt></Files>"

    response = uccx.post("/adminapi/prompt", data=body, headers={"Content-Type": "application/xml"})

    assert response.status_code == 201, response.text
    assert "en_US/xml/x.wav" in uccx.sim.prompts


def test_missing_file_is_404_and_delete_works(uccx):
    upload_and_store(uccx, "en_US/a.wav", build_wav())
    assert uccx.get("/adminapi/prompt/en_US/nope.wav").status_code == 404
    assert uccx.get("/adminapi/prompt/download/en_US/nope.wav").status_code == 404

    assert uccx.delete("/adminapi/prompt/en_US/a.wav").status_code == 200

    assert uccx.get("/adminapi/prompt/en_US/a.wav").status_code == 404
    assert uccx.delete("/adminapi/prompt/en_US/a.wav").status_code == 404
    assert uccx.sim.prompts == {}


def test_delete_folder_removes_its_files(uccx):
    upload_and_store(uccx, "en_US/holidays/a.wav", build_wav())

    assert uccx.delete("/adminapi/prompt/en_US/holidays").status_code == 200

    assert uccx.sim.prompts == {}
    assert uccx.get("/adminapi/prompt/en_US/holidays/").status_code == 404


def test_listing_shape_files_prompt_folder_file(uccx):
    upload_and_store(uccx, "en_US/welcome.wav", build_wav(b"\x00" * 2000))
    upload_and_store(uccx, "en_US/holidays/xmas.wav", build_wav())

    root = uccx.get("/adminapi/prompt").json()["Prompt"]
    folder = uccx.get("/adminapi/prompt/en_US/").json()["Prompt"]

    assert as_list(root["Folder"]) == [
        # A folder's path is its own, as in Cisco's script and document listing samples.
        {"path": "/en_US/", "FolderName": "en_US", "Details": as_list(root["Folder"])[0]["Details"]}
    ]
    assert as_list(root["Folder"])[0]["Details"]["size"] == "3 KB"
    assert [f["FolderName"] for f in as_list(folder["Folder"])] == ["holidays"]
    files = as_list(folder["File"])
    assert [(f["path"], f["FileName"]) for f in files] == [("/en_US/", "welcome.wav")]
    assert files[0]["Details"]["modifiedBy"] == "administrator"
    assert files[0]["Details"]["size"] == "2 KB"
    assert files[0]["Details"]["dateModified"].endswith("M Coordinated Universal Time")


def test_listing_in_xml(uccx):
    upload_and_store(uccx, "en_US/welcome.wav", build_wav())

    root = ET.fromstring(uccx.get("/adminapi/prompt/en_US/", fmt="xml").content)

    assert root.tag == "Files"
    assert root.findtext("Prompt/File/FileName") == "welcome.wav"
    assert root.findtext("Prompt/File/path") == "/en_US/"


def test_flat_prompt_list(uccx):
    upload_and_store(uccx, "en_US/welcome.wav", build_wav())
    upload_and_store(uccx, "en_US/holidays/xmas.wav", build_wav())

    body = uccx.get("/adminapi/files/prompts").json()
    root = ET.fromstring(uccx.get("/adminapi/files/prompts", fmt="xml").content)

    assert [p["Path"] for p in body["Prompt"]] == ["/en_US/holidays/xmas.wav", "/en_US/welcome.wav"]
    assert root.tag == "Prompts"
    assert [p.findtext("Path") for p in root.findall("Prompt")] == [
        "/en_US/holidays/xmas.wav",
        "/en_US/welcome.wav",
    ]


def test_create_folder_and_conflicts(uccx):
    body = {"Prompt": {"Folder": {"path": "/en_US", "FolderName": "Sales"}}}

    assert uccx.post("/adminapi/prompt", json=body).status_code == 201
    assert uccx.post("/adminapi/prompt", json=body).status_code == 409
    missing_parent = uccx.post(
        "/adminapi/prompt", json={"Prompt": {"Folder": {"path": "/de_DE", "FolderName": "x"}}}
    )
    assert missing_parent.status_code == 404
    assert uccx.get("/adminapi/prompt/en_US/Sales/").status_code == 200


def test_store_body_must_name_files(uccx):
    response = uccx.post("/adminapi/prompt", json={"Prompt": {}})

    assert response.status_code == 400
    assert "Files/Prompt" in error_text(response)


def test_path_traversal_is_refused(uccx):
    uccx.upload("prompt", "x.wav", build_wav())

    assert uccx.store("prompt", "/en_US/../../etc/", "x.wav").status_code == 400


def test_a_prompt_stored_on_b_is_visible_on_a(uccx):
    upload_and_store(uccx, "en_US/b.wav", build_wav(), node="B")

    assert uccx.get("/adminapi/prompt/en_US/b.wav", node="A").status_code == 200


def test_documents_accept_any_type_within_size(uccx):
    pdf = b"%PDF-1.4 minimal"
    assert uccx.upload("document", "guide.pdf", pdf).status_code == 201
    assert uccx.store("document", "/en_US/", "guide.pdf").status_code == 201

    assert uccx.sim.documents == {"en_US/guide.pdf": pdf}
    assert uccx.get("/adminapi/document/en_US/guide.pdf").status_code == 200
    assert uccx.get("/adminapi/document/download/en_US/guide.pdf").content == pdf
    assert [d["Path"] for d in as_list(uccx.get("/adminapi/files/documents").json()["Document"])] == [
        "/en_US/guide.pdf"
    ]
    assert uccx.delete("/adminapi/document/en_US/guide.pdf").status_code == 200
    assert uccx.sim.documents == {}


def test_empty_document_is_rejected(uccx):
    response = uccx.upload("document", "empty.txt", b"")

    assert response.status_code == 400
    assert "empty" in error_text(response)
