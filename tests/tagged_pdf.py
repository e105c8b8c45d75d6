"""Reading a tagged PDF's structure tree back with pypdf, for the tests of
every PDF the application writes (crm.pdf.pdf_write).

`assert_tagged(data, title=...)` checks what a screen reader needs of a PDF
(RGAA 13.3, PDF/UA-1): marked, in French, titled with its own title shown
instead of the file name, headings in order without a skipped level, tables
made of rows of header and data cells with every data cell tied to a header,
every figure with an alternative text. It returns the structure so that a
test can assert more (that the document has tables, figures…).
"""

import io
import re
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject

HEADING = re.compile(r"^/H([1-6])$")


@dataclass
class Element:
    tag: str  # "/H1", "/Table", "/Figure"…
    node: DictionaryObject
    children: list = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Structure:
    reader: PdfReader
    root: Element

    def elements(self, tag=None):
        return [e for e in self.root.walk() if tag is None or e.tag == tag]

    def headings(self):
        return [int(HEADING.match(e.tag).group(1)) for e in self.elements() if HEADING.match(e.tag)]


def _element(node):
    node = node.get_object()
    element = Element(tag=str(node.get("/S", "")), node=node)
    kids = node.get("/K")
    kids = kids.get_object() if kids is not None else []
    if not isinstance(kids, ArrayObject | list):
        kids = [kids]
    for kid in kids:
        kid = kid.get_object()
        # Marked-content ids (ints) and references to annotations (/OBJR) are leaves, not elements.
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            element.children.append(_element(kid))
    return element


def structure(data):
    reader = PdfReader(io.BytesIO(data))
    tree = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    return Structure(reader=reader, root=_element(tree))


def assert_tagged(data, *, title, lang="fr"):
    doc = structure(data)
    catalog = doc.reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert str(catalog["/Lang"]) == lang
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert title and doc.reader.metadata.title == title

    levels = doc.headings()
    assert levels and levels[0] == 1, levels
    for previous, level in zip(levels, levels[1:], strict=False):
        assert level <= previous + 1, f"heading H{level} after H{previous}: {levels}"

    for table in doc.elements("/Table"):
        rows = [e for e in table.walk() if e.tag == "/TR"]
        assert rows, "a table without rows"
        groups = {child.tag for child in table.children} - {"/Caption"}
        assert groups <= {"/THead", "/TBody", "/TFoot", "/TR"}, groups
        assert any(cell.tag == "/TH" for row in rows for cell in row.children), "a table without header cells"
        for row in rows:
            assert row.children and {cell.tag for cell in row.children} <= {"/TH", "/TD"}
            for cell in row.children:
                if cell.tag == "/TD":
                    assert list(cell.node["/A"].get("/Headers", [])), "a data cell tied to no header"

    for figure in doc.elements("/Figure"):
        assert str(figure.node.get("/Alt", "")).strip(), "a figure without alternative text"
    return doc
