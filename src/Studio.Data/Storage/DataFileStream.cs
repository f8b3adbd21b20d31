namespace Studio.Data.Storage;

/// <summary>
/// LiteDB's data file. LiteDB flushes a stream it was handed with <see cref="Flush()"/> — which for a
/// <see cref="FileStream"/> only empties .NET's buffer — so this one goes to the disk: the checkpoint that copies
/// the log into the data file must be durable before the log is emptied. LiteDB flushes it once per checkpoint.
/// </summary>
internal sealed class DataFileStream(string path)
    : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess)
{
    public override void Flush() => Flush(flushToDisk: true);
}
