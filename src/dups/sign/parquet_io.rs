//! The rows of [`super`] as Parquet files, and back.
//!
//! Takes [`DocumentRow`]s, [`BandRow`]s and [`SampleRow`]s and writes one
//! file of each (zstd, row groups of [`BATCH`] rows); reads them back,
//! checking the columns. Integers are signed 64-bit (`doc`, `key`,
//! `shingle`: hashes bit-cast from `u64`), since Spark reads unsigned
//! Parquet integers as decimals; `band` is a 32-bit integer.
//!
//! The readers are safe on any bytes only as far as the parquet crate
//! is: a panic in it is the file's error ([`guarded`]), but a damaged
//! page header can make it spin (a list of billions of empty items), so
//! callers read only files [`super::dir::checked_file`] found as signed.
//!
//! Columns: documents `doc, id, title, date, chars, body_chars, shingles,
//! matchable, words` (`shingles` the size of the full shingle set, 0
//! when the document takes no part; `matchable` the matchable characters
//! and `words` the term words, one of them set when it takes part); bands `doc,
//! band, key`; sample `doc, shingle`.

use std::cell::Cell;
use std::fs::File;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};

use arrow_array::builder::{Int32Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::{Array, ArrayRef, Int32Array, Int64Array, ListArray, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::ParquetMetaData;
use parquet::file::properties::WriterProperties;

use super::{BandRow, DocumentRow, SampleRow, Units};

/// Rows a batch (and at most a row group) holds.
pub const BATCH: usize = 8192;

/// A file that could not be written or read, or does not hold the
/// columns expected.
#[derive(Debug, thiserror::Error)]
#[error("{}: {msg}", path.display())]
pub struct FileError {
    pub path: PathBuf,
    pub msg: String,
}

fn err(path: &Path) -> impl Fn(String) -> FileError + '_ {
    move |msg| FileError {
        path: path.to_path_buf(),
        msg,
    }
}

fn documents_schema() -> SchemaRef {
    let list = DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)));
    Arc::new(Schema::new(vec![
        Field::new("doc", DataType::Int64, false),
        Field::new("id", DataType::Utf8, false),
        Field::new("title", DataType::Utf8, true),
        Field::new("date", DataType::Utf8, true),
        Field::new("chars", DataType::Int64, false),
        Field::new("body_chars", DataType::Int64, false),
        Field::new("shingles", DataType::Int64, false),
        Field::new("matchable", DataType::Utf8, true),
        Field::new("words", list, true),
    ]))
}

fn bands_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("doc", DataType::Int64, false),
        Field::new("band", DataType::Int32, false),
        Field::new("key", DataType::Int64, false),
    ]))
}

fn sample_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("doc", DataType::Int64, false),
        Field::new("shingle", DataType::Int64, false),
    ]))
}

/// Writes `rows` in batches of [`BATCH`], each made by `batch`.
fn write<T>(
    path: &Path,
    schema: SchemaRef,
    rows: &[T],
    batch: impl Fn(&[T]) -> Vec<ArrayRef>,
) -> Result<(), FileError> {
    let e = err(path);
    let file = File::create(path).map_err(|x| e(x.to_string()))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_max_row_group_row_count(Some(BATCH))
        .build();
    let handle = file.try_clone().map_err(|x| e(x.to_string()))?;
    let mut w =
        ArrowWriter::try_new(handle, schema.clone(), Some(props)).map_err(|x| e(x.to_string()))?;
    for chunk in rows.chunks(BATCH) {
        let b = RecordBatch::try_new(schema.clone(), batch(chunk)).map_err(|x| e(x.to_string()))?;
        w.write(&b).map_err(|x| e(x.to_string()))?;
    }
    // The footer, then the bytes on disk before the caller renames.
    w.close().map_err(|x| e(x.to_string()))?;
    file.sync_all().map_err(|x| e(x.to_string()))
}

/// Writes the documents file.
pub fn write_documents(path: &Path, rows: &[DocumentRow]) -> Result<(), FileError> {
    write(path, documents_schema(), rows, |rows| {
        let mut doc = Int64Builder::new();
        let mut id = StringBuilder::new();
        let mut title = StringBuilder::new();
        let mut date = StringBuilder::new();
        let mut chars = Int64Builder::new();
        let mut body = Int64Builder::new();
        let mut shingles = Int64Builder::new();
        let mut matchable = StringBuilder::new();
        let mut words = ListBuilder::new(StringBuilder::new());
        for r in rows {
            doc.append_value(r.doc.into());
            id.append_value(&r.id);
            title.append_option(r.title.as_deref());
            date.append_option(r.date.as_deref());
            chars.append_value(r.chars.into());
            body.append_value(r.body_chars.into());
            shingles.append_value(r.shingles.into());
            match &r.units {
                Some(Units::Chars(s)) => {
                    matchable.append_value(s);
                    words.append_null();
                }
                Some(Units::Words(ws)) => {
                    matchable.append_null();
                    for w in ws {
                        words.values().append_value(w);
                    }
                    words.append(true);
                }
                None => {
                    matchable.append_null();
                    words.append_null();
                }
            }
        }
        vec![
            Arc::new(doc.finish()),
            Arc::new(id.finish()),
            Arc::new(title.finish()),
            Arc::new(date.finish()),
            Arc::new(chars.finish()),
            Arc::new(body.finish()),
            Arc::new(shingles.finish()),
            Arc::new(matchable.finish()),
            Arc::new(words.finish()),
        ]
    })
}

/// Writes the bands file.
pub fn write_bands(path: &Path, rows: &[BandRow]) -> Result<(), FileError> {
    write(path, bands_schema(), rows, |rows| {
        let mut doc = Int64Builder::new();
        let mut band = Int32Builder::new();
        let mut key = Int64Builder::new();
        for r in rows {
            doc.append_value(r.doc.into());
            band.append_value(r.band as i32);
            key.append_value(r.key as i64);
        }
        vec![
            Arc::new(doc.finish()),
            Arc::new(band.finish()),
            Arc::new(key.finish()),
        ]
    })
}

/// Writes the sample file.
pub fn write_sample(path: &Path, rows: &[SampleRow]) -> Result<(), FileError> {
    write(path, sample_schema(), rows, |rows| {
        let mut doc = Int64Builder::new();
        let mut shingle = Int64Builder::new();
        for r in rows {
            doc.append_value(r.doc.into());
            shingle.append_value(r.shingle as i64);
        }
        vec![Arc::new(doc.finish()), Arc::new(shingle.finish())]
    })
}

/// Reads every batch of a file, only the columns of `schema` (any others
/// are not decoded), checking that it has them.
fn read<T>(
    path: &Path,
    schema: SchemaRef,
    mut each: impl FnMut(&RecordBatch, &mut Vec<T>) -> Result<(), String>,
) -> Result<Vec<T>, FileError> {
    let e = err(path);
    let file = File::open(path).map_err(|x| e(x.to_string()))?;
    let len = file.metadata().map_err(|x| e(x.to_string()))?.len();
    let builder = guarded(|| ParquetRecordBatchReaderBuilder::try_new(file)).map_err(&e)?;
    chunks_within(builder.metadata(), len).map_err(&e)?;
    let mask = ProjectionMask::columns(
        builder.parquet_schema(),
        schema.fields().iter().map(|f| f.name().as_str()),
    );
    let mut reader =
        guarded(|| builder.with_projection(mask).with_batch_size(BATCH).build()).map_err(&e)?;
    let mut out = Vec::new();
    while let Some(batch) = guarded(|| reader.next().transpose()).map_err(&e)? {
        for f in schema.fields() {
            let found = batch
                .schema()
                .field_with_name(f.name())
                .map(|g| g.data_type().clone());
            if found.as_ref().ok() != Some(f.data_type()) {
                return Err(e(format!(
                    "not a chachong sign file: column {} should be {}",
                    f.name(),
                    f.data_type()
                )));
            }
        }
        each(&batch, &mut out).map_err(&e)?;
    }
    Ok(out)
}

thread_local! {
    /// Set while [`guarded`] runs the parquet crate on this thread.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, a call decoding a file's bytes in the parquet crate, with a
/// panic in it turned into the file's error. The crate is not panic-free
/// on malformed pages: the fuzz target `sign_files` found a page that
/// claims no values dividing by zero (`byte_array.rs:391` in 60.1, the
/// newest release), and apache/arrow-rs#11121 is another; a sign file may
/// come damaged from another machine. The panic hook, chained once, stays
/// quiet for these panics only; any panic outside `f` is reported as
/// before. After a panic the reader `f` used is dropped, never read again.
fn guarded<T, E: std::fmt::Display>(f: impl FnOnce() -> Result<T, E>) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(false));
    match outcome {
        Ok(result) => result.map_err(|x| x.to_string()),
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!("damaged Parquet data: the reader failed ({why})"))
        }
    }
}

/// Checks that every column chunk the footer names lies within the file's
/// `len` bytes: the parquet reader asserts (panics) on a negative offset or
/// size, and a damaged or hostile footer may claim one.
fn chunks_within(meta: &ParquetMetaData, len: u64) -> Result<(), String> {
    for (g, group) in meta.row_groups().iter().enumerate() {
        for c in group.columns() {
            let start = c.dictionary_page_offset().unwrap_or(c.data_page_offset());
            let size = c.compressed_size();
            let within = u64::try_from(start)
                .ok()
                .zip(u64::try_from(size).ok())
                .and_then(|(start, size)| start.checked_add(size))
                .is_some_and(|end| end <= len)
                && c.data_page_offset() >= 0;
            if !within {
                return Err(format!(
                    "damaged Parquet footer: row group {g}, column {} claims bytes {start}+{size} of a {len}-byte file",
                    c.column_path()
                ));
            }
        }
    }
    Ok(())
}

/// Column `name` of `batch` as an array of type `A` (checked by [`read`]).
fn col<'b, A: Array + 'static>(batch: &'b RecordBatch, name: &str) -> Result<&'b A, String> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<A>())
        .ok_or_else(|| format!("column {name} is missing or of another type"))
}

/// A place read back from a file whose places count from `first`: a
/// non-negative 32-bit number.
fn place(v: i64, first: u32) -> Result<u32, String> {
    u32::try_from(v)
        .ok()
        .and_then(|p| p.checked_add(first))
        .ok_or_else(|| format!("document place {v} (from {first}) is out of range"))
}

fn count(v: i64, what: &str) -> Result<u32, String> {
    u32::try_from(v).map_err(|_| format!("{what} {v} is out of range"))
}

/// The columns of a documents batch that [`DocumentMeta`] is read from.
struct MetaColumns<'b> {
    first: u32,
    doc: &'b Int64Array,
    id: &'b StringArray,
    title: &'b StringArray,
    date: &'b StringArray,
    chars: &'b Int64Array,
    body: &'b Int64Array,
}

impl<'b> MetaColumns<'b> {
    fn of(b: &'b RecordBatch, first: u32) -> Result<Self, String> {
        Ok(MetaColumns {
            first,
            doc: col(b, "doc")?,
            id: col(b, "id")?,
            title: col(b, "title")?,
            date: col(b, "date")?,
            chars: col(b, "chars")?,
            body: col(b, "body_chars")?,
        })
    }

    /// The place of row `i`.
    fn place(&self, i: usize) -> Result<u32, String> {
        place(self.doc.value(i), self.first)
    }

    /// Row `i`.
    fn at(&self, i: usize) -> Result<DocumentMeta, String> {
        let opt = |a: &StringArray| a.is_valid(i).then(|| a.value(i).to_string());
        Ok(DocumentMeta {
            doc: self.place(i)?,
            id: self.id.value(i).to_string(),
            title: opt(self.title),
            date: opt(self.date),
            chars: count(self.chars.value(i), "chars")?,
            body_chars: count(self.body.value(i), "body_chars")?,
        })
    }
}

/// Reads a documents file whose places count from `first` (see
/// [`super::dir::first_places`]), keeping the rows whose place `keep`
/// accepts.
pub fn read_documents(
    path: &Path,
    first: u32,
    keep: impl Fn(u32) -> bool,
) -> Result<Vec<DocumentRow>, FileError> {
    read(path, documents_schema(), |b, out| {
        let meta = MetaColumns::of(b, first)?;
        let shingles = col::<Int64Array>(b, "shingles")?;
        let matchable = col::<StringArray>(b, "matchable")?;
        let words = col::<ListArray>(b, "words")?;
        for i in 0..b.num_rows() {
            if !keep(meta.place(i)?) {
                continue;
            }
            let units = if matchable.is_valid(i) {
                Some(Units::Chars(matchable.value(i).to_string()))
            } else if words.is_valid(i) {
                let list = words.value(i);
                let list = list
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .ok_or("column words is not a list of strings")?;
                Some(Units::Words(
                    (0..list.len()).map(|j| list.value(j).to_string()).collect(),
                ))
            } else {
                None
            };
            let m = meta.at(i)?;
            out.push(DocumentRow {
                doc: m.doc,
                id: m.id,
                title: m.title,
                date: m.date,
                chars: m.chars,
                body_chars: m.body_chars,
                shingles: count(shingles.value(i), "shingles")?,
                units,
            });
        }
        Ok(())
    })
}

/// What the output of `dups --engine spark` needs of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentMeta {
    pub doc: u32,
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub chars: u32,
    pub body_chars: u32,
}

/// Reads the [`DocumentMeta`] of every row of a documents file whose places
/// count from `first`, without decoding the matchable characters or words.
pub fn read_document_meta(path: &Path, first: u32) -> Result<Vec<DocumentMeta>, FileError> {
    let wanted = ["doc", "id", "title", "date", "chars", "body_chars"];
    let full = documents_schema();
    let fields: Vec<Field> = full
        .fields()
        .iter()
        .filter(|f| wanted.contains(&f.name().as_str()))
        .map(|f| f.as_ref().clone())
        .collect();
    read(path, Arc::new(Schema::new(fields)), |b, out| {
        let meta = MetaColumns::of(b, first)?;
        for i in 0..b.num_rows() {
            out.push(meta.at(i)?);
        }
        Ok(())
    })
}

/// Reads a bands file whose places count from `first`.
pub fn read_bands(path: &Path, first: u32) -> Result<Vec<BandRow>, FileError> {
    read(path, bands_schema(), |b, out| {
        let doc = col::<Int64Array>(b, "doc")?;
        let band = col::<Int32Array>(b, "band")?;
        let key = col::<Int64Array>(b, "key")?;
        for i in 0..b.num_rows() {
            out.push(BandRow {
                doc: place(doc.value(i), first)?,
                band: u32::try_from(band.value(i)).map_err(|_| "negative band".to_string())?,
                key: key.value(i) as u64,
            });
        }
        Ok(())
    })
}

/// Reads a sample file whose places count from `first`.
pub fn read_sample(path: &Path, first: u32) -> Result<Vec<SampleRow>, FileError> {
    read(path, sample_schema(), |b, out| {
        let doc = col::<Int64Array>(b, "doc")?;
        let shingle = col::<Int64Array>(b, "shingle")?;
        for i in 0..b.num_rows() {
            out.push(SampleRow {
                doc: place(doc.value(i), first)?,
                shingle: shingle.value(i) as u64,
            });
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use parquet::file::metadata::{ParquetMetaDataReader, ParquetMetaDataWriter};

    use super::*;

    /// A bands file whose footer is rewritten, saying its first column
    /// chunk starts at `offset` when one is given (the rest of the file as
    /// written).
    fn bands_file_with_offset(dir: &Path, offset: Option<i64>) -> PathBuf {
        let path = dir.join("bands.parquet");
        let rows: Vec<BandRow> = (0..10)
            .map(|doc| BandRow {
                doc,
                band: 1,
                key: u64::from(doc) * 7,
            })
            .collect();
        write_bands(&path, &rows).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let n = bytes.len();
        let footer = u32::from_le_bytes(bytes[n - 8..n - 4].try_into().unwrap()) as usize;
        let meta = ParquetMetaDataReader::new()
            .parse_and_finish(&File::open(&path).unwrap())
            .unwrap();
        let mut builder = meta.into_builder();
        let mut groups = builder.take_row_groups();
        let first = groups.remove(0);
        let mut columns = first.columns().to_vec();
        if let Some(offset) = offset {
            columns[0] = columns[0]
                .clone()
                .into_builder()
                .set_dictionary_page_offset(Some(offset))
                .build()
                .unwrap();
        }
        groups.insert(
            0,
            first
                .into_builder()
                .set_column_metadata(columns)
                .build()
                .unwrap(),
        );
        for g in groups {
            builder = builder.add_row_group(g);
        }
        let meta = builder.build();
        let mut out = bytes[..n - 8 - footer].to_vec();
        ParquetMetaDataWriter::new(&mut out, &meta)
            .finish()
            .unwrap();
        std::fs::write(&path, out).unwrap();
        path
    }

    #[test]
    fn a_footer_claiming_a_negative_column_offset_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = bands_file_with_offset(dir.path(), Some(-3));
        let e = read_bands(&path, 0).unwrap_err();
        assert_eq!(e.path, path);
        assert!(e.msg.contains("damaged Parquet footer"), "{e}");
        let path = bands_file_with_offset(dir.path(), Some(1 << 40));
        let e = read_bands(&path, 0).unwrap_err();
        assert!(e.msg.contains("damaged Parquet footer"), "{e}");
    }

    #[test]
    fn a_rewritten_footer_with_true_offsets_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = bands_file_with_offset(dir.path(), None);
        assert_eq!(read_bands(&path, 0).unwrap().len(), 10);
    }

    /// The documents file the fuzz target `sign_files` made: a data page
    /// claiming no values, on which the parquet crate divides by zero.
    #[test]
    fn a_page_the_parquet_reader_panics_on_is_an_error_naming_the_file() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sign/page-claiming-no-values.documents.parquet");
        let e = read_documents(&path, 0, |_| true).unwrap_err();
        assert_eq!(e.path, path);
        assert!(e.msg.contains("damaged Parquet data"), "{e}");
        let e = read_document_meta(&path, 0).unwrap_err();
        assert!(e.msg.contains("damaged Parquet data"), "{e}");
    }
}
