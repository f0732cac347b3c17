"""Any audio in, a UCCX prompt out: decode, downmix, resample, encode G.711 8 kHz 8-bit mono RIFF WAVE.

FFmpeg (through PyAV, whose wheels ship it) does every codec and the resampling (swresample's windowed
sinc filter); this module only decides what to accept and keeps the work bounded:

- the input size is checked before anything is parsed;
- the container's declared length is checked before decoding, and the decoded length while decoding, so a
  tiny file that expands to hours (a decompression bomb) stops at the duration limit, not at the end;
- only the 8 kHz mono result is kept in memory (at most `max_seconds` x 8,000 float samples);
- a wall-clock budget stops pathological inputs that decode slowly;
- the result must fit UCCX's 20 MB per prompt.

Nothing here touches Django: the caller passes `Limits` (from settings) and gets `TranscodedAudio` or an
`AudioRejected` whose message is what the supervisor reads.
"""

from __future__ import annotations

import io
import math
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import av
import av.error
import numpy as np

RATE = 8000
MULAW = "mulaw"
ALAW = "alaw"
ENCODINGS = {MULAW: ("pcm_mulaw", "G.711 µ-law"), ALAW: ("pcm_alaw", "G.711 A-law")}
UCCX_MAX_BYTES = 20 * 1024 * 1024  # UCCX refuses larger prompt files
SUPPORTED = "WAV, MP3, OGG/Opus, FLAC, M4A (AAC) or WebM/Opus"

SILENCE_PEAK = 10 ** (-50 / 20)  # below -50 dBFS everywhere: nothing a caller would hear
TRIM_THRESHOLD = 10 ** (-40 / 20)  # leading/trailing audio quieter than -40 dBFS is trimmed
TRIM_PAD_SECONDS = 0.1  # kept around the audible part, so words are not clipped
TARGET_RMS = 10 ** (-18 / 20)  # normalised speech level, measured on the audible 20 ms blocks
PEAK_CEILING = 10 ** (-1 / 20)  # gain never pushes a peak above -1 dBFS
TRUNCATION_TOLERANCE = 0.25  # seconds a decode may fall short of the declared length
WAVEFORM_BUCKETS = 160


class AudioRejected(ValueError):
    """The input cannot become a prompt; `str()` is the sentence the supervisor reads, `code` is short."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Limits:
    max_input_bytes: int = 50 * 1024 * 1024
    max_seconds: float = 600.0
    max_output_bytes: int = UCCX_MAX_BYTES
    max_work_seconds: float = 60.0


@dataclass(frozen=True)
class Options:
    encoding: str = MULAW
    normalise: bool = False
    trim_silence: bool = False


@dataclass(frozen=True)
class TranscodedAudio:
    data: bytes  # the RIFF WAVE file UCCX stores
    duration_ms: int
    encoding: str
    source_format: str  # what was uploaded, e.g. "mp3, 44100 Hz, stereo"
    waveform: list[float] = field(default_factory=list)  # peak per bucket, 0..1
    trimmed_ms: int = 0
    gain_db: float = 0.0

    @property
    def format_label(self) -> str:
        return f"{ENCODINGS[self.encoding][1]}, 8000 Hz, 8-bit, mono"


Progress = Callable[[float], None]


def transcode(
    data: bytes,
    *,
    options: Options | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> TranscodedAudio:
    """Convert `data` (any supported audio) into a UCCX prompt, or raise AudioRejected."""
    options = options or Options()
    limits = limits or Limits()
    if options.encoding not in ENCODINGS:
        raise ValueError(f"Unknown prompt encoding {options.encoding!r}; use {MULAW!r} or {ALAW!r}.")
    _check_input_size(len(data), limits)
    samples, source_format = decode_to_mono(data, limits=limits, progress=progress)
    if samples.size == 0 or float(np.max(np.abs(samples))) < SILENCE_PEAK:
        raise AudioRejected(
            "silence",
            "The recording is silent (nothing above -50 dBFS): there is nothing for callers to hear.",
        )
    trimmed = 0
    if options.trim_silence:
        before = samples.size
        samples = trim_silence(samples)
        trimmed = before - samples.size
    gain_db = 0.0
    if options.normalise:
        samples, gain_db = normalise(samples)
    wav = encode_g711(samples, options.encoding)
    if len(wav) > limits.max_output_bytes:
        raise AudioRejected(
            "too_large",
            f"After conversion the prompt is {human_size(len(wav))}; UCCX takes at most "
            f"{human_size(limits.max_output_bytes)} ({_minutes(limits.max_output_bytes / RATE)} of audio).",
        )
    if progress:
        progress(1.0)
    return TranscodedAudio(
        data=wav,
        duration_ms=round(samples.size * 1000 / RATE),
        encoding=options.encoding,
        source_format=source_format,
        waveform=waveform(samples),
        trimmed_ms=round(trimmed * 1000 / RATE),
        gain_db=round(gain_db, 1),
    )


def _check_input_size(size: int, limits: Limits) -> None:
    if size == 0:
        raise AudioRejected("empty", "The file is empty.")
    if size > limits.max_input_bytes:
        raise AudioRejected(
            "input_too_large",
            f"The file is {human_size(size)}; uploads may be at most {human_size(limits.max_input_bytes)}.",
        )


def human_size(size: int) -> str:
    """`512 bytes`, `97.7 KB`, `20 MB`: what a supervisor reads in a message."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1048576:.1f} MB".replace(".0 MB", " MB")


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} minutes" if seconds >= 120 else f"{seconds:.0f} seconds"


def decode_to_mono(
    data: bytes, *, limits: Limits, progress: Progress | None = None
) -> tuple[np.ndarray, str]:
    """The first audio stream as 8 kHz mono float32 in [-1, 1], and a description of the source."""
    started = time.monotonic()
    try:
        container = av.open(io.BytesIO(data), mode="r", metadata_errors="ignore")
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise AudioRejected(
            "not_audio",
            f"This file cannot be read as audio: it is not in a supported format ({SUPPORTED}), "
            "or it is damaged or truncated.",
        ) from exc
    _check_riff_complete(data)
    with container:
        if not container.streams.audio:
            raise AudioRejected("no_audio", f"The file holds no audio track (supported: {SUPPORTED}).")
        stream = container.streams.audio[0]
        declared = _declared_seconds(container, stream)
        exact = bool(stream.duration and stream.time_base)
        if declared is not None and declared > limits.max_seconds + 1:
            raise AudioRejected(
                "too_long",
                f"The recording is {_minutes(declared)} long; prompts may be at most "
                f"{_minutes(limits.max_seconds)}.",
            )
        source_format = _describe(container, stream)
        chunks = _decode(
            container, stream, limits=limits, started=started, declared=declared, progress=progress
        )
    samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    decoded = samples.size / RATE
    if samples.size == 0:
        raise AudioRejected(
            "corrupt", "The file holds no audio that can be decoded: it is corrupt or truncated."
        )
    if declared is not None and decoded < declared - max(TRUNCATION_TOLERANCE, declared * 0.02):
        raise AudioRejected(
            "truncated",
            f"The file is truncated: its header announces {declared:.1f} s of audio but only "
            f"{decoded:.1f} s could be decoded. Export it again.",
        )
    if exact and declared is not None and samples.size > round(declared * RATE):
        samples = samples[: round(declared * RATE)]  # encoder padding past the stream's stated end
    return np.clip(samples, -1.0, 1.0), source_format


def _decode(
    container: av.container.InputContainer,
    stream: av.AudioStream,
    *,
    limits: Limits,
    started: float,
    declared: float | None,
    progress: Progress | None,
) -> list[np.ndarray]:
    resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
    max_samples = int(limits.max_seconds * RATE) + RATE  # one second of grace for codec padding
    chunks: list[np.ndarray] = []
    total = 0
    try:
        for packet in container.demux(stream):
            for frame in packet.decode():
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    total += chunk.size
            if total > max_samples:
                raise AudioRejected(
                    "too_long",
                    f"The file decodes to more than {_minutes(limits.max_seconds)} of audio; prompts may be "
                    f"at most {_minutes(limits.max_seconds)}.",
                )
            if time.monotonic() - started > limits.max_work_seconds:
                raise AudioRejected(
                    "too_slow",
                    f"Converting the file took longer than {limits.max_work_seconds:.0f} s; it was stopped. "
                    "Upload a shorter or simpler file.",
                )
            if progress and declared:
                progress(min(0.99, total / RATE / declared))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    except av.error.FFmpegError as exc:
        raise AudioRejected(
            "corrupt", f"The audio is corrupt or truncated and cannot be decoded ({_ffmpeg_reason(exc)})."
        ) from exc
    return chunks


def _ffmpeg_reason(exc: av.error.FFmpegError) -> str:
    return (getattr(exc, "strerror", None) or str(exc)).strip().rstrip(".")[:120]


def estimated_seconds(data: bytes) -> float:
    """How long `data` plays, from its header when it says (cheap: nothing is decoded), else guessed from
    its size at 32 kbit/s (low for speech codecs: long files are not mistaken for short ones)."""
    try:
        with av.open(io.BytesIO(data), mode="r", metadata_errors="ignore") as container:
            if container.streams.audio:
                declared = _declared_seconds(container, container.streams.audio[0])
                if declared is not None:
                    return declared
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError):
        return 0.0  # not audio: refused at once by the conversion itself
    return len(data) / 4000


def _check_riff_complete(data: bytes) -> None:
    """A WAVE file whose data chunk announces more bytes than the file holds was cut short in transit.

    FFmpeg plays such a file up to where it ends, so the check is made on the RIFF header itself. Sizes
    0 and 0xFFFFFFFF mean "unknown" (streamed recordings) and pass.
    """
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return
    offset = 12
    while offset + 8 <= len(data):
        chunk_id, size = struct.unpack_from("<4sI", data, offset)
        if chunk_id == b"data":
            held = len(data) - offset - 8
            if size not in (0, 0xFFFFFFFF) and size > held:
                raise AudioRejected(
                    "truncated",
                    f"The file is truncated: its header announces {size:,} bytes of audio but it holds "
                    f"only {held:,}. Export it again.",
                )
            return
        offset += 8 + size + (size & 1)


def _declared_seconds(container: av.container.InputContainer, stream: av.AudioStream) -> float | None:
    """The length the container's header announces, when it announces one."""
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return None


def _describe(container: av.container.InputContainer, stream: av.AudioStream) -> str:
    codec = stream.codec_context
    channels = codec.layout.nb_channels if codec.layout else 0
    layout = {1: "mono", 2: "stereo"}.get(channels, f"{channels} channels")
    container_name = _CONTAINERS.get(container.format.name.split(",")[0], container.format.name)
    return f"{container_name} ({codec.name}), {codec.sample_rate} Hz, {layout}"


_CONTAINERS = {"mov": "MP4/M4A", "matroska": "WebM/Matroska", "ogg": "Ogg", "wav": "WAV", "mp3": "MP3"}


def trim_silence(samples: np.ndarray) -> np.ndarray:
    """Drop leading and trailing audio quieter than -40 dBFS, keeping 100 ms around what is heard."""
    loud = np.flatnonzero(np.abs(samples) >= TRIM_THRESHOLD)
    if loud.size == 0:
        return samples
    pad = int(TRIM_PAD_SECONDS * RATE)
    return samples[max(0, loud[0] - pad) : min(samples.size, loud[-1] + pad + 1)]


def normalise(samples: np.ndarray) -> tuple[np.ndarray, float]:
    """Bring the audible part to -18 dBFS RMS (gated: 20 ms blocks above -40 dBFS), peaks at most -1 dBFS.

    Returns the scaled samples and the gain applied in dB.
    """
    block = RATE // 50
    usable = samples[: samples.size - samples.size % block].reshape(-1, block)
    if usable.size == 0:
        return samples, 0.0
    rms = np.sqrt(np.mean(usable.astype(np.float64) ** 2, axis=1))
    audible = rms[rms >= TRIM_THRESHOLD]
    if audible.size == 0:
        return samples, 0.0
    level = float(np.sqrt(np.mean(audible**2)))
    peak = float(np.max(np.abs(samples)))
    gain = min(TARGET_RMS / level, PEAK_CEILING / peak)
    return (samples * gain).astype(np.float32), 20 * math.log10(gain)


def encode_g711(samples: np.ndarray, encoding: str = MULAW) -> bytes:
    """8 kHz mono float samples as a RIFF WAVE G.711 file (fmt, fact and data chunks, no metadata)."""
    return _encode_wav(samples, ENCODINGS[encoding][0])


def _encode_wav(samples: np.ndarray, codec: str) -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="wav", options={"fflags": "+bitexact"}) as output:
        stream = output.add_stream(codec, rate=RATE, layout="mono")
        assert isinstance(stream, av.AudioStream)
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(samples, dtype=np.float32).reshape(1, -1), format="flt", layout="mono"
        )
        frame.rate = RATE
        for packet in stream.encode(frame):
            output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    return buffer.getvalue()


def decode_prompt(wav: bytes) -> np.ndarray:
    """A stored G.711 prompt back as 8 kHz mono float32 (for the rendition, checks and tests)."""
    with av.open(io.BytesIO(wav), mode="r") as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        chunks = [
            out.to_ndarray().reshape(-1)
            for frame in container.decode(audio=0)
            for out in resampler.resample(frame)
        ]
        chunks += [out.to_ndarray().reshape(-1) for out in resampler.resample(None)]
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)


def browser_rendition(wav: bytes) -> bytes:
    """The stored prompt as 16-bit PCM WAVE, which every browser plays (not all play G.711)."""
    return _encode_wav(decode_prompt(wav), "pcm_s16le")


def waveform(samples: np.ndarray, buckets: int = WAVEFORM_BUCKETS) -> list[float]:
    """The peak of each of `buckets` equal slices, 0..1, rounded: enough to draw the prompt's shape."""
    if samples.size == 0:
        return []
    buckets = min(buckets, samples.size)
    edges = np.linspace(0, samples.size, buckets + 1, dtype=np.int64)
    peaks = np.maximum.reduceat(np.abs(samples), edges[:-1])
    return [round(float(p), 3) for p in np.clip(peaks, 0, 1)]
