namespace Studio.Data.Storage;

/// <summary>
/// LiteDB's data file. LiteDB flushes a stream it was handed with <see cref="Flush()"/> — which for a
/// <see cref="FileStream"/> only empties .NET's buffer — so this one goes to the disk: the checkpoint that copies
/// the log into the data file must be durable before the log is emptied. LiteDB flushes it once per checkpoint.
/// Before anything is written here, <see cref="BeforeWrite"/> makes every commit durable in the log
/// (<see cref="LogFileStream.ConfirmAll"/>): what a checkpoint copies must be recoverable from the log if it is cut short.
/// </summary>
internal sealed class DataFileStream(string path)
    : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess)
{
    public Action? BeforeWrite { get; set; }

    public override void Flush() => Flush(flushToDisk: true);

    public override void Write(byte[] buffer, int offset, int count)
    {
        BeforeWrite?.Invoke();
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        BeforeWrite?.Invoke();
        base.Write(buffer);
    }
}
