"""A deterministic national-scale corpus of submissions for the chiso benchmark.

What it makes, from a seed and a few numbers (:class:`CorpusSpec`):

* a units file: ~30 provinces → ~3,300 communes (the 2-tier hierarchy in force
  since mid-2025), with 2-digit province and 5-digit commune codes kept as text;
* the KPI catalogue: the shipped ``kpis/`` folder, plus — when it has fewer than
  ``spec.kpis`` KPIs — a generated ``benchmark-extra.yaml`` with ratio KPIs over
  extra count fields, so the engine and the scorecard see ~30 KPIs;
* for every period, one filled chiso template per reporting unit (communes and
  provinces) and, instead of the template, a hand-made sheet for a few hundred
  communes: fields by label (with or without diacritics, any case), numbers as
  Vietnamese-format text, a notes column, extra columns, blank rows, a merged
  title.

Writing ~10,000 templates with openpyxl would take minutes, so only one
*prototype* per (level, period) is written by chiso's own template writer and
filled by its filler, with sentinel values; every other workbook is that
prototype's zip with the sentinel unit and values rewritten in the sheet XML.
The files are byte-for-byte what the writer would produce for that unit,
except that (like a workbook saved by Excel) a few values are typed as text.

Everything is reproducible: values come from ``random.Random`` seeded with
strings, zip entries carry a fixed timestamp, and the generated corpus is
cached under ``benchmarks/.cache/<key>`` where the key digests the spec, the
catalogue, this file and chiso's template writer.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import random
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from chiso.catalogue.model import Catalogue, FieldDef, FieldKind
from chiso.units.model import Unit, Units

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
SHIPPED_KPIS = ROOT / "kpis"

# A fixed zip timestamp (the 2-tier reform's first day) makes every file's
# bytes, hence its sha256, the same on every run.
ZIP_TIME = (2025, 7, 1, 0, 0, 0)
FIXED_W3CDTF = "2025-07-01T00:00:00Z"

# Sentinels written into the prototypes and replaced per unit. They look like
# nothing a template would contain by itself.
CODE_SENTINEL = "QZ7CODE7ZQ"
NAME_SENTINEL = "QZ7NAME7ZQ"
PARENT_CODE_SENTINEL = "QZ7PCODE7ZQ"
PARENT_NAME_SENTINEL = "QZ7PNAME7ZQ"

_SYLLABLES = (
    "An Bình Cẩm Đông Hòa Hưng Lạc Long Minh Phú Phúc Quang Sơn Tân Thanh Thịnh Thuận "
    "Tiến Trung Văn Vĩnh Xuân Yên Đức Hải Hà Kim Lâm Mỹ Nam Ngọc Phong Quế Tam Thái "
    "Thạch Thủy Tiên Trường Việt Bắc Bảo Cao Chiến Chính Cường Đại Đạo Điền Định Đoàn "
    "Đồng Giang Hạ Hiệp Hoàng Hợp Hồng Khánh Lập Lộc Lợi Lương Mai Mậu Nghĩa Nhân Ninh "
    "Phước Quý Sa Sinh Tây Thắng Thành Thiện Thọ Thượng Tín Toàn Trà Triệu Trực Tú "
    "Tường Uyên Vạn Vân Vinh Võ Vũ Xá Dương Diễn Gia Hiền Hoa Hương Khê Kỳ Liên Linh "
    "Lý Nga Nhật Phương Quảng Sáng Song"
)
# ~100 syllables make ~10,000 two-syllable names: about a quarter of 3,300 communes
# then share their name with one in another province, as many real communes do.
SYLLABLES = tuple(dict.fromkeys(_SYLLABLES.split(" ")))

_PROVINCES = (
    "Hà Nội|Huế|Lai Châu|Điện Biên|Sơn La|Lạng Sơn|Quảng Ninh|Thanh Hóa|Nghệ An|Hà Tĩnh|"
    "Cao Bằng|Tuyên Quang|Lào Cai|Thái Nguyên|Phú Thọ|Bắc Ninh|Hưng Yên|Hải Phòng|Ninh Bình|"
    "Quảng Trị|Đà Nẵng|Quảng Ngãi|Gia Lai|Khánh Hòa|Lâm Đồng|Đắk Lắk|Hồ Chí Minh|Đồng Nai|"
    "Tây Ninh|Cần Thơ|Vĩnh Long|Đồng Tháp|Cà Mau|An Giang"
)
PROVINCES = tuple(_PROVINCES.split("|"))


@dataclass(frozen=True)
class CorpusSpec:
    """The parameters a corpus is a function of (with the catalogue and the code)."""

    communes: int = 3300
    provinces: int = 30
    periods: int = 3
    last_year: int = 2025
    handmade: int = 300  # hand-made sheets in all, spread over the periods
    text_rate: float = 0.02  # share of template values typed as Vietnamese text
    kpis: int = 30  # top the catalogue up to this many KPIs
    seed: int = 20250701

    @property
    def period_ids(self) -> list[str]:
        return [str(self.last_year - self.periods + 1 + i) for i in range(self.periods)]


@dataclass
class Corpus:
    """A generated corpus on disk."""

    root: Path
    spec: CorpusSpec
    kpis: Path
    units_file: Path
    periods: list[str]
    templates: list[Path]
    handmade: list[Path]
    extra_kpis: int
    cached: bool
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def files(self) -> list[Path]:
        return sorted([*self.templates, *self.handmade])


# --------------------------------------------------------------------------- units


def make_units(spec: CorpusSpec) -> list[Unit]:
    """Provinces and their communes; commune counts vary around the mean."""
    rng = random.Random(f"{spec.seed}:units")
    n_prov = min(spec.provinces, len(PROVINCES))
    # Uneven provinces (Hà Nội has ~5× Lai Châu's communes): weights 0.5–1.5.
    weights = [0.5 + rng.random() for _ in range(n_prov)]
    total = sum(weights)
    counts = [max(1, int(spec.communes * w / total)) for w in weights]
    i = 0
    while sum(counts) < spec.communes:
        counts[i % n_prov] += 1
        i += 1
    while sum(counts) > spec.communes:
        j = max(range(n_prov), key=lambda k: counts[k])
        counts[j] -= 1
    pairs = [f"{a} {b}" for a in SYLLABLES for b in SYLLABLES if a != b]
    units: list[Unit] = []
    commune_no = 0
    for p in range(n_prov):
        code = f"{p + 1:02d}"
        units.append(Unit(code=code, name=f"Tỉnh {PROVINCES[p]}", level="province"))
        names = rng.sample(pairs, counts[p]) if counts[p] <= len(pairs) else pairs
        for k in range(counts[p]):
            commune_no += 1
            kind = "Phường" if rng.random() < 0.2 else "Xã"
            base = names[k % len(names)] + ("" if k < len(names) else f" {k // len(names)}")
            units.append(
                Unit(code=f"{commune_no:05d}", name=f"{kind} {base}", level="commune", parent=code)
            )
    return units


def write_units_csv(units: Sequence[Unit], path: Path) -> None:
    lines = ["code,name,level,parent"]
    lines += [f"{u.code},{u.name},{u.level},{u.parent or ''}" for u in units]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- values


def _field_order(fields: Sequence[FieldDef]) -> list[FieldDef]:
    """Fields ordered so a field bounded by another (``<= other``) comes after it."""
    ids = {f.id for f in fields}
    deps: dict[str, set[str]] = {f.id: set() for f in fields}
    for f in fields:
        for c in f.parsed_constraints():
            if isinstance(c.operand, str) and c.operand in ids:
                if c.op in ("<=", "<"):
                    deps[f.id].add(c.operand)
                elif c.op in (">=", ">"):
                    deps[c.operand].add(f.id)
    ordered: list[FieldDef] = []
    done: set[str] = set()
    while len(ordered) < len(fields):
        ready = [f for f in fields if f.id not in done and deps[f.id] <= done]
        if not ready:  # a cycle (a broken catalogue): keep declaration order
            ready = [f for f in fields if f.id not in done]
        for f in ready:
            ordered.append(f)
            done.add(f.id)
    return ordered


def _whole(f: FieldDef) -> str | None:
    """The field this one is a part of (``<= whole``), if any."""
    for c in f.parsed_constraints():
        if c.op in ("<=", "<") and isinstance(c.operand, str):
            return c.operand
    return None


def unit_values(
    catalogue: Catalogue, unit: Unit, periods: Sequence[str], seed: int
) -> dict[str, dict[str, float]]:
    """Plausible values of every field the unit's level reports, by period.

    Rates grow from one period to the next (so progress has a trend), a part
    never exceeds its whole, counts stay inside their plausible range, and an
    optional field is left blank by about a third of the units.
    """
    rng = random.Random(f"{seed}:{unit.code}")
    fields = [
        f for f in _field_order(list(catalogue.fields.values()))
        if f.levels is None or unit.level in f.levels
    ]
    # Per (unit, field): a base rate, a yearly gain and a size, drawn in a fixed
    # order, so adding a period does not change the earlier ones.
    params = {
        f.id: (0.35 + 0.5 * rng.random(), 0.02 + 0.06 * rng.random(), rng.random(),
               not f.required and rng.random() < 0.3)
        for f in fields
    }
    out: dict[str, dict[str, float]] = {}
    for t, period in enumerate(periods):
        prng = random.Random(f"{seed}:{unit.code}:{period}")
        known: dict[str, float] = {}
        for f in fields:
            base, gain, size, blank = params[f.id]
            noise = prng.random()
            if blank:
                continue
            rate = min(1.0, base + gain * t + 0.02 * (noise - 0.5))
            whole = _whole(f)
            low = f.plausible.min if f.plausible and f.plausible.min is not None else 0.0
            high = f.plausible.max if f.plausible and f.plausible.max is not None else None
            if f.kind is FieldKind.YES_NO:
                value = 1.0 if noise < rate else 0.0
            elif f.kind is FieldKind.PERCENT:
                value = round(max(low, min(rate, high if high is not None else 1.0)), 4)
            elif whole is not None and whole in known:
                value = known[whole] * rate
            elif high is not None:
                value = low + (high - low) * (0.05 + 0.3 * size) * (1 + gain) ** t
            else:
                value = 100 * (0.5 + size) * (1 + gain) ** t
            if f.kind is FieldKind.COUNT:
                value = float(max(math.ceil(low), math.floor(value)))
            elif f.kind is FieldKind.AMOUNT:
                value = round(max(low, value), 1)
            known[f.id] = value
        out[period] = known
    return out


def vietnamese_text(value: float, kind: FieldKind) -> str:
    """A value as a unit officer would type it as text: ``98,46%``, ``1.751``, ``12.400,5``."""
    if kind is FieldKind.PERCENT:
        text = f"{value * 100:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        return text + "%"
    if kind is FieldKind.YES_NO:
        return "Có" if value else "Không"
    whole, _, frac = f"{value:.1f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped if frac == "0" else f"{grouped},{frac}"


# --------------------------------------------------------------------------- zips


def normalise_zip(data: bytes) -> bytes:
    """The same workbook with fixed entry timestamps and document dates (deterministic bytes)."""
    members = read_zip(data)
    return write_zip(members)


def read_zip(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        out = []
        for info in archive.infolist():
            body = archive.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + FIXED_W3CDTF.encode() + rb"\g<2>",
                    body,
                )
            out.append((info.filename, body))
    return out


def write_zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, body)
    return buffer.getvalue()


# A numeric cell as openpyxl writes it: <c r="C7" s="4" t="n"><v>…</v></c>.
_CELL = re.compile(rb'<c ([^>]*?)(?: t="n")?><v>([^<]*)</v></c>')


@dataclass(frozen=True)
class Slot:
    """A place in a prototype's XML that changes per unit."""

    kind: str  # "text" (a sentinel string) or "cell" (a sentinel value's whole <c>)
    key: str  # the sentinel string, or the field id
    attrs: bytes = b""  # the cell's attributes without t="n"


_BLANK_CELL = re.compile(rb'<c r="[A-Z]+[0-9]+" s="[0-9]+"( t="n"(?: />|/>|></c>))')


@dataclass(frozen=True)
class XmlStyle:
    """How openpyxl serialised a workbook, so that a clone's bytes match it.

    openpyxl writes through lxml when lxml is importable and through et_xmlfile
    otherwise, and the two differ: lxml writes non-ASCII text as character
    references (``M&#227;``) and an empty cell as ``<c …></c>``; et_xmlfile writes
    UTF-8 and ``<c … />``. The style is read off a blank template written on this
    machine, never assumed.
    """

    blank_cell: bytes = b' t="n" />'  # the end of an empty input cell, after its style
    char_refs: bool = False  # non-ASCII as &#NNN; (lxml) rather than UTF-8

    @classmethod
    def of(cls, sheet: bytes) -> XmlStyle:
        """The style of a blank template's report sheet (it has empty input cells and
        Vietnamese labels)."""
        blank = _BLANK_CELL.search(sheet)
        if blank is None:
            raise RuntimeError("no empty input cell in the blank template")
        return cls(blank.group(1), char_refs=not any(b > 0x7F for b in sheet) and b"&#" in sheet)

    def text(self, text: str) -> bytes:
        """``text`` escaped and encoded as the serialiser writes element text."""
        return escape(text).encode("ascii", "xmlcharrefreplace") if self.char_refs else (
            escape(text).encode())


@dataclass(frozen=True)
class Prototype:
    """A filled template split into constant bytes and per-unit slots."""

    filename: str  # file name with the sentinel code in it
    members: tuple[tuple[str, tuple[bytes | Slot, ...]], ...]
    style: XmlStyle = XmlStyle()

    @classmethod
    def split(
        cls, filename: str, data: bytes, texts: Sequence[str], cells: Mapping[str, str],
        style: XmlStyle | None = None,
    ) -> Prototype:
        """Split around the sentinel strings ``texts`` and cell values ``cells`` (value → field)."""
        text_bytes = {(style or XmlStyle()).text(t): t for t in texts}
        pattern = re.compile(
            b"|".join(re.escape(t) for t in sorted(text_bytes, key=len, reverse=True))
            + b"|" + _CELL.pattern
        )
        members: list[tuple[str, tuple[bytes | Slot, ...]]] = []
        found_cells: set[str] = set()
        for name, body in read_zip(data):
            if not name.startswith("xl/") or not name.endswith(".xml"):
                members.append((name, (body,)))
                continue
            parts: list[bytes | Slot] = []
            last = 0
            for m in pattern.finditer(body):
                whole = m.group(0)
                if whole in text_bytes:
                    slot = Slot("text", text_bytes[whole])
                else:
                    value = m.group(2).decode()
                    field_id = cells.get(value)
                    if field_id is None:
                        continue  # a constant number of the template
                    found_cells.add(field_id)
                    slot = Slot("cell", field_id, m.group(1))
                parts.append(body[last : m.start()])
                parts.append(slot)
                last = m.end()
            parts.append(body[last:])
            members.append((name, tuple(parts)))
        missing = set(cells.values()) - found_cells
        if missing:
            raise RuntimeError(f"sentinel values not found in the prototype: {sorted(missing)}")
        return cls(filename, tuple(members), style or XmlStyle())

    def render(
        self,
        texts: Mapping[str, str],
        cells: Mapping[str, bytes],
    ) -> bytes:
        """The workbook for one unit: sentinel strings and cells replaced."""
        members = []
        for name, parts in self.members:
            if len(parts) == 1 and isinstance(parts[0], bytes):
                members.append((name, parts[0]))
                continue
            out = []
            for part in parts:
                if isinstance(part, bytes):
                    out.append(part)
                elif part.kind == "text":
                    out.append(self.style.text(texts[part.key]))
                else:
                    out.append(b"<c " + part.attrs + cells[part.key])
            members.append((name, b"".join(out)))
        return write_zip(members)


def cell_xml(
    value: float | None, kind: FieldKind, as_text: bool, style: XmlStyle = XmlStyle()
) -> bytes:
    """The end of a ``<c`` element (after its attributes) holding ``value``."""
    if value is None or math.isnan(value):
        return style.blank_cell  # a blank input cell, exactly as openpyxl writes it here
    if as_text:
        text = style.text(vietnamese_text(value, kind))
        return b' t="inlineStr"><is><t>' + text + b"</t></is></c>"
    number = repr(int(value)) if float(value).is_integer() else repr(float(value))
    return b' t="n"><v>' + number.encode() + b"</v></c>"


# --------------------------------------------------------------------------- cache


def _digest_files(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def cache_key(spec: CorpusSpec, kpis: Path = SHIPPED_KPIS) -> str:
    """Digest of the spec, the catalogue, this generator and chiso's template writer."""
    import chiso.submissions.template as template_module

    h = hashlib.sha256(json.dumps(asdict(spec), sort_keys=True).encode())
    h.update(_digest_files(kpis.glob("*.y*ml")).encode())
    h.update(Path(__file__).read_bytes())
    h.update(Path(str(template_module.__file__)).read_bytes())
    return h.hexdigest()[:16]


Build = Callable[[CorpusSpec, Path], Corpus]


# --------------------------------------------------------------------------- catalogue


def extend_catalogue(catalogue: Catalogue, spec: CorpusSpec, level: str = "commune") -> dict:
    """KPI-file content that tops the catalogue up to ``spec.kpis`` KPIs at ``level``.

    Each extra KPI is the ratio of two extra count fields (a part and its whole),
    like most real ones. A ``benchmark`` programme then sets a goal on every KPI
    scored at ``level``, so compliance, progress and scores are computed for all
    of them — the engine's national workload.
    """
    at_level = [k for k in catalogue.kpis.values() if k.levels is None or level in k.levels]
    missing = max(0, spec.kpis - len(at_level))
    groups = list(catalogue.groups)
    fields: list[dict] = []
    kpis: list[dict] = []
    for i in range(1, missing + 1):
        whole, part = f"bench_{i:02d}_total", f"bench_{i:02d}_done"
        fields += [
            {"id": whole, "label": {"vi": f"Tổng số hồ sơ thử nghiệm {i}",
                                    "en": f"Benchmark records {i}, total"},
             "kind": "count", "levels": [level], "plausible": {"min": 0, "max": 20000}},
            {"id": part, "label": {"vi": f"Số hồ sơ thử nghiệm {i} đã xử lý trực tuyến",
                                   "en": f"Benchmark records {i}, online"},
             "kind": "count", "levels": [level], "constraints": [f"<= {whole}"],
             "plausible": {"min": 0, "max": 20000}},
        ]
        kpis.append({
            "id": f"bench_{i:02d}_rate",
            "name": {"vi": f"Tỷ lệ hồ sơ thử nghiệm {i} xử lý trực tuyến",
                     "en": f"Benchmark records {i} handled online"},
            "type": "ratio", "numerator": part, "denominator": whole, "unit": "percent",
            "direction": "higher", "group": groups[i % len(groups)], "levels": [level],
        })
    scored = [k.id for k in at_level] + [k["id"] for k in kpis]
    first = spec.last_year - spec.periods
    programme = {
        "id": "benchmark",
        "name": {"vi": "Chương trình thử nghiệm hiệu năng", "en": "Benchmark programme"},
        "horizon": {"start": first, "end": spec.last_year},
        "goals": [
            {"id": f"b_{kpi}"[:64], "kpi": kpi, "comparison": ">=", "value": 0.8,
             "deadline": spec.last_year, "baseline": {"value": 0.3, "period": first}}
            for kpi in scored
            if catalogue.kpis.get(kpi) is None or catalogue.kpis[kpi].unit.value == "percent"
        ],
    }
    return {"fields": fields, "kpis": kpis, "programmes": [programme], "_extra": missing}


def write_catalogue(spec: CorpusSpec, target: Path, source: Path = SHIPPED_KPIS) -> int:
    """Copy the shipped KPI folder to ``target`` and add the benchmark file; return extra KPIs."""
    from ruamel.yaml import YAML

    from chiso.catalogue.loader import load_catalogue

    shutil.copytree(source, target)
    catalogue, findings = load_catalogue(source)
    if catalogue is None:
        raise RuntimeError(f"the shipped catalogue does not load: {findings}")
    content = extend_catalogue(catalogue, spec)
    extra = int(content.pop("_extra"))
    yaml = YAML()
    yaml.default_flow_style = None
    with (target / "benchmark-extra.yaml").open("w", encoding="utf-8") as handle:
        handle.write("# Generated by benchmarks/corpus.py: extra KPIs and a goal on every\n"
                     "# commune KPI, so the benchmark scores ~30 KPIs. Not part of chiso.\n")
        yaml.dump(content, handle)
    return extra


# --------------------------------------------------------------------------- templates


def _sentinels(fields: Sequence[FieldDef]) -> dict[str, int]:
    """A distinct, unmistakable number per field, typed into the prototype."""
    return {f.id: 7_310_000 + 7 * i for i, f in enumerate(fields)}


def make_prototype(
    catalogue: Catalogue, level: str, period: str, workdir: Path
) -> Prototype | None:
    """Write and fill one template with chiso's own writer; split it around the sentinels."""
    from chiso.submissions.template import fields_for_level, fill_template, write_templates

    fields = fields_for_level(catalogue, level)
    if not fields:
        return None
    parent = Unit(PARENT_CODE_SENTINEL, PARENT_NAME_SENTINEL, "province")
    unit = Unit(CODE_SENTINEL, NAME_SENTINEL, level, parent=PARENT_CODE_SENTINEL)
    folder = workdir / f"prototype-{level}-{period}"
    (path,) = write_templates(catalogue, Units.of([parent, unit]), period, folder, levels=[level])
    with zipfile.ZipFile(path) as blank:
        style = XmlStyle.of(blank.read("xl/worksheets/sheet1.xml"))
    sentinels = _sentinels(fields)
    fill_template(path, sentinels)
    texts = [CODE_SENTINEL, NAME_SENTINEL, PARENT_CODE_SENTINEL, PARENT_NAME_SENTINEL]
    return Prototype.split(path.name, path.read_bytes(), texts,
                           {str(v): k for k, v in sentinels.items()}, style)


def slug(text: str) -> str:
    """The file-name slug chiso's template writer uses."""
    from chiso.vnnumbers import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "don-vi"


def render_template(
    prototype: Prototype,
    catalogue: Catalogue,
    unit: Unit,
    parent: Unit | None,
    values: Mapping[str, float],
    rng: random.Random,
    text_rate: float,
) -> tuple[str, bytes]:
    """File name and bytes of ``unit``'s filled template, from the prototype."""
    texts = {
        CODE_SENTINEL: unit.code,
        NAME_SENTINEL: unit.name,
        PARENT_CODE_SENTINEL: parent.code if parent else "",
        PARENT_NAME_SENTINEL: parent.name if parent else "",
    }
    cells: dict[str, bytes] = {}
    for _name, parts in prototype.members:
        for part in parts:
            if isinstance(part, Slot) and part.kind == "cell":
                kind = catalogue.fields[part.key].kind
                # Yes/no is picked from the Có/Không list, so it is always text;
                # a few numbers are typed as text, as officers do.
                as_text = kind is FieldKind.YES_NO or rng.random() < text_rate
                cells[part.key] = cell_xml(values.get(part.key), kind, as_text,
                                           prototype.style)
    name = prototype.filename.replace(CODE_SENTINEL, unit.code).replace(
        slug(NAME_SENTINEL), slug(unit.name))
    return name, prototype.render(texts, cells)


# --------------------------------------------------------------------------- hand-made


def _strip_diacritics(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def handmade_workbook(
    catalogue: Catalogue, unit: Unit, period: str, values: Mapping[str, float], rng: random.Random
) -> bytes:
    """A sheet an officer made from scratch: own layout, fields by label, text numbers, notes.

    Two layouts, chosen at random: the example's (TT / Nội dung / Đơn vị tính /
    Số liệu / Ghi chú) and one with the field codes, a ``Giá trị`` column between
    extra columns and a second sheet of remarks. Labels are the Vietnamese label,
    an alias, upper case or without diacritics; values are numbers or
    Vietnamese-format text; the unit and period are stated in header cells.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from chiso.submissions.template import fields_for_level

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    layout = rng.choice(("plain", "coded"))
    ws.title = "Sheet1" if layout == "plain" else "BC CĐS"
    ws["A1"] = f"BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM {period}"
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells("A1:F1")
    ws["A2"] = f"Đơn vị: UBND {unit.name[0].lower()}{unit.name[1:]}"
    ws["A3"] = f"Mã đơn vị: {unit.code}"
    ws["A4"] = f"Kỳ báo cáo: năm {period}"
    ws.append([])
    if layout == "plain":
        ws.append(["TT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú"])
    else:
        ws.append(["STT", "Mã", "Tên chỉ tiêu", "Kỳ trước", "Giá trị", "Ghi chú", "Người nhập"])
    for cell in ws[6]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    number = 0
    for fdef in fields_for_level(catalogue, unit.level):
        value = values.get(fdef.id)
        if value is None:
            continue
        number += 1
        if number % 9 == 1:
            ws.append([])  # officers leave blank rows between sections
        label = fdef.label.vi
        style = rng.random()
        if fdef.aliases and style < 0.3:
            label = fdef.aliases[0]
        elif style < 0.45:
            label = _strip_diacritics(label)
        elif style < 0.55:
            label = label.upper()
        shown: float | str = value
        if fdef.kind is FieldKind.YES_NO or rng.random() < 0.35:
            shown = vietnamese_text(value, fdef.kind)
        note = rng.choice((None, None, None, "Số liệu ước tính", "Theo báo cáo quý IV"))
        uom = fdef.unit_label.vi if fdef.unit_label else ""
        if layout == "plain":
            ws.append([number, label, uom, shown, note])
        else:
            ws.append([number, fdef.id, label, None, shown, note, "Nguyễn Văn A"])
    ws.append([])
    ws.append([None, "Người lập biểu", None, "Chủ tịch UBND"])
    ws.column_dimensions["B"].width = 55
    if layout == "coded":
        remarks = wb.create_sheet("Giải trình")
        remarks["A1"] = "Giải trình số liệu"
        remarks["A2"] = "Một số chỉ tiêu là số ước tính đến ngày 15/12."
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_zip(buffer.getvalue())


# --------------------------------------------------------------------------- build


def build(spec: CorpusSpec, *, cache: Path = CACHE, kpis: Path = SHIPPED_KPIS) -> Corpus:
    """The corpus for ``spec``: from the cache, or generated into it once."""
    key = cache_key(spec, kpis)
    name = f"national-{spec.communes}c-{spec.periods}p"
    root = cache / f"{name}-{key}"
    manifest = root / "manifest.json"
    if manifest.exists():
        return _load(root, spec, json.loads(manifest.read_text()))
    cache.mkdir(parents=True, exist_ok=True)
    for stale in cache.glob(f"{name}-*"):  # older generator or catalogue: regenerate
        shutil.rmtree(stale, ignore_errors=True)
    work = cache / f".{name}-{key}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    data = generate(spec, work, kpis)
    (work / "manifest.json").write_text(json.dumps(data, indent=1, ensure_ascii=False))
    work.rename(root)
    corpus = _load(root, spec, data)
    corpus.cached = False
    return corpus


def _load(root: Path, spec: CorpusSpec, data: dict) -> Corpus:
    return Corpus(
        root=root,
        spec=spec,
        kpis=root / "kpis",
        units_file=root / "units.csv",
        periods=data["periods"],
        templates=[root / p for p in data["templates"]],
        handmade=[root / p for p in data["handmade"]],
        extra_kpis=data["extra_kpis"],
        cached=True,
        timings=data["timings"],
    )


def generate(spec: CorpusSpec, root: Path, kpis: Path = SHIPPED_KPIS) -> dict:
    """Write the whole corpus under ``root``; return its manifest."""
    from chiso.catalogue.loader import load_catalogue

    timings: dict[str, float] = {}
    extra = write_catalogue(spec, root / "kpis", kpis)
    catalogue, findings = load_catalogue(root / "kpis")
    if catalogue is None or findings.errors:
        raise RuntimeError(f"the benchmark catalogue does not load: {findings}")
    unit_list = make_units(spec)
    write_units_csv(unit_list, root / "units.csv")
    units = Units.of(unit_list)
    periods = spec.period_ids

    t0 = time.perf_counter()
    prototypes: dict[tuple[str, str], Prototype] = {}
    for level in units.levels:
        for period in periods:
            proto = make_prototype(catalogue, level, period, root / ".prototypes")
            if proto is not None:
                prototypes[level, period] = proto
    shutil.rmtree(root / ".prototypes")
    made = max(1, len(prototypes))
    timings["openpyxl write + fill, ms per workbook"] = 1000 * (time.perf_counter() - t0) / made

    reporting = [u for u in units if any(level == u.level for level, _ in prototypes)]
    pick = random.Random(f"{spec.seed}:handmade")
    communes = [u for u in reporting if u.level == "commune"]
    pairs = [(u.code, p) for p in periods for u in communes]
    handmade_pairs = set(pick.sample(pairs, min(spec.handmade, len(pairs))))

    templates: list[str] = []
    handmade: list[str] = []
    t_clone = t_hand = 0.0
    for unit in reporting:
        values = unit_values(catalogue, unit, periods, spec.seed)
        parent = units.get(unit.parent) if unit.parent else None
        rng = random.Random(f"{spec.seed}:{unit.code}:cells")
        for period in periods:
            folder = root / "submissions" / period / (unit.parent or unit.code)
            folder.mkdir(parents=True, exist_ok=True)
            t1 = time.perf_counter()
            if (unit.code, period) in handmade_pairs:
                body = handmade_workbook(catalogue, unit, period, values[period], rng)
                path = folder / f"{unit.code}_bao_cao_{period}.xlsx"
                path.write_bytes(body)
                handmade.append(str(path.relative_to(root)))
                t_hand += time.perf_counter() - t1
            else:
                file_name, body = render_template(prototypes[unit.level, period], catalogue,
                                                  unit, parent, values[period], rng,
                                                  spec.text_rate)
                path = folder / file_name
                path.write_bytes(body)
                templates.append(str(path.relative_to(root)))
                t_clone += time.perf_counter() - t1
    timings["clone from prototype, ms per workbook"] = 1000 * t_clone / max(1, len(templates))
    timings["hand-made with openpyxl, ms per workbook"] = 1000 * t_hand / max(1, len(handmade))
    timings["generation, s"] = time.perf_counter() - t0
    return {"periods": periods, "templates": templates, "handmade": handmade,
            "extra_kpis": extra, "timings": timings}
