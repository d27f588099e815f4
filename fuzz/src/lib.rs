//! What the fuzz targets share: reading bytes as a file of a given kind and
//! checking the offset contract of every document read, a valid index of
//! the seed articles, a check of one draft against an index, the sign files
//! of the seeds, and byte edits of a valid file.

use std::path::Path;
use std::sync::LazyLock;

use chachong::Checked;
use chachong::check::check;
use chachong::clean::clean;
use chachong::corpus::{Document, read_corpus, read_file_bytes};
use chachong::index::format::Sections;
use chachong::index::{IndexData, IndexView, Snapshot};
use chachong::normalize::{check_offsets, normalize};
use chachong::segment::Segmenter;

/// Reads `bytes` as a file named `name` (the extension picks the reader)
/// and checks the offset contract of every document it gives. A reader may
/// refuse the bytes; it must not panic, hang or give a span off the text.
pub fn read_and_check(name: &str, bytes: &[u8]) -> Vec<Document> {
    let Ok((docs, _skipped)) =
        read_file_bytes(Path::new(name), bytes.to_vec(), &Default::default())
    else {
        return Vec::new();
    };
    for doc in &docs {
        let cleaned = clean(doc);
        let norm = normalize(doc, &cleaned, &Default::default());
        if let Err(e) = check_offsets(doc, &cleaned, &norm) {
            panic!("offset contract broken for {name}: {e}");
        }
    }
    docs
}

/// The seed articles, read once.
pub fn seeds() -> &'static [Document] {
    static SEEDS: LazyLock<Vec<Document>> = LazyLock::new(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
        let corpus = read_corpus(&[dir], &Default::default());
        assert!(corpus.documents.len() >= 5, "the seeds are missing");
        corpus.documents
    });
    &SEEDS
}

/// A valid index of the seed articles, built once.
pub fn seed_index() -> &'static [u8] {
    static INDEX: LazyLock<Vec<u8>> = LazyLock::new(|| {
        let corpus = chachong::corpus::Corpus {
            documents: seeds().to_vec(),
            skipped: Vec::new(),
        };
        IndexData::from_corpus(corpus, Segmenter::shared(), &Checked::default(), false)
            .to_bytes()
    });
    &INDEX
}

/// The sections `(kind, bytes)` of [`seed_index`], for structure-aware
/// mutation: kinds 1..=19 of the format.
pub fn seed_sections() -> &'static [(u32, Vec<u8>)] {
    static SECTIONS: LazyLock<Vec<(u32, Vec<u8>)>> = LazyLock::new(|| {
        let parsed = Sections::parse(seed_index()).expect("the seed index is valid");
        (1..=19)
            .filter_map(|k| Some((k, parsed.get(k).ok()?.all().ok()?.to_vec())))
            .collect()
    });
    &SECTIONS
}

/// A draft that copies two seeds in part, so checks reach alignment.
pub fn copying_draft() -> Document {
    let a = &seeds()[0].text;
    let b = &seeds()[4].text;
    let take = |s: &str, from: usize, n: usize| s.chars().skip(from).take(n).collect::<String>();
    let text = format!(
        "{}\n\n新写的一段。\n\n{}",
        take(a, 300, 400),
        take(b, 500, 300)
    );
    Document::new("draft", chachong::corpus::Format::Text, text)
}

/// Checks `draft` against the index in `bytes`, if the bytes are an index;
/// every document of the index is decoded too. Errors are fine, panics not.
pub fn check_against(bytes: &[u8], draft: Document) {
    let Ok(view) = IndexView::new(bytes) else {
        return;
    };
    for d in 0..view.len() as u32 {
        let _ = view.id(d);
        let _ = view.document(d);
    }
    let _ = check(&Snapshot::of_view(view), draft, None, &Checked::default());
}

/// `valid` edited by `data`, read as edits `(op, position, position,
/// value)`: overwrite a byte, insert one, or cut the text there. Edits of
/// a valid file reach deeper than random bytes, which a parser refuses at
/// its first check.
pub fn edited(valid: &[u8], data: &[u8]) -> Vec<u8> {
    let mut text = valid.to_vec();
    for edit in data.chunks(4) {
        let [op, p0, p1, v] = match *edit {
            [a, b, c, d] => [a, b, c, d],
            _ => break,
        };
        let at = usize::from(u16::from_le_bytes([p0, p1]));
        match op % 3 {
            0 if !text.is_empty() => {
                let i = at % text.len();
                text[i] = v;
            }
            1 => {
                let i = at % (text.len() + 1);
                text.insert(i, v);
            }
            _ => text.truncate(at % (text.len() + 1)),
        }
    }
    text
}

/// The seed articles signed whole with the default settings, in a folder
/// this process keeps (in the system temp directory): the folder, the
/// shard's record, and the bytes of its documents, bands and sample
/// Parquet files as signed.
pub struct SeedSignFolder {
    pub dir: std::path::PathBuf,
    pub info: chachong::dups::sign::dir::ShardInfo,
    pub files: [Vec<u8>; 3],
}

pub fn seed_sign_folder() -> &'static SeedSignFolder {
    use chachong::dups::sign::{self, Shard, dir};
    static FOLDER: LazyLock<SeedSignFolder> = LazyLock::new(|| {
        let corpus = chachong::corpus::Corpus {
            documents: seeds().to_vec(),
            skipped: Vec::new(),
        };
        let analysis =
            chachong::analyze::analyze(corpus, Segmenter::shared(), &Default::default());
        let params = Checked::default();
        let rows = sign::sign(&analysis, &params, Shard::WHOLE);
        let info = dir::ShardInfo {
            chachong: "fuzz".into(),
            settings: sign::SignSettings::of(&params),
            shard: Shard::WHOLE,
            documents: rows.documents.len(),
            taking_part: rows.documents.len(),
            bands: rows.bands.len(),
            sample: rows.sample.len(),
            min_shared: sign::min_shared_table(&rows, params.containment),
            batch_files: None,
            files: Vec::new(),
            crc32: [0; 3],
        };
        let out = std::env::temp_dir().join(format!("chachong-fuzz-sign-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        dir::write_shard(&out, &info, &rows).expect("the seeds sign");
        let info = dir::read_shards(&out).expect("the seeds read").1.remove(0);
        let read = |which| std::fs::read(dir::shard_file(&out, Shard::WHOLE, which)).unwrap();
        let files = [read(0), read(1), read(2)];
        SeedSignFolder {
            dir: out,
            info,
            files,
        }
    });
    &FOLDER
}
