using System.Diagnostics.Metrics;

namespace Studio.Data.Storage;

/// <summary>The storage layer's instruments (meter <see cref="StudioDatabase.MeterName"/>, on /metrics and in the load bench).</summary>
internal static class StorageMetrics
{
    private static readonly Meter Meter = new(StudioDatabase.MeterName);

    public static readonly Histogram<int> BatchItems = Meter.CreateHistogram<int>("studio.db.batch.items", description: "Writes committed together in one transaction");

    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("studio.db.commit.duration", "ms", "Time to run and durably commit one batch (incl. the fsyncs)");

    public static readonly Counter<double> WriterBusy = Meter.CreateCounter<double>("studio.db.writer.busy", "ms", "Time the writer thread spent running, committing and syncing (not waiting for work)");

    public static readonly Counter<long> LogPages = Meter.CreateCounter<long>("studio.db.log.pages", description: "Pages appended to the database log");

    public static readonly Histogram<double> CheckpointDuration = Meter.CreateHistogram<double>("studio.db.checkpoint.duration", "ms", "Copies of the log into the data file (writes wait meanwhile)");

    public static readonly Counter<long> CheckpointFailures = Meter.CreateCounter<long>("studio.db.checkpoint.failures", description: "Checkpoints that failed (the log keeps every commit; retried after the next batch)");

    public static readonly Histogram<double> LogSyncDuration = Meter.CreateHistogram<double>("studio.db.log.sync.duration", "ms", "fsyncs of the database log (one per batch under load, two for a batch alone) and how long each took");
}
