"""Near-duplicate pairs of a chachong sign folder, on Apache Spark.

Takes a folder written by `chachong sign` (every shard of it, on storage
every executor reads) and gives the verified near-duplicate pairs, as
`chachong verify` writes them, in OUT/pairs (text part files, one JSON
object a line) with Spark's `_SUCCESS` marker, and OUT/summary.json (the
counts of each stage). `chachong dups --engine spark` runs this job and
turns its pairs into the `near_duplicates` JSON of `--engine local`;
clusters are made there, from the pairs.

Spark does only what needs a cluster; every per-document and per-pair
computation stays in Rust:

1. LSH candidates: the band rows grouped by (band, key). A bucket of at
   most `max_bucket` documents gives every pair of its members; a larger one
   (a mass reprint, or boilerplate every page of a site carries) gives only
   the pairs of its first document (the smallest place) with each other
   member, as `lsh::candidates` does locally, so a bucket of m documents
   costs m - 1 pairs, not m (m - 1) / 2, and its members stay connected
   through the first one.
2. Containment candidates: the sample rows without the shingles held by
   more than `boilerplate_df` documents (consistent sampling keeps a hash in
   every set holding it, so its count here is its count in the corpus), then
   for each pair the sampled shingles the smaller document (fewer shingles,
   then the smaller place) shares with the larger, kept when they reach
   `min_shared` of the smaller's sample, read from the table `sign` wrote.
3. The candidates, deduplicated, joined with both documents' matchable
   text, and piped partition by partition through `chachong verify`
   (RDD.pipe, a non-zero exit fails the task: Spark retries it, then fails
   the job).

A failed job writes no `_SUCCESS`; the caller must not read OUT/pairs
without it.

Run: spark-submit chachong_dups.py --sign DIR --out DIR --chachong PATH
"""

import argparse
import json
import shlex
import sys
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sign", required=True, help="folder written by chachong sign")
    p.add_argument("--out", required=True, help="folder for pairs and summary (must not exist)")
    p.add_argument(
        "--chachong",
        required=True,
        help="the chachong binary as every executor sees it",
    )
    p.add_argument(
        "--partitions",
        type=int,
        default=0,
        help="partitions of the candidate pairs piped to verify (default: Spark's)",
    )
    p.add_argument(
        "--stages",
        action="store_true",
        help="run the stages one by one and time each (slower: for benchmarks)",
    )
    return p.parse_args(argv)


def shard_infos(spark, sign):
    """Every shard's sign-I-of-N.json, checked to be one whole signing:
    the settings (as parsed JSON), the longest min_shared table, the count
    of shards and the first place of each (see first_places)."""
    files = spark.sparkContext.wholeTextFiles(f"{sign}/sign-*-of-*.json").collect()
    infos = [json.loads(text) for _, text in files]
    if not infos:
        sys.exit(f"chachong job: {sign} holds no sign-I-of-N.json")
    count = infos[0]["shard"]["count"]
    settings = infos[0]["settings"]
    got = sorted(i["shard"]["index"] for i in infos)
    batch_files = infos[0].get("batch_files")
    if got != list(range(count)) or any(
        i["shard"]["count"] != count
        or i["settings"] != settings
        or i.get("batch_files") != batch_files
        for i in infos
    ):
        sys.exit(
            f"chachong job: {sign} is not one whole signing "
            f"(shards {got} of {count}, or mixed settings)"
        )
    need = max((i["min_shared"] for i in infos), key=len)
    infos.sort(key=lambda i: i["shard"]["index"])
    return settings, need, count, first_places(infos)


def first_places(infos):
    """The first place of each shard, to add to the places its files hold:
    0 for shards by place; for batches (each signed without knowing the
    batches before it, so that machines sign them at once, counting places
    from 0) the documents of the batches before, as dir::first_places."""
    firsts, start = [], 0
    for i in infos:
        if i.get("batch_files") is None:
            firsts.append(0)
        else:
            firsts.append(start)
            start += i["documents"]
    return firsts


def lsh_candidates(bands, max_bucket):
    """Pairs (a < b) of documents sharing a band key; capped buckets pair
    their first document with each other member."""
    buckets = bands.groupBy("band", "key").agg(
        F.count("*").alias("size"), F.min("doc").alias("first")
    )
    keyed = bands.join(buckets, ["band", "key"])
    small = keyed.where(F.col("size") <= max_bucket).select("band", "key", "doc")
    x, y = small.alias("x"), small.alias("y")
    within = x.join(
        y,
        (F.col("x.band") == F.col("y.band"))
        & (F.col("x.key") == F.col("y.key"))
        & (F.col("x.doc") < F.col("y.doc")),
    ).select(F.col("x.doc").alias("a"), F.col("y.doc").alias("b"))
    capped = keyed.where(
        (F.col("size") > max_bucket) & (F.col("doc") != F.col("first"))
    ).select(F.col("first").alias("a"), F.col("doc").alias("b"))
    return within.unionByName(capped), buckets


def containment_candidates(spark, sample, sizes, boilerplate_df, need):
    """Pairs (a < b) whose sampled distinct shingles say the smaller is
    mostly inside the larger."""
    df = sample.groupBy("shingle").agg(F.count("*").alias("df"))
    kept = sample.join(df.where(F.col("df") <= boilerplate_df), "shingle").select(
        "doc", "shingle"
    )
    kept = kept.join(sizes, "doc")
    lengths = kept.groupBy("doc").agg(F.count("*").alias("sampled"))
    table = spark.createDataFrame(
        [(i, n) for i, n in enumerate(need)], "sampled long, need long"
    )
    needs = lengths.join(F.broadcast(table), "sampled").select("doc", "need")
    x, y = kept.alias("x"), kept.alias("y")
    larger = (F.col("y.shingles") > F.col("x.shingles")) | (
        (F.col("y.shingles") == F.col("x.shingles")) & (F.col("y.doc") > F.col("x.doc"))
    )
    shared = (
        x.join(y, (F.col("x.shingle") == F.col("y.shingle")) & larger)
        .groupBy(F.col("x.doc").alias("inside"), F.col("y.doc").alias("within"))
        .agg(F.count("*").alias("shared"))
    )
    hits = shared.join(needs, shared.inside == needs.doc).where(
        F.col("shared") >= F.col("need")
    )
    return hits.select(
        F.least("inside", "within").alias("a"), F.greatest("inside", "within").alias("b")
    )


def main(argv):
    args = parse_args(argv)
    spark = SparkSession.builder.appName("chachong dups").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    times = {}
    clock = [time.monotonic()]

    def lap(name, frame=None):
        """With --stages, materialises `frame` and times the stage."""
        if not args.stages:
            return frame, None
        if frame is not None:
            frame = frame.persist()
            n = frame.count()
        else:
            n = None
        now = time.monotonic()
        times[name] = round(now - clock[0], 3)
        clock[0] = now
        return frame, n

    settings, need, count, firsts = shard_infos(spark, args.sign)

    def table(name):
        """Every shard's file of one table, named (a glob makes Spark warn),
        its places moved up by the shard's first place."""
        names = [f"{name}-{i}-of-{count}.parquet" for i in range(count)]
        frame = spark.read.parquet(*[f"{args.sign}/{n}" for n in names])
        if not any(firsts):
            return frame
        offsets = spark.createDataFrame(
            list(zip(names, firsts)), "file string, first long"
        )
        placed = frame.withColumn("file", F.col("_metadata.file_name")).join(
            F.broadcast(offsets), "file"
        )
        return placed.select(
            *[
                (F.col("doc") + F.col("first")).alias("doc") if c == "doc" else c
                for c in frame.columns
            ]
        )

    docs = table("documents")
    bands = table("bands")
    sample = table("sample")
    sizes = docs.where(F.col("shingles") > 0).select("doc", "shingles")

    lsh, buckets = lsh_candidates(bands, settings["max_bucket"])
    lsh, lsh_n = lap("lsh_candidates", lsh)
    contained = containment_candidates(
        spark, sample, sizes, settings["boilerplate_df"], need
    )
    contained, contained_n = lap("containment_candidates", contained)
    candidates = lsh.unionByName(contained).distinct()
    if args.partitions > 0:
        candidates = candidates.repartition(args.partitions)
    candidates, candidates_n = lap("candidates", candidates)

    side = docs.select("doc", "id", "matchable", "words")
    sa = side.select([F.col(c).alias(f"a_{c}") for c in side.columns])
    sb = side.select([F.col(c).alias(f"b_{c}") for c in side.columns])
    lines = (
        candidates.join(sa, candidates.a == sa.a_doc)
        .join(sb, candidates.b == sb.b_doc)
        .select(
            F.to_json(
                F.struct(
                    F.struct(
                        F.col("a_doc").alias("doc"),
                        F.col("a_id").alias("id"),
                        F.col("a_matchable").alias("matchable"),
                        F.col("a_words").alias("words"),
                    ).alias("a"),
                    F.struct(
                        F.col("b_doc").alias("doc"),
                        F.col("b_id").alias("id"),
                        F.col("b_matchable").alias("matchable"),
                        F.col("b_words").alias("words"),
                    ).alias("b"),
                )
            ).alias("line")
        )
    )
    command = " ".join(
        shlex.quote(a)
        for a in [args.chachong, "verify", "--settings", json.dumps(settings)]
    )
    verified = lines.rdd.map(lambda r: r.line).pipe(command, checkCode=True)
    verified = verified.persist()
    pairs = verified.count()
    verified.saveAsTextFile(f"{args.out}/pairs")
    lap("verify")
    summary = {"pairs": pairs}
    if args.stages:
        cap = settings["max_bucket"]
        shared = buckets.where(F.col("size") > 1)
        every = F.col("size") * (F.col("size") - 1) / 2
        row = shared.agg(
            F.count("*").alias("shared_buckets"),
            F.sum((F.col("size") > cap).cast("long")).alias("capped_buckets"),
            F.max("size").alias("largest_bucket"),
            F.sum(every).cast("long").alias("pairs_uncapped"),
            F.sum(F.when(F.col("size") > cap, F.col("size") - 1).otherwise(every))
            .cast("long")
            .alias("pairs_capped"),
        ).collect()[0]
        summary.update(
            lsh_candidates=lsh_n,
            containment_candidates=contained_n,
            candidates=candidates_n,
            max_bucket=cap,
            seconds=times,
            **row.asDict(),
        )
    spark.sparkContext.parallelize([json.dumps(summary)], 1).saveAsTextFile(
        f"{args.out}/summary"
    )
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
