"""Office-printer sheets: A5 leaflets two to an A4 sheet, A6 cards four, with crop marks.

Every position on a sheet holds the same page, so the back of a sheet is the same page
repeated: printed double-sided (flip on the short edge for A5, the long edge for A6), each
piece cut along the crop marks is a complete leaflet whichever way the printer turns the
paper. The sheets are for printing only: unlike the leaflets, they are not tagged PDFs.
"""

from __future__ import annotations

from pathlib import Path

A4 = (595.276, 841.89)  # points, portrait
LAYOUTS = {"a5": (2, 1), "a6": (2, 2)}
"""Columns and rows of pieces on one A4 sheet (landscape for A5, portrait for A6)."""
MARK = 14.17  # 5 mm: how far each crop mark reaches in from the sheet's edge


def sheet_filename(filename: str) -> str:
    """The sheet's file name beside its leaflet.

    >>> sheet_filename("rights-a5-ar.pdf")
    'rights-a5-ar-a4-sheet.pdf'
    """
    return filename.removesuffix(".pdf") + "-a4-sheet.pdf"


def _crop_marks(width: float, height: float, columns: int, rows: int) -> bytes:
    """A content stream of hairlines on every cut, reaching ``MARK`` in from each edge."""
    lines = ["q 0 G 0.25 w"]
    for column in range(1, columns):
        x = width * column / columns
        lines += [f"{x:.2f} 0 m {x:.2f} {MARK:.2f} l S", f"{x:.2f} {height:.2f} m {x:.2f} {height - MARK:.2f} l S"]
    for row in range(1, rows):
        y = height * row / rows
        lines += [f"0 {y:.2f} m {MARK:.2f} {y:.2f} l S", f"{width:.2f} {y:.2f} m {width - MARK:.2f} {y:.2f} l S"]
    lines.append("Q")
    return "\n".join(lines).encode()


def write_sheet(pdf: Path, paper: str, target: Path) -> Path | None:
    """Lay each page of an A5 or A6 leaflet onto its own A4 sheet, repeated; None for other sizes."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation
    from pypdf.generic import ContentStream

    if paper not in LAYOUTS:
        return None
    columns, rows = LAYOUTS[paper]
    width, height = A4 if paper == "a6" else (A4[1], A4[0])
    reader = PdfReader(pdf)
    writer = PdfWriter()
    for page in reader.pages:
        sheet = PageObject.create_blank_page(width=width, height=height)
        piece_width, piece_height = width / columns, height / rows
        for column in range(columns):
            for row in range(rows):
                # centre the page in its piece (A5 and A6 are exactly half and a quarter of A4)
                dx = column * piece_width + (piece_width - float(page.mediabox.width)) / 2
                dy = row * piece_height + (piece_height - float(page.mediabox.height)) / 2
                sheet.merge_transformed_page(page, Transformation().translate(dx, dy))
        marks = ContentStream(None, writer)
        marks.set_data(_crop_marks(width, height, columns, rows))
        sheet.merge_page(_page_with(marks, width, height))
        writer.add_page(sheet)
    writer.add_metadata({"/Title": f"{reader.metadata.title if reader.metadata else pdf.stem} (A4 sheet)",
                         "/Creator": "Safe to Ask"})
    with target.open("wb") as out:
        writer.write(out)
    return target


def _page_with(content, width: float, height: float):
    from pypdf import PageObject
    from pypdf.generic import NameObject

    page = PageObject.create_blank_page(width=width, height=height)
    page[NameObject("/Contents")] = content
    return page
