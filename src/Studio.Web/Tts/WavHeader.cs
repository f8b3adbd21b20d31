using System.Buffers.Binary;
using System.Text;

namespace Studio.Web.Tts;

/// <summary>
/// RIFF/WAVE bookkeeping. espeak-ng writing to a pipe cannot seek back, so it leaves placeholder sizes
/// (0x7FFFF000) in the header; browsers then wait for audio that never comes or refuse to seek. The sizes are
/// set to the real ones before a file is cached or served.
/// </summary>
public static class WavHeader
{
    public static bool IsWave(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WAVE"u8);

    /// <summary>Sets the RIFF size and the data chunk's size from the buffer's length; false when it is not a WAVE file.</summary>
    public static bool FixSizes(Span<byte> bytes)
    {
        if (!IsWave(bytes))
        {
            return false;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(4, 4), (uint)(bytes.Length - 8));
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = bytes.Slice(offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(offset + 4, 4));
            if (id.SequenceEqual("data"u8))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(offset + 4, 4), (uint)(bytes.Length - offset - 8));
                return true;
            }
            offset += 8 + (int)Math.Min(size + (size & 1), (uint)bytes.Length);
        }
        return false;
    }

    /// <summary>The declared data size (for tests and diagnostics); -1 without a data chunk.</summary>
    public static long DataSize(ReadOnlySpan<byte> bytes)
    {
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(offset + 4, 4));
            if (bytes.Slice(offset, 4).SequenceEqual("data"u8))
            {
                return size;
            }
            offset += 8 + (int)Math.Min(size + (size & 1), (uint)bytes.Length);
        }
        return -1;
    }

    public static string Describe(ReadOnlySpan<byte> bytes) =>
        bytes.Length < 4 ? $"{bytes.Length} bytes" : $"{bytes.Length} bytes starting '{Encoding.ASCII.GetString(bytes[..4])}'";
}
