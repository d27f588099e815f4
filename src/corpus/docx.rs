//! Word documents (`.docx`): the body text of `word/document.xml`, and the
//! title, author and date of `docProps/core.xml`.
//!
//! Takes a `.docx` file's bytes (a zip archive, read with the `zip` crate;
//! its XML parts read with `quick-xml`, streamed, never held whole) and
//! gives one [`Document`] whose text is the text extracted, exactly as every
//! later offset counts it:
//! - the body's paragraphs (`w:p`) in order, table cells' paragraphs
//!   included, separated by a blank line (`"\n\n"`), so the clean stage sees
//!   paragraphs as in plain text; paragraphs with nothing but whitespace are
//!   left out;
//! - inside a paragraph, the runs' text (`w:t`), `w:tab` as a tab, `w:br`
//!   and `w:cr` as a line break;
//! - inserted revisions (`w:ins`, `w:moveTo`) are text; deleted ones
//!   (`w:del`, `w:delText`, `w:moveFrom`) are not, nor are field codes
//!   (`w:instrText`: the field's shown result is text), text boxes
//!   (`w:txbxContent`, which Word also writes twice, once in a fallback),
//!   and the footnotes, comments, headers and footers, which live in other
//!   parts of the archive.
//!
//! A heading is a paragraph whose style is a title or heading (by its
//! style's name or outline level in `word/styles.xml`, or by an id starting
//! with `Heading`/`Title`/`标题`), or with an outline level of its own
//! (`w:outlineLvl`). Metadata: `dc:title`, `dc:creator` (author),
//! `dcterms:created` (date, `YYYY-MM-DD`), `dc:subject`, `dc:description`,
//! `cp:keywords`; without a title there, the first heading is the title.
//! As a plain-text file's title line, a heading that opens the document is
//! marked [`Exclusion::Header`]: it stays in the text, offsets unmoved.
//!
//! Bounded on hostile input: the archive may hold at most 4 × the document
//! limit (64 MiB by default), each XML part may inflate to at most as much
//! (a zip bomb stops there, with a reason), and the text at most the
//! document limit. An archive that is not a zip, has no
//! `word/document.xml`, or XML that does not parse is an error naming why;
//! a broken `styles.xml` or `core.xml` only costs headings or metadata, and
//! says so in [`super::Meta::warnings`].

use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use rustc_hash::FxHashSet;

use super::limits::ReadParams;
use super::{Document, Excluded, Exclusion, Format, ReadError};
use crate::span::Span;

/// The main text of a Word document.
const DOCUMENT_XML: &str = "word/document.xml";
const STYLES_XML: &str = "word/styles.xml";
const CORE_XML: &str = "docProps/core.xml";

/// WordprocessingML, transitional and strict.
const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Markup compatibility: `mc:Fallback` repeats what `mc:Choice` says.
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The most bytes a `.docx` archive, and each XML part inflated, may hold:
/// 4 × the document limit (Word's markup around the text is several times
/// the text), and never more than the file limit. The archive is bounded
/// too because the zip reader holds its whole directory in memory.
pub(super) fn max_part_bytes(params: &ReadParams) -> u64 {
    params
        .max_doc_bytes()
        .saturating_mul(4)
        .min(params.max_file_bytes())
}

/// The reason a `.docx` archive over [`max_part_bytes`] is refused with.
pub(super) fn too_large(params: &ReadParams) -> String {
    format!(
        "too large: over the limit of {} MiB per .docx file",
        max_part_bytes(params) >> 20
    )
}

/// Reads a `.docx` file's bytes into one document with the id `id`.
pub(super) fn read(
    path: &Path,
    id: &str,
    bytes: Vec<u8>,
    params: &ReadParams,
) -> Result<Document, ReadError> {
    let unusable = |reason: String| ReadError::unusable(path, reason);
    let limit = max_part_bytes(params);
    if bytes.len() as u64 > limit {
        return Err(unusable(too_large(params)));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        unusable(format!(
            "not a .docx (Word) file: not a zip archive ({e}); an old .doc or a password-protected document is not read"
        ))
    })?;
    let mut doc = Document::new(id, Format::Docx, String::new());
    doc.path = path.to_path_buf();

    let styles = match part(&mut zip, STYLES_XML, limit, heading_styles) {
        Ok(styles) => styles.unwrap_or_default(),
        Err(e) => {
            doc.meta
                .warnings
                .push(format!("{e}; headings by style id only"));
            FxHashSet::default()
        }
    };
    let body = match part(&mut zip, DOCUMENT_XML, limit, |r| {
        body_text(r, &styles, params.max_doc_bytes())
    }) {
        Ok(Some(body)) => body,
        Ok(None) => {
            return Err(unusable(format!(
                "not a Word document: the archive has no {DOCUMENT_XML}"
            )));
        }
        Err(PartError::TextTooLarge) => return Err(unusable(params.too_large(true))),
        Err(e) => return Err(unusable(e.to_string())),
    };
    match part(&mut zip, CORE_XML, limit, |r| {
        core_properties(r, &mut doc.meta)
    }) {
        Ok(_) => {}
        Err(e) => doc.meta.warnings.push(format!("{e}; metadata not read")),
    }

    if doc.meta.title.is_none() {
        doc.meta.title = body.first_heading.clone();
    }
    if let Some(span) = body.header {
        doc.excluded.push(Excluded {
            span,
            reason: Exclusion::Header,
        });
    }
    doc.text = body.text;
    Ok(doc)
}

/// Why a part of the archive could not be read.
#[derive(Debug, thiserror::Error)]
enum PartError {
    #[error("{part}: too large: inflates past {} MiB (a zip bomb?)", .limit >> 20)]
    Inflated { part: &'static str, limit: u64 },
    #[error("{part}: broken zip entry: {err}")]
    Zip {
        part: &'static str,
        err: zip::result::ZipError,
    },
    #[error("{part}: malformed XML at byte {at}: {err}")]
    Xml {
        part: &'static str,
        at: u64,
        err: quick_xml::Error,
    },
    #[error("{part}: malformed XML: {what}")]
    Ill { part: &'static str, what: String },
    /// The text passed the document limit.
    #[error("too large")]
    TextTooLarge,
}

/// An XML reader of one part, inflating as it reads.
type PartReader<'a> = NsReader<BufReader<Capped<zip::read::ZipFile<'a, Cursor<Vec<u8>>>>>>;

/// What reading a part gives before its errors are named.
enum Failed {
    Xml(quick_xml::Error),
    Ill(String),
    TextTooLarge,
}

impl From<quick_xml::Error> for Failed {
    fn from(e: quick_xml::Error) -> Self {
        Failed::Xml(e)
    }
}

/// Reads the part `name` of `zip` with `f`, inflating at most `limit`
/// bytes; `None` when the archive has no such part.
fn part<T>(
    zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>,
    name: &'static str,
    limit: u64,
    f: impl FnOnce(&mut PartReader<'_>) -> Result<T, Failed>,
) -> Result<Option<T>, PartError> {
    let entry = match zip.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(err) => return Err(PartError::Zip { part: name, err }),
    };
    let mut reader = NsReader::from_reader(BufReader::new(Capped {
        inner: entry,
        left: limit,
        over: false,
    }));
    let result = f(&mut reader);
    let at = reader.error_position();
    let capped = reader.into_inner().into_inner();
    if capped.over {
        return Err(PartError::Inflated { part: name, limit });
    }
    match result {
        Ok(t) => Ok(Some(t)),
        Err(Failed::Xml(quick_xml::Error::Io(io))) => Err(PartError::Zip {
            part: name,
            err: zip::result::ZipError::Io(std::io::Error::new(io.kind(), io.to_string())),
        }),
        Err(Failed::Xml(err)) => Err(PartError::Xml {
            part: name,
            at,
            err,
        }),
        Err(Failed::Ill(what)) => Err(PartError::Ill { part: name, what }),
        Err(Failed::TextTooLarge) => Err(PartError::TextTooLarge),
    }
}

/// A reader that fails once more than `left` bytes are read through it, and
/// remembers that it did.
struct Capped<R> {
    inner: R,
    left: u64,
    over: bool,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = buf
            .len()
            .min(usize::try_from(self.left + 1).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            self.over = true;
            return Err(std::io::Error::other("inflates past the limit"));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// What an element of WordprocessingML means to the text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    Paragraph,
    ParagraphProps,
    Style,
    OutlineLevel,
    Run,
    Text,
    Tab,
    Break,
    NoBreakHyphen,
    /// Not text, with everything inside.
    Skipped,
    Other,
}

fn tag(ns: &ResolveResult<'_>, local: &str) -> Tag {
    match ns {
        ResolveResult::Bound(ns) if W_NS.contains(&ns.0) => match local {
            "p" => Tag::Paragraph,
            "pPr" => Tag::ParagraphProps,
            "pStyle" => Tag::Style,
            "outlineLvl" => Tag::OutlineLevel,
            "r" => Tag::Run,
            "t" => Tag::Text,
            "tab" | "ptab" => Tag::Tab,
            "br" | "cr" => Tag::Break,
            "noBreakHyphen" => Tag::NoBreakHyphen,
            "del" | "delText" | "moveFrom" | "instrText" | "delInstrText" | "txbxContent"
            | "pPrChange" | "rPrChange" => Tag::Skipped,
            _ => Tag::Other,
        },
        ResolveResult::Bound(ns) if ns.0 == MC_NS && local == "Fallback" => Tag::Skipped,
        _ => Tag::Other,
    }
}

/// The value of an element's attribute by local name (`w:val` as `val`).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// The value of an element's `val` attribute (`w:val`).
fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "val")
}

/// The text of an entity or character reference in XML text.
fn reference(r: &BytesRef<'_>) -> Result<String, Failed> {
    if let Some(c) = r.resolve_char_ref()? {
        return Ok(c.to_string());
    }
    quick_xml::escape::resolve_xml_entity(r)
        .map(str::to_string)
        .ok_or_else(|| Failed::Ill(format!("unknown entity &{};", &**r)))
}

/// Whether a style id names a title or heading without its definition.
fn heading_id(id: &str) -> bool {
    let lower = id.to_lowercase();
    lower.starts_with("heading") || lower.starts_with("title") || id.starts_with("标题")
}

/// The body of `word/document.xml`.
#[derive(Debug, Default)]
struct Body {
    text: String,
    /// The first heading's text, on one line.
    first_heading: Option<String>,
    /// The span of the first paragraph when it is a heading.
    header: Option<Span>,
}

/// The paragraph being read.
#[derive(Default)]
struct Paragraph {
    text: String,
    heading: bool,
}

/// Reads the body text, streaming; fails once the text passes `max_text`
/// bytes. Linear: one pass, nesting kept as counters.
fn body_text(
    reader: &mut PartReader<'_>,
    styles: &FxHashSet<String>,
    max_text: u64,
) -> Result<Body, Failed> {
    let mut body = Body::default();
    let mut chars = 0u32;
    let mut para = Paragraph::default();
    // Depth of open elements, of `w:p`, `w:pPr`, `w:r` and `w:t` inside
    // paragraphs, and of a skipped element's content.
    let (mut depth, mut p, mut ppr, mut run, mut t, mut skip) = (0usize, 0, 0, 0, 0, 0);
    let mut buf = Vec::new();
    let mut root = false;
    loop {
        buf.clear();
        let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
        let mut piece: Option<std::borrow::Cow<'_, str>> = None;
        match &event {
            Event::Start(e) => {
                depth += 1;
                root = true;
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match tag(&ns, e.local_name().as_ref()) {
                    Tag::Skipped => skip = 1,
                    Tag::Paragraph => {
                        p += 1;
                    }
                    Tag::ParagraphProps if p > 0 => ppr += 1,
                    Tag::Run if p > 0 => run += 1,
                    Tag::Text if run > 0 => t += 1,
                    other => piece = empty_tag(other, e, ppr, run, &mut para, styles),
                }
            }
            Event::Empty(e) => {
                root = true;
                if skip == 0 {
                    piece = empty_tag(
                        tag(&ns, e.local_name().as_ref()),
                        e,
                        ppr,
                        run,
                        &mut para,
                        styles,
                    );
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match tag(&ns, e.local_name().as_ref()) {
                    Tag::Paragraph if p > 0 => {
                        p -= 1;
                        if p == 0 {
                            finish(&mut body, &mut chars, std::mem::take(&mut para));
                            ppr = 0;
                            run = 0;
                            t = 0;
                        }
                    }
                    Tag::ParagraphProps if ppr > 0 => ppr -= 1,
                    Tag::Run if run > 0 => run -= 1,
                    Tag::Text if t > 0 => t -= 1,
                    _ => {}
                }
            }
            Event::Text(e) if t > 0 && skip == 0 => piece = Some(e.xml10_content()),
            Event::CData(e) if t > 0 && skip == 0 => {
                piece = Some(std::borrow::Cow::Owned(e.xml10_content().into_owned()))
            }
            Event::GeneralRef(r) if t > 0 && skip == 0 => {
                piece = Some(std::borrow::Cow::Owned(reference(r)?))
            }
            Event::Eof => break,
            _ => {}
        }
        if let Some(piece) = piece {
            para.text.push_str(&piece);
            if (body.text.len() + para.text.len() + 2) as u64 > max_text {
                return Err(Failed::TextTooLarge);
            }
        }
    }
    ends_closed(depth)?;
    if !root {
        return Err(Failed::Ill("no root element".into()));
    }
    Ok(body)
}

/// What an element without content (or the start of one that is not a
/// container the caller counts) adds: a tab, a break, a paragraph's style.
fn empty_tag(
    tag: Tag,
    e: &BytesStart<'_>,
    ppr: u32,
    run: u32,
    para: &mut Paragraph,
    styles: &FxHashSet<String>,
) -> Option<std::borrow::Cow<'static, str>> {
    match tag {
        Tag::Tab if run > 0 => Some("\t".into()),
        Tag::Break if run > 0 => Some("\n".into()),
        Tag::NoBreakHyphen if run > 0 => Some("-".into()),
        Tag::Style if ppr > 0 => {
            if let Some(id) = val(e) {
                para.heading |= styles.contains(&id) || heading_id(&id);
            }
            None
        }
        Tag::OutlineLevel if ppr > 0 => {
            if val(e)
                .and_then(|v| v.trim().parse::<u8>().ok())
                .is_some_and(|l| l < 9)
            {
                para.heading = true;
            }
            None
        }
        _ => None,
    }
}

/// Adds a read paragraph to the body, unless it holds only whitespace.
fn finish(body: &mut Body, chars: &mut u32, para: Paragraph) {
    if para.text.trim().is_empty() {
        return;
    }
    if !body.text.is_empty() {
        body.text.push_str("\n\n");
        *chars += 2;
    }
    let start = *chars;
    let n = para.text.chars().count() as u32;
    *chars += n;
    if para.heading {
        if body.first_heading.is_none() {
            let line: Vec<&str> = para.text.split_whitespace().collect();
            body.first_heading = Some(line.join(" "));
        }
        if start == 0 {
            body.header = Some(Span::new(0, n));
        }
    }
    body.text.push_str(&para.text);
}

/// The ids of `word/styles.xml`'s paragraph styles that are titles or
/// headings: named `heading …`/`Title`/`标题…`, or with an outline level.
fn heading_styles(reader: &mut PartReader<'_>) -> Result<FxHashSet<String>, Failed> {
    let mut out = FxHashSet::default();
    let mut buf = Vec::new();
    // The paragraph style being read, and whether it is a heading.
    let mut style: Option<(String, bool)> = None;
    let mut depth = 0usize;
    loop {
        buf.clear();
        let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
        let w = matches!(&ns, ResolveResult::Bound(n) if W_NS.contains(&n.0));
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match &event {
            Event::Start(e) | Event::Empty(e) if w => match e.local_name().as_ref() {
                "style" => {
                    style = (attr(e, "type").as_deref() == Some("paragraph"))
                        .then(|| attr(e, "styleId"))
                        .flatten()
                        .map(|id| (id, false));
                    if matches!(event, Event::Empty(_)) {
                        style = None;
                    }
                }
                "name" => {
                    if let (Some((_, heading)), Some(name)) = (style.as_mut(), val(e)) {
                        *heading |= heading_id(&name);
                    }
                }
                "outlineLvl" => {
                    if let Some((_, heading)) = style.as_mut() {
                        *heading |= val(e)
                            .and_then(|v| v.trim().parse::<u8>().ok())
                            .is_some_and(|l| l < 9);
                    }
                }
                _ => {}
            },
            Event::End(e) if w && e.local_name().as_ref() == "style" => {
                if let Some((id, true)) = style.take() {
                    out.insert(id);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    ends_closed(depth)?;
    Ok(out)
}

/// Reads `docProps/core.xml` into `meta`: title, author, date and a few
/// other fields, where they are not empty.
fn core_properties(reader: &mut PartReader<'_>, meta: &mut super::Meta) -> Result<(), Failed> {
    let mut buf = Vec::new();
    let mut depth = 0usize;
    // The field being read (a child of the root) and its text so far.
    let mut field: Option<(&'static str, String)> = None;
    loop {
        buf.clear();
        let (_, event) = reader.read_resolved_event_into(&mut buf)?;
        match &event {
            Event::Start(e) => {
                depth += 1;
                if depth == 2 {
                    field = match e.local_name().as_ref() {
                        "title" => Some(("title", String::new())),
                        "creator" => Some(("author", String::new())),
                        "created" => Some(("date", String::new())),
                        "subject" => Some(("subject", String::new())),
                        "description" => Some(("description", String::new())),
                        "keywords" => Some(("keywords", String::new())),
                        _ => None,
                    };
                }
            }
            Event::End(_) => {
                if depth == 2
                    && let Some((key, value)) = field.take()
                {
                    meta.set(key, &value);
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(e) => {
                if let Some((_, value)) = field.as_mut() {
                    value.push_str(&e.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, value)) = field.as_mut() {
                    value.push_str(&reference(r)?);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    ends_closed(depth)
}

/// An error when a part ends inside `depth` open elements.
fn ends_closed(depth: usize) -> Result<(), Failed> {
    if depth > 0 {
        return Err(Failed::Ill("the file ends inside an element".into()));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;
    use crate::corpus::{Skipped, read_corpus, read_file_bytes};
    use crate::params::{Checked, ParamGuard};

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    /// A zip archive holding `parts` (name, contents), deflated.
    pub(crate) fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// A `word/document.xml` whose body is `body`.
    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    /// A paragraph of one run of `text`, in the style `style` if any.
    fn p(style: Option<&str>, text: &str) -> String {
        let ppr = style.map_or(String::new(), |s| {
            format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
        });
        format!("<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn read_docx(parts: &[(&str, &[u8])]) -> Result<Document, ReadError> {
        read_with(parts, &Checked::default())
    }

    fn read_with(
        parts: &[(&str, &[u8])],
        params: &Checked<ReadParams>,
    ) -> Result<Document, ReadError> {
        let (mut docs, skipped) = read_file_bytes(Path::new("稿.docx"), zip_of(parts), params)?;
        assert!(skipped.is_empty());
        assert_eq!(docs.len(), 1);
        Ok(docs.remove(0))
    }

    fn reason(r: Result<Document, ReadError>) -> String {
        r.map(|d| d.text).unwrap_err().to_skipped().reason
    }

    #[test]
    fn body_paragraphs_runs_tabs_breaks_tables_and_revisions() {
        let body = [
            p(Some("Title"), "工业互联网平台"),
            // A run split mid-word, a tab, a line break, an entity, an
            // inserted and a deleted revision, a field's code and result.
            concat!(
                r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>"#,
                "<w:r><w:t>青岛推动工业互</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>联网</w:t></w:r>",
                "<w:r><w:tab/><w:t xml:space=\"preserve\">平台 &amp; 建设</w:t><w:br/><w:t>第二行</w:t></w:r>",
                r#"<w:ins w:id="1"><w:r><w:t>，新增</w:t></w:r></w:ins>"#,
                r#"<w:del w:id="2"><w:r><w:delText>删去的字</w:delText></w:r></w:del>"#,
                r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"#,
                r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>。</w:t></w:r>"#,
                r#"<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
            )
            .to_string(),
            "<w:p/><w:p><w:r><w:t xml:space=\"preserve\">  </w:t></w:r></w:p>".to_string(),
            p(Some("Heading2"), "一、背景"),
            // A table of two cells, the second with two paragraphs.
            format!(
                "<w:tbl><w:tblPr/><w:tr><w:tc>{}</w:tc><w:tc>{}{}</w:tc></w:tr></w:tbl>",
                p(None, "单元格一"),
                p(None, "单元格二"),
                p(None, "第二段")
            ),
            // A text box, written twice as Word writes it: left out.
            concat!(
                "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">",
                "<w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing>",
                "</mc:Choice><mc:Fallback><w:pict><w:t>文本框</w:t></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
                "<w:r><w:t>结束</w:t></w:r></w:p>",
            )
            .to_string(),
        ]
        .concat();
        let d = read_docx(&[(DOCUMENT_XML, document(&body).as_bytes())]).unwrap();
        assert_eq!(
            d.text,
            "工业互联网平台\n\n青岛推动工业互联网\t平台 & 建设\n第二行，新增。\n\n一、背景\n\n单元格一\n\n单元格二\n\n第二段\n\n正文结束"
        );
        assert_eq!(d.format, Format::Docx);
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.meta.title.as_deref(), Some("工业互联网平台"));
        assert_eq!(
            d.excluded,
            vec![Excluded {
                span: Span::new(0, 7),
                reason: Exclusion::Header
            }]
        );
        assert!(d.meta.warnings.is_empty());
    }

    #[test]
    fn metadata_from_core_and_headings_from_styles() {
        let core = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>论文 &amp; 初稿</dc:title><dc:creator>张三</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">2024-05-06T07:08:00Z</dcterms:created></cp:coreProperties>"#;
        // Chinese Word names heading styles by number; styles.xml says what they are.
        let styles = format!(
            r#"<w:styles {NS}><w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="7"><w:name w:val="章节"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>"#
        );
        let body = [
            p(Some("a"), "引言正文。"),
            p(Some("1"), "第一章 绪论"),
            p(Some("7"), "1.1 研究背景"),
            // An outline level of the paragraph's own; 9 is body text.
            r#"<w:p><w:pPr><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>"#
                .to_string(),
        ]
        .concat();
        let doc = document(&body);
        let d = read_docx(&[
            (DOCUMENT_XML, doc.as_bytes()),
            (STYLES_XML, styles.as_bytes()),
            (CORE_XML, core.as_bytes()),
        ])
        .unwrap();
        assert_eq!(d.text, "引言正文。\n\n第一章 绪论\n\n1.1 研究背景\n\n正文");
        assert_eq!(d.meta.title.as_deref(), Some("论文 & 初稿"));
        assert_eq!(d.meta.author.as_deref(), Some("张三"));
        assert_eq!(d.meta.date.as_deref(), Some("2024-05-06"));
        // A heading that does not open the document stays body.
        assert!(d.excluded.is_empty());

        // Without core.xml the first heading is the title, found by the
        // style's definition; without styles.xml the id "1" says nothing.
        let d = read_docx(&[
            (DOCUMENT_XML, doc.as_bytes()),
            (STYLES_XML, styles.as_bytes()),
        ])
        .unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("第一章 绪论"));
        let d = read_docx(&[(DOCUMENT_XML, doc.as_bytes())]).unwrap();
        assert_eq!(d.meta.title, None);
        let own = document(
            r#"<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>大纲</w:t></w:r><w:r><w:br/><w:t>标题</w:t></w:r></w:p>"#,
        );
        let d = read_docx(&[(DOCUMENT_XML, own.as_bytes())]).unwrap();
        assert_eq!(d.meta.title.as_deref(), Some("大纲 标题"));
        assert_eq!(d.excluded[0].span, Span::new(0, 5));

        // Broken styles.xml or core.xml cost only headings or metadata.
        let d = read_docx(&[
            (DOCUMENT_XML, doc.as_bytes()),
            (STYLES_XML, b"<w:styles><a></b></w:styles>"),
            (CORE_XML, b"<cp:coreProperties><dc:title>x</dc:title>"),
        ])
        .unwrap();
        assert_eq!(d.text, "引言正文。\n\n第一章 绪论\n\n1.1 研究背景\n\n正文");
        assert_eq!(d.meta.warnings.len(), 2, "{:?}", d.meta.warnings);
        assert!(d.meta.warnings[0].starts_with("word/styles.xml: malformed XML"));
    }

    #[test]
    fn what_is_not_a_word_document_is_refused_with_a_reason() {
        let params = Checked::default();
        let not_zip = read_file_bytes(Path::new("a.docx"), b"just text".to_vec(), &params);
        let r = not_zip.unwrap_err().to_skipped().reason;
        assert!(
            r.starts_with("not a .docx (Word) file: not a zip archive"),
            "{r}"
        );

        let r = reason(read_docx(&[("word/other.xml", b"<x/>")]));
        assert_eq!(
            r,
            "not a Word document: the archive has no word/document.xml"
        );

        for (xml, want) in [
            (
                document("<w:p><w:r><w:t>文</w:r></w:p>"),
                "word/document.xml: malformed XML at byte",
            ),
            (
                "<w:document><w:body><w:p>".to_string(),
                "word/document.xml: malformed XML: the file ends inside an element",
            ),
            (
                "".to_string(),
                "word/document.xml: malformed XML: no root element",
            ),
            (
                document("<w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p>"),
                "word/document.xml: malformed XML: unknown entity &nbsp;",
            ),
            (
                document("<w:p><w:r><w:t>&#0;</w:t></w:r></w:p>"),
                "word/document.xml: malformed XML at byte",
            ),
        ] {
            let r = reason(read_docx(&[(DOCUMENT_XML, xml.as_bytes())]));
            assert!(r.starts_with(want), "{r}");
        }
        // Not UTF-8.
        let mut bad = document("<w:p><w:r><w:t>X</w:t></w:r></w:p>").into_bytes();
        let x = bad.iter().position(|&b| b == b'X').unwrap();
        bad[x] = 0xff;
        let r = reason(read_docx(&[(DOCUMENT_XML, &bad)]));
        assert!(
            r.starts_with("word/document.xml: malformed XML at byte"),
            "{r}"
        );
    }

    #[test]
    fn a_zip_bomb_stops_at_the_limit() {
        // 80 MiB of spaces inflate from about 80 KiB: past the 64 MiB a part may hold.
        let mut xml = format!("<w:document {NS}><w:body>").into_bytes();
        xml.resize(80 << 20, b' ');
        let r = reason(read_docx(&[(DOCUMENT_XML, &xml)]));
        assert_eq!(
            r,
            "word/document.xml: too large: inflates past 64 MiB (a zip bomb?)"
        );
        // Under a low file limit, the part limit follows it.
        let params = ReadParams { max_file_mib: 1 }.check().unwrap();
        xml.truncate(2 << 20);
        let r = reason(read_with(&[(DOCUMENT_XML, &xml)], &params));
        assert_eq!(
            r,
            "word/document.xml: too large: inflates past 1 MiB (a zip bomb?)"
        );
        // Text past the document limit, from XML under the part limit.
        let text = "字".repeat((16 << 20) / 3 + 1);
        let xml = document(&format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"));
        let r = reason(read_docx(&[(DOCUMENT_XML, xml.as_bytes())]));
        assert_eq!(
            r,
            "too large: over the limit of 16 MiB of text per document"
        );
        // An archive over the part limit is refused before it is opened.
        let r = read_file_bytes(Path::new("a.docx"), vec![0; (1 << 20) + 1], &params)
            .unwrap_err()
            .to_skipped()
            .reason;
        assert_eq!(r, "too large: over the limit of 1 MiB per .docx file");
    }

    #[test]
    fn a_bad_docx_in_a_folder_drops_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let good = document(&p(None, "青岛推动工业互联网平台建设。"));
        std::fs::write(
            tmp.path().join("a.DOCX"),
            zip_of(&[(DOCUMENT_XML, good.as_bytes())]),
        )
        .unwrap();
        std::fs::write(tmp.path().join("b.docx"), b"PK\x03\x04 broken").unwrap();
        std::fs::write(tmp.path().join("c.txt"), "正文。").unwrap();
        let corpus = read_corpus(&[tmp.path().to_path_buf()], &Checked::default());
        let texts: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["青岛推动工业互联网平台建设。", "正文。"]);
        let Skipped { path, reason, .. } = &corpus.skipped[0];
        assert_eq!(corpus.skipped.len(), 1);
        assert!(path.ends_with("b.docx"));
        assert!(reason.starts_with("not a .docx (Word) file"), "{reason}");
    }
}
