using System.Globalization;

namespace Studio.Data.Storage;

/// <summary>Opaque page cursors: an offset for small listings, a record id for append-only logs.</summary>
internal static class Cursor
{
    public static int Offset(string? cursor) =>
        cursor is null ? 0
        : int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset >= 0 ? offset
        : throw new ArgumentException($"not a page cursor: '{cursor}'", nameof(cursor));

    public static long Id(string? cursor) =>
        cursor is null ? long.MaxValue
        : long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id
        : throw new ArgumentException($"not a page cursor: '{cursor}'", nameof(cursor));

    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static int Take(int take, int max = 1000) =>
        take is > 0 ? Math.Min(take, max) : throw new ArgumentOutOfRangeException(nameof(take), take, "take must be positive");

    /// <summary>Pages an in-memory sequence with an offset cursor.</summary>
    public static Page<T> PageOf<T>(IEnumerable<T> items, string? after, int take)
    {
        var offset = Offset(after);
        take = Take(take);
        var window = items.Skip(offset).Take(take + 1).ToList();
        var more = window.Count > take;
        if (more)
        {
            window.RemoveAt(take);
        }
        return new Page<T>(window, more ? Of(offset + take) : null);
    }
}
