using System.Security.Cryptography;
using System.Text;

namespace Studio.Nlu.Corpus;

/// <summary>
/// The built-in training corpus of the canonical system intents (seeds/nlu/zh-CN/system.tsv, embedded in the
/// assembly): colloquial replies members give to marketing calls and WeCom messages, written for this product.
/// </summary>
public static class SystemCorpus
{
    public const string ResourceName = "Studio.Nlu.Corpus.system.zh-CN.tsv";

    private static readonly Lazy<IReadOnlyList<LabeledExample>> Examples = new(Load);
    private static readonly Lazy<string> Digest = new(() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Tsv.Format(Examples.Value))).AsSpan(0, 8)));

    public static IReadOnlyList<LabeledExample> ZhCn => Examples.Value;

    /// <summary>A short hash of the corpus: part of every trained model's key, so a new corpus retrains.</summary>
    public static string Hash => Digest.Value;

    private static IReadOnlyList<LabeledExample> Load()
    {
        using var stream = typeof(SystemCorpus).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded corpus {ResourceName} missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Tsv.Parse(reader.ReadToEnd(), "system.tsv");
    }
}
