"""Leaflets: every leaflet in every language, real glyphs, right-to-left order, personalisation, clear errors."""

from __future__ import annotations

import logging
import re
import subprocess
from pathlib import Path

import pytest

from generator.config import load_config
from generator.content import load_content
from generator.errors import ContentError, LeafletError, ProblemsError
from generator.i18n import extract, update_catalogs
from generator.organisation import load_organisation
from generator.pipeline import check, write_site_leaflets
from tests.conftest import REPO, replace_in
from tests.test_i18n import translate

pytestmark = pytest.mark.slow

ARABIC_TITLE = "حقوقك مع الأطباء"
TIGRINYA_TITLE = "መሰልካ ምስ ሓካይም"


def pdf_text(path: Path, page: int | None = None) -> str:
    """The PDF's text (or one page's) as poppler extracts it, bidi controls removed and lines joined."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", " ", re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text))


@pytest.fixture
def project(make_project):
    root = make_project()
    replace_in(root / "mkdocs.yml", 'site_url: ""', "site_url: https://safe-to-ask.example/")
    config = load_config(root)
    extract(config, load_content(root))
    update_catalogs(config)
    translate(root, "ar", {"Your rights with doctors": ARABIC_TITLE,
                           "I need an interpreter in: {lang:name}": "أحتاج إلى مترجم باللغة: {lang:name}"})
    translate(root, "ti", {"Your rights with doctors": TIGRINYA_TITLE})
    return root


def write_all(root: Path, **options) -> list[Path]:
    config = load_config(root)
    content, _ = check(config)
    return write_site_leaflets(config, content, list(config.languages), root / "out", **options)


def test_every_leaflet_in_every_language_with_its_title(project):
    paths = write_all(project, previews=False)
    names = sorted(path.relative_to(project / "out").as_posix() for path in paths)
    assert names == sorted(["en/leaflets/rights-a5-en.pdf", "en/leaflets/reception-card-a6-en.pdf",
                            "en/leaflets/gp-guide-a4-en.pdf", "ar/leaflets/rights-a5-ar.pdf",
                            "ar/leaflets/reception-card-a6-ar.pdf", "ti/leaflets/rights-a5-ti.pdf",
                            "ti/leaflets/reception-card-a6-ti.pdf"])
    assert "Your rights with doctors" in pdf_text(project / "out/en/leaflets/rights-a5-en.pdf")
    assert TIGRINYA_TITLE in pdf_text(project / "out/ti/leaflets/rights-a5-ti.pdf")


def test_unchanged_leaflets_come_from_the_cache_byte_for_byte(project, caplog):
    config = load_config(project)

    def run(out: str, **options) -> tuple[dict[str, bytes], str]:
        content, _ = check(config)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="generator.leaflets.pdf"):
            write_site_leaflets(config, content, list(config.languages), project / out, only=("rights-a5",),
                                **options)
        return ({path.relative_to(project / out).as_posix(): path.read_bytes()
                 for path in (project / out).rglob("*") if path.is_file()}, caplog.text)

    first, told = run("first")
    assert "3 leaflet(s) rendered, 0 unchanged" in told
    assert sorted(first) == sorted(f"{code}/leaflets/rights-a5-{code}.{kind}" for code in ("en", "ar", "ti")
                                   for kind in ("pdf", "png")), "previews are made with their PDFs"
    again, told = run("again")
    assert "0 leaflet(s) rendered, 3 unchanged" in told and again == first
    translate(project, "ar", {"Your rights with doctors": "حقوقك عند الطبيب"})
    changed, told = run("changed")
    assert "1 leaflet(s) rendered, 2 unchanged" in told, "only the Arabic leaflet's inputs changed"
    assert changed["ar/leaflets/rights-a5-ar.pdf"] != first["ar/leaflets/rights-a5-ar.pdf"]
    clean, told = run("clean", clean=True)
    assert "3 leaflet(s) rendered, 0 unchanged" in told, "a clean build reads nothing from the cache"
    assert clean == changed, "a cached leaflet is the file a clean build writes"


def test_arabic_leaflet_reads_right_to_left_in_logical_order(project):
    write_all(project, previews=False)
    text = pdf_text(project / "out/ar/leaflets/rights-a5-ar.pdf")
    assert ARABIC_TITLE in text, "the words of the title come out in reading order"
    assert " ".join(reversed(ARABIC_TITLE.split())) not in text
    card = pdf_text(project / "out/ar/leaflets/reception-card-a6-ar.pdf")
    assert "أحتاج إلى مترجم باللغة" in card, "Arabic words in reading order"
    assert "باللغة مترجم إلى أحتاج" not in card, "not reversed into left-to-right order"
    assert "العربية" in card
    assert "I need an interpreter in: Arabic" in card and "Please show this at reception" in card
    front, back = (pdf_text(project / "out/ar/leaflets/reception-card-a6-ar.pdf", page) for page in (1, 2))
    assert "أحتاج إلى مترجم باللغة" in front and "interpreter" not in front, "the reader's side"
    assert "I need an interpreter in: Arabic" in back and "أحتاج" not in back, "English, for the desk"


def test_pdf_metadata_and_tags(project):
    write_all(project, previews=False)
    from pypdf import PdfReader
    reader = PdfReader(project / "out/ar/leaflets/rights-a5-ar.pdf")
    assert reader.metadata.title == ARABIC_TITLE and "Safe to Ask" in reader.metadata.author
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ar" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]


def test_personalised_leaflets_show_the_organisation(project, tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    (tmp_path / "org.yml").write_text("name: Riverside Surgery\naddress: 1 High Street, Leeds\n"
                                      'phone: "0113 496 0000"\nlogo: logo.svg\n')
    organisation, logo = load_organisation(tmp_path / "org.yml")
    write_all(project, organisation=organisation, logo=logo, previews=False)
    for path in ("en/leaflets/rights-a5-en.pdf", "ar/leaflets/reception-card-a6-ar.pdf"):
        text = pdf_text(project / "out" / path)
        assert "Riverside Surgery" in text and "0113 496 0000" in text


def test_bad_organisation_file_names_its_line(tmp_path):
    (tmp_path / "org.yml").write_text('name: Riverside Surgery\nphone: "call us"\nemail: a@b.example\n')
    with pytest.raises(ProblemsError) as raised:
        load_organisation(tmp_path / "org.yml")
    assert "org.yml:2: error: phone: write digits and spaces" in str(raised.value)
    assert "org.yml:3: error: email: unknown field; the fields are name, address, phone and logo" in str(raised.value)
    (tmp_path / "org.yml").write_text("name: Riverside Surgery\nlogo: missing.png\n")
    with pytest.raises(ContentError, match=r"org.yml:2: logo 'missing.png' not found"):
        load_organisation(tmp_path / "org.yml")


def test_missing_glyphs_stop_with_a_clear_error(project):
    replace_in(project / "translations/languages.yml", "font: Noto Sans Ethiopic", "font: Noto Sans")
    with pytest.raises(LeafletError, match=r"content/leaflets/rights-a5.yml: rights-a5-ti.pdf: \d+ character\(s\) "
                                           r"have no glyph in Noto Sans: ል \(U\+120D\)"):
        write_all(project, previews=False)


def test_text_that_does_not_fit_is_an_error(project):
    replace_in(project / "content/leaflets/rights-a5.yml", "      - You can register with a GP. You do not need ID.",
               "\n".join(f"      - Item {n} says you can register with a GP without ID." for n in range(80)))
    with pytest.raises(LeafletError, match=r"rights-a5-en.pdf: the text fills \d+ pages; this format has room for 2"):
        write_all(project, previews=False)


def test_qr_code_points_at_the_page_and_is_left_out_without_site_url(project):
    from generator.i18n import load_translations
    from generator.leaflets import render_leaflets
    config = load_config(project)
    content = load_content(project)
    english = load_translations(config, config.source_lang)
    card = next(leaflet for leaflet in render_leaflets(content, english, english, site_url=config.site_url,
                                                       today=__import__("datetime").date(2026, 11, 28))
                if leaflet.leaflet_id == "reception-card-a6")
    assert "<svg" in card.html and "https://safe-to-ask.example/en/see-a-doctor.html" in card.html
    replace_in(project / "mkdocs.yml", "site_url: https://safe-to-ask.example/", 'site_url: ""')
    _, problems = check(load_config(project))
    assert any(re.search(r"mkdocs.yml: warning: the site has no public address, .* set SITE_URL=", str(p))
               for p in problems)


# --- issue 14: organisation details, no fetching, fit, atomic sets, sheets, plain errors -------

LONG_NAME = "Belgrave and Rushey Mead Community Health Practice and Clinic"  # 61 characters
ADDRESS = "210 Belgrave Road\nBelgrave\nLeicester\nLeicestershire\nLE4 5AT"


def write_org(folder: Path, logo: str = "logo.png", name: str = LONG_NAME, extra: str = "") -> Path:
    """An org file with a 5-line address and a plain red PNG logo beside it."""
    from PIL import Image
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 60), "#ff0000").save(folder / "logo.png")
    address = "".join(f"  {line}\n" for line in ADDRESS.splitlines())
    text = f'name: "{name}"\naddress: |\n{address}phone: "0116 496 0123"\nlogo: {logo}\n{extra}'
    (folder / "org.yml").write_text(text, encoding="utf-8")
    return folder / "org.yml"


def write_with_org(root: Path, org: Path, **options) -> list[Path]:
    organisation, logo = load_organisation(org)
    return write_all(root, organisation=organisation, logo=logo, org_file=org, previews=False, **options)


def red_pixels(pdf: Path, page: int, tmp_path: Path) -> int:
    """How many pure red pixels (the test logo) a page shows when printed."""
    from PIL import Image
    stem = tmp_path / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(stem)], check=True)
    image = Image.open(stem.with_suffix(".png")).convert("RGB")
    return sum(1 for r, g, b in image.get_flattened_data() if r > 220 and g < 40 and b < 40)


def test_arabic_organisation_details_show_the_logo_and_keep_the_address(project, tmp_path):
    org = write_org(tmp_path / "org")
    write_with_org(project, org)
    for pdf in ("ar/leaflets/reception-card-a6-ar.pdf", "ar/leaflets/rights-a5-ar.pdf",
                "en/leaflets/rights-a5-en.pdf"):
        path = project / "out" / pdf
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True,
                                                                text=True).stdout)[1])
        assert sum(red_pixels(path, page, tmp_path) for page in range(1, pages + 1)) > 20, f"logo visible in {pdf}"
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(project / "out/ar/leaflets/reception-card-a6-ar.pdf"),
                          "-"], capture_output=True, text=True, check=True).stdout
    raw = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", raw)
    lines = [line.strip() for line in raw.splitlines()]
    for line in ADDRESS.splitlines():
        assert line in lines, f"{line!r} printed on its own line, as written"
    assert "Belgrave Road 210" not in raw and "LE4 5AT 210" not in raw, "the street number stays in front"
    assert "0116 496 0123" in raw and LONG_NAME in re.sub(r"\s+", " ", raw)


def test_a_title_with_an_arabic_comma_passes_the_text_check(project, tmp_path):
    from generator.leaflets import _words
    assert _words("في منطقتنا، يمكنك: التسجيل؟ ሰላም። Hello, GP.") == [
        "في", "منطقتنا", "يمكنك", "التسجيل", "ሰላም", "Hello", "GP"]
    translate(project, "ar", {"Your rights with doctors": "حقوقك، مع الأطباء؛ والمدارس"})
    write_with_org(project, write_org(tmp_path / "org", name="A" * 44))
    assert "حقوقك" in pdf_text(project / "out/ar/leaflets/rights-a5-ar.pdf")


def test_a_box_that_sticks_out_is_named_with_its_field():
    from weasyprint import HTML

    from generator.leaflets import overflowing_box
    page = "<style>@page { size: A6; margin: 7mm }</style>"
    fits = HTML(string=page + "<div style='width: 30mm; overflow-wrap: anywhere'>" + "x" * 80 + "</div>").render()
    assert overflowing_box(fits) == ""
    spills = HTML(string=page + "<section style='width: 30mm'><p data-field='address' style='white-space: nowrap'>"
                  "210 Belgrave Road, Leicester LE4 5AT</p></section>").render()
    message = overflowing_box(spills)
    assert re.fullmatch(r"the organisation's address runs [\d.]+ mm past the edge of (its box|the page) on page 1 "
                        r"\('210 Belgrave Road, Leicester LE4 5AT'\)\. Shorten it in your organisation file\.",
                        message), message


def test_overflow_error_names_leaflet_language_and_field(project, monkeypatch):
    import generator.leaflets.pdf as leaflets
    monkeypatch.setattr(leaflets, "overflowing_box", lambda document: "the organisation's name runs 3.0 mm past")
    with pytest.raises(LeafletError, match=r"content/leaflets/\S+\.yml: \S+-(en|ar|ti)\.pdf \((English|Arabic|"
                                           r"Tigrinya)\): the organisation's name runs 3\.0 mm past"):
        write_all(project, previews=False)


class _Recorder:
    """A local web server that records every request it receives."""

    def __enter__(self):
        import http.server
        import threading
        requests = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/svg+xml")
                self.end_headers()
                self.wfile.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="5"/>')

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("reference", ["web", "outside"])
def test_an_svg_logo_that_links_elsewhere_is_refused_without_a_request(project, tmp_path, reference):
    outside = tmp_path / "elsewhere" / "picture.png"
    outside.parent.mkdir()
    __import__("PIL.Image").Image.new("RGB", (4, 4), "#00ff00").save(outside)  # a real image, were it read
    org = write_org(tmp_path / "org", logo="logo.svg")
    with _Recorder() as server:
        href = f"{server.url}/tracker.svg" if reference == "web" else outside.as_uri()
        (org.parent / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                                             f'<image href="{href}" width="40" height="20"/></svg>')
        with pytest.raises(LeafletError) as raised:
            write_with_org(project, org)
        assert server.requests == [], "no request reached the server"
    message = str(raised.value)
    assert message.startswith(f"{org}: the logo refers to {href}, which was not fetched"), message
    assert "never fetch from the web" in message and "content/" not in message
    assert not list((project / "out").rglob("*.pdf")), "no partial set of PDFs is left"


def test_a_failure_leaves_no_partial_set(project):
    write_all(project, previews=False)
    before = {path: path.stat().st_mtime_ns for path in (project / "out").rglob("*.pdf")}
    replace_in(project / "translations/languages.yml", "font: Noto Sans Ethiopic", "font: Noto Sans")
    with pytest.raises(LeafletError, match="have no glyph"):
        write_all(project, previews=False)
    after = {path: path.stat().st_mtime_ns for path in (project / "out").rglob("*.pdf")}
    assert after == before, "the previous set is left exactly as it was"
    assert not [path for path in (project / "out").parent.iterdir() if path.name.startswith(".leaflets-")]


def test_only_chosen_leaflets_and_a4_sheets(project):
    from pypdf import PdfReader
    paths = write_all(project, previews=False, only=("rights-a5", "reception-card-a6"), sheet=True)
    names = sorted(path.name for path in paths)
    assert "gp-guide-a4-en.pdf" not in names
    assert {"rights-a5-ar-a4-sheet.pdf", "reception-card-a6-en-a4-sheet.pdf"} <= set(names)
    leaflet = PdfReader(project / "out/ar/leaflets/rights-a5-ar.pdf")
    sheet = PdfReader(project / "out/ar/leaflets/rights-a5-ar-a4-sheet.pdf")
    assert len(sheet.pages) == len(leaflet.pages), "one sheet side per leaflet page, for duplex"
    box = sheet.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595), "A4 landscape: two A5 side by side"
    card = PdfReader(project / "out/en/leaflets/reception-card-a6-en-a4-sheet.pdf")
    box = card.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842), "A4 portrait: four A6"
    assert pdf_text(project / "out/en/leaflets/reception-card-a6-en-a4-sheet.pdf").count(
        "Please show this at reception") == 4


def test_organisation_errors_speak_plainly(tmp_path):
    org = write_org(tmp_path / "org", name="N" * 81)
    with pytest.raises(ProblemsError, match=r"org.yml:1: error: name is 81 characters; at most 80 fit"):
        load_organisation(org)
    org.write_text('name: Riverside\nphone: "call us"\n')
    with pytest.raises(ProblemsError, match=r'org.yml:2: error: phone: write digits and spaces in quotes, '
                                            r'e.g. "0116 496 0123"'):
        load_organisation(org)
    org.write_text("name: Riverside\naddress: |\n" + "".join(f"  line {n}\n" for n in range(7)))
    with pytest.raises(ProblemsError, match=r"org.yml:2: error: address has 7 lines; at most 6 fit"):
        load_organisation(org)
    org.write_text("name: Riverside\naddress: |\n  12 River Street\n  Leeds\n")
    organisation, _ = load_organisation(org)
    assert organisation.address_lines == ("12 River Street", "Leeds")


def test_the_example_org_file_works_when_its_folder_is_copied(tmp_path):
    import shutil
    shutil.copytree(Path(__file__).parent.parent / "examples", tmp_path / "my-org")
    organisation, logo = load_organisation(tmp_path / "my-org" / "org.yml")
    assert logo == (tmp_path / "my-org" / "logo.svg").resolve() and len(organisation.address_lines) == 3
    shutil.copy(tmp_path / "my-org" / "org.yml", tmp_path / "alone.yml")
    with pytest.raises(ContentError, match=r"alone.yml:\d+: logo 'logo.svg' not found; the path is relative to "
                                           r"alone.yml"):
        load_organisation(tmp_path / "alone.yml")


def test_leaflets_command_only_lang_and_plain_failure(project, tmp_path, monkeypatch, capsys):
    from generator import cli
    monkeypatch.chdir(project)
    org = write_org(tmp_path / "org", name="N" * 81)
    monkeypatch.setattr("sys.argv", ["generator", "leaflets", "--org", str(org), "--lang", "ar", "--out", "pdfs"])
    with pytest.raises(SystemExit):
        cli.main()
    err = capsys.readouterr().err
    assert "name is 81 characters; at most 80 fit" in err and "pdfs/ was not changed" in err and "site/" not in err
    org = write_org(tmp_path / "org")
    monkeypatch.setattr("sys.argv", ["generator", "leaflets", "--org", str(org), "--lang", "ar", "--lang", "en",
                                     "--only", "reception-card-a6", "--out", "pdfs"])
    cli.main()
    assert sorted(path.name for path in (project / "pdfs").rglob("*.pdf")) == [
        "reception-card-a6-ar.pdf", "reception-card-a6-en.pdf"]


# --- issue 14, parts 3 and 4: design, QR caption, pictograms, welcome poster, fit everywhere ------

def _layout(leaflet, step: int = -1):
    from weasyprint import HTML
    return HTML(string=leaflet.steps[step], base_url=leaflet.base_url).render()


def _text_sizes(box, inside: str = "", found=None) -> list[tuple[float, str, str]]:
    """(pt, role, text) of every piece of text, role the nearest ancestor's class of interest."""
    found = [] if found is None else found
    element = getattr(box, "element", None)
    classes = (element.get("class") or "").split() if element is not None and hasattr(element, "get") else []
    tag = getattr(box, "element_tag", "") or ""
    if "footer" in classes or "sources" in classes or tag.endswith("::marker") or tag == "sup":
        return found
    role = next((name for name in ("promise", "org", "contacts", "english") if name in classes), inside)
    role = role or ("body" if tag == "li" else "")
    if type(box).__name__ == "TextBox" and box.text.strip() and role:
        found.append((box.style["font_size"] * 0.75, role, box.text))
    for child in getattr(box, "children", ()):
        _text_sizes(child, role, found)
    return found


@pytest.mark.parametrize(("kind", "floor"), [("poster", {"title": 40, "body": 16}), ("leaflet", {"heading": 16,
                         "body": 11}), ("card", {"title": 14, "body": 9}), ("guide", {"heading": 16, "body": 11}),
                         ("welcome", {"body": 14})])
def test_no_type_step_goes_below_the_print_brief(kind, floor):
    from generator.leaflets.design import STEPS, type_sizes
    for factor in STEPS[kind]:
        sizes = type_sizes(kind, factor)
        assert all(sizes[role] >= size for role, size in floor.items()), (kind, factor, sizes)
    assert type_sizes(kind, STEPS[kind][0])["body"] >= type_sizes(kind, STEPS[kind][-1])["body"]


@pytest.mark.parametrize("leaflet_id", ["reception-card-a6", "gp-poster-a4"])
def test_the_type_step_printed_does_not_depend_on_where_the_search_starts(leaflet_id):
    """Each worker starts a leaflet's search at the step its previous language needed; a leaflet
    printed alone (``--only``) must still get the same type as in a full run."""
    from weasyprint import HTML

    from generator.i18n import load_translations
    from generator.leaflets import render_leaflets
    from generator.leaflets.pdf import _fitted
    config = load_config(REPO)
    english = load_translations(config, config.source_lang)
    leaflet, = render_leaflets(load_content(REPO), load_translations(config, config.language("ta")), english,
                               site_url="https://example.org/", today=None, only=(leaflet_id,), project=REPO)

    def layout(html):
        return HTML(string=html, base_url=leaflet.base_url).render()

    found = {start: _fitted(leaflet, layout, leaflet_id, start)[1] for start in (None, 0, 2, len(leaflet.steps) - 1)}
    assert len(set(found.values())) == 1 and 0 < found[None] < len(leaflet.steps) - 1, found


def test_the_brand_colour_passes_contrast_in_colour_and_greyscale():
    from generator.leaflets.design import BRAND, PAPER, WARNING_TINT, contrast, grey
    assert contrast(PAPER, BRAND) >= 4.5 and contrast(PAPER, grey(BRAND)) >= 4.5
    assert contrast("#111111", WARNING_TINT) >= 7


@pytest.mark.parametrize(("leaflet_id", "lang", "body"), [("rights-a5", "en", 11), ("rights-a5", "ar", 11),
                                                         ("reception-card-a6", "ar", 9), ("gp-guide-a4", "en", 11)])
def test_rendered_body_text_is_never_smaller_than_the_format_allows(project, tmp_path, leaflet_id, lang, body):
    from generator.i18n import load_translations
    from generator.leaflets import render_leaflets
    config = load_config(project)
    english = load_translations(config, config.source_lang)
    language = next(language for language in config.languages if language.code == lang)
    translations = english if lang == "en" else load_translations(config, language)
    organisation, logo = load_organisation(write_org(tmp_path / "org"))
    leaflet, = render_leaflets(load_content(project), translations, english, site_url=config.site_url,
                               today=None, organisation=organisation, logo=logo, only=(leaflet_id,), project=project)
    for step in (0, -1):  # the largest and the smallest type
        sizes = _text_sizes(_layout(leaflet, step).pages[0]._page_box)
        assert sizes and min(size for size, _, _ in sizes) >= body - 0.01, sorted(sizes)[:3]


def test_each_side_of_a_bilingual_card_gets_the_largest_type_that_fits_it(tmp_path):
    """The English back shares no page with the reader's front: a long organisation box on the back
    makes the English smaller, not the reader's language."""
    from weasyprint import HTML

    from generator.i18n import load_translations
    from generator.leaflets import render_leaflets
    from generator.leaflets.pdf import _fitted_sides
    config = load_config(REPO)
    english = load_translations(config, config.source_lang)
    arabic = load_translations(config, config.language("ar"))
    sizes = {}
    for org in (None, write_org(tmp_path / "org")):
        organisation, logo = load_organisation(org) if org else (None, None)
        leaflet, = render_leaflets(load_content(REPO), arabic, english, site_url="https://example.org/", today=None,
                                   organisation=organisation, logo=logo, only=("reception-card-a6",), project=REPO)
        document = _fitted_sides(leaflet, lambda html, leaflet=leaflet: HTML(
            string=html, base_url=leaflet.base_url).render(), "card")
        front, back = (_text_sizes(page._page_box) for page in document.pages)
        sizes[org is None] = (max(pt for pt, role, _ in front if role == "body"),
                              max(pt for pt, role, _ in back if role == "english"))
    assert sizes[True][0] == sizes[False][0] > 12, sizes  # the front: as large without the box as with it
    assert sizes[True][1] > sizes[False][1] >= 9, sizes  # the back: smaller beside a long box


def test_the_english_reception_card_prints_who_can_help_on_its_back_as_large_as_a_card_allows():
    """The English card's back holds only who can help and the foot: its type is chosen on its own,
    not held at the size the longer front needs."""
    from weasyprint import HTML

    from generator.i18n import load_translations
    from generator.leaflets import render_leaflets
    from generator.leaflets.design import STEPS, type_sizes
    from generator.leaflets.pdf import _fitted_sides
    config = load_config(REPO)
    english = load_translations(config, config.source_lang)
    leaflet, = render_leaflets(load_content(REPO), english, english, site_url="https://example.org/", today=None,
                               only=("reception-card-a6",), project=REPO)
    document = _fitted_sides(leaflet, lambda html: HTML(string=html, base_url=leaflet.base_url).render(), "card")
    front, back = (_text_sizes(page._page_box) for page in document.pages)
    assert "Doctors of the World UK" not in {text for _, _, text in front}, "who can help is on the back"
    largest = type_sizes("card", STEPS["card"][0])["body"]
    assert max(pt for pt, role, _ in back if role == "contacts") == largest
    assert max(pt for pt, role, _ in front if role == "body") <= largest


def test_qr_code_has_its_short_address_under_it_only_with_a_site_url(project):
    write_all(project, previews=False, only=("reception-card-a6",))
    text = pdf_text(project / "out/en/leaflets/reception-card-a6-en.pdf")
    # the caption wraps in the QR code's column; pdftotext joins "safe-to-" + "ask" without the hyphen
    assert re.search(r"safe-to-?\s*ask\.example/\s*en/\s*see-a-doctor\.html", text), text[-200:]
    replace_in(project / "mkdocs.yml", "site_url: https://safe-to-ask.example/", 'site_url: ""')
    write_all(project, previews=False, only=("reception-card-a6",))
    text = pdf_text(project / "out/en/leaflets/reception-card-a6-en.pdf")
    assert "safe-to-ask.example" not in text and "Please show this at reception" in text


def _figures(pdf: Path) -> list[dict]:
    """Every /Figure of the PDF's structure tree, with its /Alt and /Lang."""
    from pypdf import PdfReader
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append({"alt": str(node.get("/Alt", "")), "lang": node.get("/Lang")})
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                if hasattr(kid, "get_object") or isinstance(kid, dict):
                    walk(kid)
    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_pictograms_are_our_own_line_drawings_with_text_alternatives(project):
    from generator.leaflets.design import PICTOGRAM_DIR, PICTOGRAMS
    for name in PICTOGRAMS:
        svg = (PICTOGRAM_DIR / f"{name}.svg").read_text()
        assert "Drawn for Safe to Ask" in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    replace_in(project / "content/leaflets/rights-a5.yml", "  - heading: Seeing a doctor\n",
               "  - heading: Seeing a doctor\n    pictogram: doctor\n")
    write_all(project, previews=False, only=("rights-a5",))
    figures = _figures(project / "out/ar/leaflets/rights-a5-ar.pdf")
    alts = [figure["alt"] for figure in figures]
    assert len(figures) >= 3 and all(alts), alts  # doctor, phone and the QR code
    assert any(alt.startswith("QR code: https://safe-to-ask.example/ar/") for alt in alts)


# --- the welcome poster and every leaflet in every language (the real catalogs) -------------------


def _welcome(tmp_path: Path, drop: str = "", name: str = LONG_NAME):
    from generator.i18n import load_translations
    from generator.leaflets import render_leaflets
    config = load_config(REPO)
    catalogs = [load_translations(config, lang) for lang in config.languages]
    if drop:  # a language whose translation is missing
        catalog = next(catalog for catalog in catalogs if catalog.lang.code == drop)
        catalog.entries.pop(("leaflet.gp-poster-a4", "If you live in our area, you can register here."))
    organisation, logo = load_organisation(write_org(tmp_path / "org", name=name))
    leaflet, = render_leaflets(load_content(REPO), catalogs[0], catalogs[0], site_url="https://example.org/",
                               today=None, only=("welcome-poster-a4",), every_language=lambda: catalogs,
                               organisation=organisation, logo=logo, project=REPO)
    return config, catalogs, leaflet


def test_welcome_poster_shows_every_translated_language_in_its_own_script(tmp_path):
    from generator.leaflets import _words, write_pdf
    from generator.leaflets.fit import _squash
    _, catalogs, leaflet = _welcome(tmp_path)
    pdf = write_pdf(leaflet, tmp_path / leaflet.filename)
    assert leaflet.filename == "welcome-poster-a4-en.pdf"
    text = _squash(pdf_text(pdf))
    context = "leaflet.gp-poster-a4"
    for catalog in catalogs[1:]:
        code, title = catalog.lang.code, catalog.get(context, "If you live in our area, you can register here.")
        subtitle = catalog.get(context, "You do not need proof of address, ID or immigration status.")
        assert title and subtitle, f"{code} has the poster's texts translated"
        assert f'lang="{code}" dir="{catalog.lang.direction}"' in leaflet.html
        for line, share in ((title, 0.95), (title + " " + subtitle, 0.85)):
            # the second line is smaller: poppler reads some Tamil clusters of it out of order (known gap)
            words = [word for word in _words(line) if len(word) > 1]
            found = [word for word in words if _squash(word) in text]
            assert len(found) >= share * len(words), f"{code}: {set(words) - set(found)}"
    sizes = _text_sizes(_layout(leaflet).pages[0]._page_box)
    line_sizes = [size for size, _, text in sizes]
    assert min(line_sizes) >= 10 and "Belgrave and Rushey" in leaflet.html
    from pypdf import PdfReader
    assert len(PdfReader(pdf).pages) == 1


def test_welcome_poster_leaves_out_a_language_without_its_translation(tmp_path):
    _, _, leaflet = _welcome(tmp_path, drop="so")
    assert 'lang="so"' not in leaflet.html and 'lang="ar"' in leaflet.html
    assert "You do not need proof of address" in leaflet.html  # English leads, once


def _welcome_line_sizes(leaflet) -> dict[str, list[float]]:
    """Point sizes, as printed (the type step that fits), of each language line's title (strong) and
    second line (span.sub)."""
    from weasyprint import HTML

    from generator.leaflets.pdf import _fitted
    document, _ = _fitted(leaflet, lambda html: HTML(string=html, base_url=leaflet.base_url).render(), "welcome")
    sizes = {"strong": [], "sub": []}

    def walk(box, in_line=False):
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None and hasattr(element, "get") else []
        in_line = in_line or "language" in classes
        if in_line and type(box).__name__ == "InlineBox":
            role = "sub" if "sub" in classes else getattr(box, "element_tag", "")
            sizes.setdefault(role, []).append(box.style["font_size"] * 0.75)
        for child in getattr(box, "children", ()):
            walk(child, in_line)
    walk(document.pages[0]._page_box)
    return sizes


def test_welcome_poster_titles_of_each_line_are_at_least_14_pt(tmp_path):
    _, _, leaflet = _welcome(tmp_path, name="Belgrave and Rushey Mead Health Centre")
    sizes = _welcome_line_sizes(leaflet)
    assert len(sizes["strong"]) >= 20 and min(sizes["strong"]) >= 14 - 0.01  # px to pt rounding
    assert min(sizes["sub"]) >= 11 - 0.01, "a 38-character name and a 5-line address leave room for 11 pt"


def test_welcome_poster_second_lines_shrink_to_10_pt_only_for_the_longest_details(tmp_path):
    from generator.i18n import load_translations
    from generator.leaflets import render_leaflets, write_pdf
    config = load_config(REPO)
    catalogs = [load_translations(config, lang) for lang in config.languages]
    org = write_org(tmp_path / "org", name=LONG_NAME + " of Leicester")  # 75 characters: 4 lines
    organisation, logo = load_organisation(org)
    leaflet, = render_leaflets(load_content(REPO), catalogs[0], catalogs[0], site_url="https://example.org/",
                               today=None, only=("welcome-poster-a4",), every_language=lambda: catalogs,
                               organisation=organisation, logo=logo, org_file=org, project=REPO)
    pdf = write_pdf(leaflet, tmp_path / leaflet.filename)
    from pypdf import PdfReader
    assert len(PdfReader(pdf).pages) == 1
    sizes = _welcome_line_sizes(leaflet)
    assert min(sizes["strong"]) >= 14 - 0.01 and min(sizes["sub"]) >= 10 - 0.01


def test_every_leaflet_fits_in_every_language_with_the_longest_organisation(tmp_path):
    """The fit check across all languages: a 60-character name, a 5-line address and a logo."""
    from generator.i18n import load_translations
    from generator.leaflets import render_leaflets, write_pdfs
    config = load_config(REPO)
    content = load_content(REPO)
    org = write_org(tmp_path / "org", name=LONG_NAME[:60])
    organisation, logo = load_organisation(org)
    english = load_translations(config, config.source_lang)
    catalogs = [english] + [load_translations(config, lang) for lang in config.languages[1:]]
    jobs = [(leaflet, tmp_path / "out" / catalog.lang.code / leaflet.filename) for catalog in catalogs
            for leaflet in render_leaflets(content, catalog, english, site_url="https://safe-to-ask.example/",
                                           today=None, organisation=organisation, logo=logo, org_file=org,
                                           project=REPO, every_language=lambda: catalogs)]
    assert len(jobs) >= 4 * len(catalogs)
    paths = write_pdfs(jobs, workers=2)  # raises, naming leaflet, language and field, if anything does not fit
    assert len(paths) == len(jobs)


def test_every_leaflet_prints_the_content_version_it_was_made_from(project):
    from generator.i18n import load_translations
    from generator.leaflets import render_leaflets
    config = load_config(project)
    english = load_translations(config, config.source_lang)
    arabic = load_translations(config, config.language("ar"))
    for translations in (english, arabic):
        for leaflet in render_leaflets(load_content(project), translations, english, site_url="",
                                       today=__import__("datetime").date(2026, 12, 6)):
            # the latest entry of content/changes.yml is the version: a surgery can compare it with the site
            assert f"Safe to Ask 2026-11-20 · {leaflet.leaflet_id} · " in leaflet.html, leaflet.filename
