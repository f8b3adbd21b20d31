using System.Text;
using Studio.Core.Scripts;

namespace Studio.Core.Experiments;

/// <summary>
/// Sticky arm assignment: a stable hash of (experiment, member id) picks the arm, so a member lands
/// in the same arm on every channel, retry and process — no stored randomness needed.
/// </summary>
public static class ArmAllocator
{
    /// <summary>Resolution of the weight buckets (0.01 %).</summary>
    private const int Buckets = 10_000;

    public static string Assign(string experiment, string unitId, IReadOnlyList<Arm> arms)
    {
        if (arms.Count == 0)
        {
            throw new ArgumentException("a split needs at least one arm", nameof(arms));
        }
        var total = arms.Sum(a => Math.Max(0, a.Weight));
        if (total <= 0)
        {
            return arms[0].Id;
        }
        var point = Bucket(experiment, unitId) * total / Buckets;
        var cumulative = 0.0;
        foreach (var arm in arms)
        {
            cumulative += Math.Max(0, arm.Weight);
            if (point < cumulative)
            {
                return arm.Id;
            }
        }
        return arms[^1].Id;
    }

    /// <summary>The unit's bucket in [0, 10000) for the experiment.</summary>
    public static int Bucket(string experiment, string unitId) =>
        (int)(StableHash.Of(experiment, unitId) % Buckets);
}

/// <summary>FNV-1a over UTF-8 with a SplitMix64 finaliser: the same value in every process and runtime.</summary>
public static class StableHash
{
    public static ulong Of(string a, string b)
    {
        var hash = 14695981039346656037UL;
        hash = Mix(hash, a);
        hash = (hash ^ 0x1F) * 1099511628211UL;
        hash = Mix(hash, b);
        return Finalise(hash);
    }

    public static ulong Of(ulong seed, string text, int salt) =>
        Finalise(Mix((seed ^ (ulong)salt * 0x9E3779B97F4A7C15UL) * 1099511628211UL + 14695981039346656037UL, text));

    private static ulong Mix(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }

    private static ulong Finalise(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
