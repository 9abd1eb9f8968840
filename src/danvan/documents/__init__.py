"""Document rendering shared by every app: administrative PDFs (Decree 30/2020), .docx, .xlsx.

Pure functions on dataclasses; no Django. See docs/documents.md.
"""

from danvan.documents.admin_doc import (
    DocumentSpec,
    Para,
    QrBlock,
    RenderedPdf,
    SignatureBlock,
    SignatureBox,
    Space,
    TableBlock,
    render_document,
)

__all__ = [
    "DocumentSpec",
    "Para",
    "QrBlock",
    "RenderedPdf",
    "SignatureBlock",
    "SignatureBox",
    "Space",
    "TableBlock",
    "render_document",
]
